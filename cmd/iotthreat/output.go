package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/internal/outfile"
)

// writeOutput runs write against stdout or the -o file. terminal says
// whether output goes to a terminal (for colour). opts name the files the
// command read, which the output must never replace, and whether an
// existing file is kept (package outfile says how a file is written).
func writeOutput(cmd *cobra.Command, output string, opts outfile.Options, write func(w io.Writer, terminal bool) error) error {
	if toStdout(output) || sameFile(output, os.Stdout) {
		if err := outfile.CheckStdout(cmd.OutOrStdout(), opts.Inputs); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		return writeTo(cmd.OutOrStdout(), write)
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	return outputExit(outfile.Write(ctx, output, opts, func(w io.Writer) error { return write(w, false) }))
}

// checkOutput says what is wrong with the -o path before any work is
// done: a missing directory, or an output that would replace an input.
func checkOutput(output string, opts outfile.Options) error {
	return outputExit(outfile.Check(output, opts))
}

// outputExit gives an output error its exit status: 2, or 128 plus the
// signal's number when a signal stopped the write, as shells report a
// process a signal ended.
func outputExit(err error) error {
	if err == nil {
		return nil
	}
	var in *outfile.Interrupted
	if errors.As(err, &in) {
		code := 128 + int(syscall.SIGINT)
		if s, ok := in.Signal.(syscall.Signal); ok {
			code = 128 + int(s)
		}
		return &exitError{code: code, err: err}
	}
	return &exitError{code: exitUsage, err: err}
}

// writeTo runs write against stdout.
func writeTo(out io.Writer, write func(w io.Writer, terminal bool) error) error {
	if err := write(out, isTerminal(out)); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	return nil
}

// formatFromOutput sets format from the -o file's extension when
// --format was not given. An extension that names no format is an error
// rather than a silent default: report.txt holding HTML surprises. So is
// an extension that names another format than --format: -o r.html
// --format csv would write CSV into r.html.
func formatFromOutput(cmd *cobra.Command, output string, fromFile func(string) string, known []string, format *string) error {
	if toStdout(output) {
		return nil
	}
	named := fromFile(output)
	if cmd.Flags().Changed("format") {
		if named != "" && !formatFits(named, *format) {
			return usageErrorHint("drop --format to write "+named+", or give the file an extension that fits "+*format,
				"-o %s names format %s, but --format is %s", output, named, *format)
		}
		return nil
	}
	if named != "" {
		*format = named
		return nil
	}
	if ext := filepath.Ext(output); ext != "" {
		return usageErrorHint("use --format ("+strings.Join(known, ", ")+") or one of their extensions",
			"cannot tell which format %s is to be: %s names none", output, ext)
	}
	return nil
}

// formatFits says whether a file whose extension names format named may
// hold format: the same one, SARIF in a .json file (it is JSON, and code
// scanning uploads take either), or any findings format in a .txt file
// (they are all text).
func formatFits(named, format string) bool {
	return named == format || (named == "json" && format == "sarif") || named == "table"
}

// toStdout says whether -o names standard output: not given, or "-".
func toStdout(output string) bool { return outfile.IsStdout(output) }

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

// writeBytes writes output made in memory to stdout or the -o file.
// Commands that make binary or large output render into memory first, so
// that a failure leaves no half-written file behind.
func writeBytes(cmd *cobra.Command, output string, opts outfile.Options, data []byte) error {
	return writeOutput(cmd, output, opts, func(w io.Writer, _ bool) error {
		_, err := w.Write(data)
		return err
	})
}
