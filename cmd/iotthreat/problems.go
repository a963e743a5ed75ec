package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/modeldiff"
)

// printProblems writes a model's diagnostics to w, one a line, then
// "PATH: N problems", and returns the exit status for an invalid model
// (1); with no diagnostics it writes nothing and returns nil. Every
// command that loads a model reports its problems this way, as validate
// does.
func printProblems(w io.Writer, path string, diags diag.List) error {
	if len(diags) == 0 {
		return nil
	}
	for _, d := range diags {
		fmt.Fprintln(w, d.String())
	}
	fmt.Fprintf(w, "%s: %s\n", path, count(len(diags), "problem", "problems"))
	return &exitError{code: exitInvalid}
}

// describeReadError says why an input named file could not be read (a
// usage or I/O error, exit 2, never a model problem). A missing file is
// "PATH: no such file", naming the file the error names when it names one
// (a --tracking file rather than the model), else file. A git error
// (REV:path) already names the spec and carries git's own explanation,
// so it is kept whole. Any other error is its own text, after
// "file: cannot read: " when nameFile is set: validate checks several
// files and each line must say which one it is about.
func describeReadError(file string, err error, nameFile bool) string {
	var gitErr *modeldiff.GitError
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &gitErr):
		return err.Error()
	case errors.Is(err, fs.ErrNotExist):
		if errors.As(err, &pathErr) {
			file = pathErr.Path
		}
		return file + ": no such file"
	case nameFile:
		return fmt.Sprintf("%s: cannot read: %v", file, err)
	}
	return err.Error()
}

// count writes n with the singular or plural noun: "1 problem", "3 problems".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
