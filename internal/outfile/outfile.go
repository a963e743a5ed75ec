package outfile

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Error is a problem with the output path, said by the user's name for
// it, with a hint on the next line when there is one (as diagnostics show
// theirs).
type Error struct {
	Msg  string
	Hint string
}

func (e *Error) Error() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + "\n\thint: " + e.Hint
}

func errorf(hint, format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Input is a file the command reads. The output must never replace it:
// `report model.yaml -o model.yaml` would destroy the model.
type Input struct {
	Path string // as the user or the loader names it
	Role string // what it is, for messages: "the model", "the tracking file", …
}

// Options say what the output may not replace.
type Options struct {
	Inputs []Input
	// Keep refuses to replace an existing plain file: for output that
	// people go on to edit, such as a generated model, as `init` keeps
	// the files it would write.
	Keep bool
}

// IsStdout says whether -o names standard output: not given, or "-".
func IsStdout(path string) bool { return path == "" || path == "-" }

// Check says what is wrong with writing path before any work is done:
// commands call it first, so that a mistyped directory or an output that
// would replace an input is reported at once, not after a long analysis.
// Write checks again, with the inputs known by then.
func Check(path string, opts Options) error {
	if IsStdout(path) {
		return nil
	}
	target := path
	if !descriptorPath(path) {
		var err error
		if target, err = Target(path); err != nil {
			return err
		}
	}
	if err := checkInputs(path, opts.Inputs); err != nil {
		return err
	}
	if opts.Keep && !descriptorPath(path) {
		// A descriptor (-o /dev/stdout) is written in place, never
		// replaced: what it leads to is the caller's redirection.
		if st, err := os.Stat(target); err == nil && st.Mode().IsRegular() {
			return existsError(path)
		}
	}
	return nil
}

// Write runs write against the file path names (not standard output: the
// caller writes that itself, see CheckStdout). write gets a buffered
// writer; Write flushes it.
//
// When write fails, or ctx ends, or the process is sent SIGINT or SIGTERM
// while a plain file is being written, the temporary file is removed at
// once and the previous file, if any, is left as it was. The error is then
// the cause: ctx's, or an *Interrupted naming the signal. A second signal
// ends the process the default way (the temporary file is gone by then).
func Write(ctx context.Context, path string, opts Options, write func(w io.Writer) error) error {
	if err := Check(path, opts); err != nil {
		return err
	}
	if descriptorPath(path) {
		return writeInPlace(path, path, write)
	}
	target, err := Target(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return writeInPlace(path, target, write)
	case err == nil && st.Mode().Perm()&0o222 == 0:
		return errorf("make it writable or remove it, or choose another -o path",
			"cannot write %s: the file is read-only", path)
	case err == nil:
		return replace(ctx, path, target, st.Mode().Perm(), opts.Keep, write)
	}
	return replace(ctx, path, target, 0, opts.Keep, write)
}

func existsError(path string) *Error {
	return errorf("use --force to replace it, or choose another -o path", "cannot write %s: the file exists", path)
}
