// Package outfile writes a command's output file (-o) so that writing
// never destroys what it should not:
//
//   - a plain file is written under a temporary name beside it and renamed
//     into place once complete, so that a failure, or an interrupt (SIGINT,
//     SIGTERM), leaves the previous file as it was and no temporary file
//     behind;
//   - what is not a plain file (a device, a named pipe, a descriptor such
//     as /dev/stdout) is written in place, never replaced by a file;
//   - a symbolic link is followed, and its target written;
//   - a file the command reads (the model, a file it includes, a tracking
//     or rule file) is refused, however it is named: through a link, a
//     hard link or another spelling of the path;
//   - with Options.Keep, an existing file is refused (generate without
//     --force).
//
// Problems are *Error values that name the path as the user wrote it, with
// a hint; the command line exits 2 on them.
package outfile
