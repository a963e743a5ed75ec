package main

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// writeOutput runs write against stdout or the -o file. terminal says
// whether output goes to a terminal (for colour). A file is written under a
// temporary name beside it and renamed into place once complete, so a
// failure midway never leaves a truncated report where a good one was.
func writeOutput(cmd *cobra.Command, output string, write func(w io.Writer, terminal bool) error) error {
	if toStdout(output) {
		out := cmd.OutOrStdout()
		terminal := false
		if f, ok := out.(*os.File); ok {
			terminal = isatty.IsTerminal(f.Fd())
		}
		if err := write(out, terminal); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		return nil
	}
	if err := checkOutput(output); err != nil {
		return err
	}
	if st, err := os.Stat(output); err == nil && !st.Mode().IsRegular() {
		return writeSpecial(output, write)
	}
	// Write through a symbolic link to its target, rather than replace the
	// link with the new file.
	if real, err := filepath.EvalSymlinks(output); err == nil {
		output = real
	}
	dir, base := filepath.Split(output)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return outputError(output, err)
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(f.Name())
		return &exitError{code: exitUsage, err: err}
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw, false); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	// CreateTemp makes the file private; outputs are ordinary files.
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(f.Name(), output); err != nil {
		os.Remove(f.Name())
		return outputError(output, err)
	}
	return nil
}

// formatFromOutput sets format from the -o file's extension when
// --format was not given. An extension that names no format is an error
// rather than a silent default: report.txt holding HTML surprises.
func formatFromOutput(cmd *cobra.Command, output string, fromFile func(string) string, known []string, format *string) error {
	if cmd.Flags().Changed("format") || toStdout(output) {
		return nil
	}
	if f := fromFile(output); f != "" {
		*format = f
		return nil
	}
	if ext := filepath.Ext(output); ext != "" {
		return usageErrorHint("use --format ("+strings.Join(known, ", ")+") or one of their extensions",
			"cannot tell which format %s is to be: %s names none", output, ext)
	}
	return nil
}

// writeSpecial writes to an existing file that is not a regular file
// (/dev/null, /dev/stdout, a named pipe) in place: renaming a temporary
// file over it would replace the device with an ordinary file.
func writeSpecial(output string, write func(w io.Writer, terminal bool) error) error {
	f, err := os.OpenFile(output, os.O_WRONLY, 0)
	if err != nil {
		return outputError(output, err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw, false)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = outputError(output, cerr)
	}
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	return nil
}

// toStdout says whether -o names standard output: not given, or "-".
func toStdout(output string) bool { return output == "" || output == "-" }

// checkOutput says what is wrong with the -o path before any work is
// done: commands call it first, so a mistyped directory is reported at
// once, not after a long analysis.
func checkOutput(output string) error {
	if toStdout(output) {
		return nil
	}
	if st, err := os.Stat(output); err == nil && st.IsDir() {
		return usageErrorHint("name a file inside it, or another file",
			"cannot write %s: it is a directory", output)
	}
	dir := filepath.Dir(output)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageErrorHint("create it first (mkdir -p "+dir+") or choose another -o path",
			"cannot write %s: directory %s does not exist", output, dir)
	case err != nil:
		return outputError(output, err)
	case !st.IsDir():
		return usageErrorHint("choose another -o path", "cannot write %s: %s is not a directory", output, dir)
	}
	return nil
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

// writeBytes writes output made in memory to stdout or the -o file.
// Commands that make binary or large output render into memory first, so
// that a failure leaves no half-written file behind.
func writeBytes(cmd *cobra.Command, output string, data []byte) error {
	return writeOutput(cmd, output, func(w io.Writer, _ bool) error {
		_, err := w.Write(data)
		return err
	})
}
