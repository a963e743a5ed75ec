package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// checkOutput says what is wrong with the -o path before any work is
// done: commands call it first, so a mistyped directory is reported at
// once, not after a long analysis. Messages name the path as the user
// wrote it.
func checkOutput(output string) error {
	if toStdout(output) || descriptorPath(output) {
		return nil
	}
	_, err := outputTarget(output)
	return err
}

// outputTarget is the file -o output leads to once symbolic links are
// followed, or what is wrong with it.
func outputTarget(output string) (string, error) {
	target, err := resolveOutput(output)
	if err != nil {
		return "", outputError(output, err)
	}
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		return "", usageErrorHint("name a file inside it, or another file",
			"cannot write %s: it is a directory", output)
	}
	dir := filepath.Dir(target)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", usageErrorHint("create it first (mkdir -p "+dir+") or choose another -o path",
			"cannot write %s: directory %s does not exist", output, dir)
	case err != nil:
		return "", outputError(output, err)
	case !st.IsDir():
		return "", usageErrorHint("choose another -o path", "cannot write %s: %s is not a directory", output, dir)
	}
	return target, nil
}

// maxLinks bounds how many symbolic links resolveOutput follows, as the
// system does (ELOOP).
const maxLinks = 40

// resolveOutput follows symbolic links from path to the file they name,
// existing or not: writing through a link writes its target, and a link
// to a file not yet written creates it. A loop is an error.
func resolveOutput(path string) (string, error) {
	for range maxLinks {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			// Not there, or not a link: the checks that follow say
			// what, if anything, is wrong with it.
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// descriptorPath reports whether path names an open descriptor or a
// device (/dev/stdout, /dev/fd/3, /proc/self/fd/1, /dev/null): what it
// leads to must be written in place, never replaced.
func descriptorPath(path string) bool {
	clean := filepath.ToSlash(filepath.Clean(path))
	return strings.HasPrefix(clean, "/dev/") || strings.HasPrefix(clean, "/proc/")
}

// sameFile reports whether path is the file f is open on (-o /dev/stdout,
// or -o log.txt while stdout is appended to log.txt).
func sameFile(path string, f *os.File) bool {
	if toStdout(path) || f == nil {
		return false
	}
	a, err := os.Stat(path)
	if err != nil {
		return false
	}
	b, err := f.Stat()
	return err == nil && os.SameFile(a, b)
}

// outputError describes a failure to write the -o file by the user's path,
// not the temporary file's.
func outputError(output string, err error) error {
	var pathErr *fs.PathError
	var linkErr *os.LinkError
	switch {
	case errors.As(err, &pathErr):
		err = pathErr.Err
	case errors.As(err, &linkErr):
		err = linkErr.Err
	}
	if errors.Is(err, fs.ErrPermission) {
		return usageErrorHint("choose a directory you can write to", "cannot write %s: permission denied in %s", output, filepath.Dir(output))
	}
	return usageError("cannot write %s: %v", output, err)
}
