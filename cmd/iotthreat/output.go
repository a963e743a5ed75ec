package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// writeOutput runs write against stdout or the -o file. terminal says
// whether output goes to a terminal (for colour).
//
// A file is written under a temporary name beside it and renamed into
// place once complete, so a failure midway never leaves a truncated
// report where a good one was. What is not a plain file is written in
// place: a device, a named pipe, a descriptor (/dev/stdout,
// /proc/self/fd/N), which renaming would replace with a file.
func writeOutput(cmd *cobra.Command, output string, write func(w io.Writer, terminal bool) error) error {
	if toStdout(output) || sameFile(output, os.Stdout) {
		return writeTo(cmd.OutOrStdout(), write)
	}
	if descriptorPath(output) {
		return writeInPlace(output, output, write)
	}
	target, err := outputTarget(output)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return writeInPlace(output, target, write)
	case err == nil && st.Mode().Perm()&0o222 == 0:
		return usageErrorHint("make it writable or remove it, or choose another -o path",
			"cannot write %s: the file is read-only", output)
	case err == nil:
		return replaceFile(output, target, st.Mode().Perm(), write)
	}
	return replaceFile(output, target, 0, write)
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

// toStdout says whether -o names standard output: not given, or "-".
func toStdout(output string) bool { return output == "" || output == "-" }

// writeBytes writes output made in memory to stdout or the -o file.
// Commands that make binary or large output render into memory first, so
// that a failure leaves no half-written file behind.
func writeBytes(cmd *cobra.Command, output string, data []byte) error {
	return writeOutput(cmd, output, func(w io.Writer, _ bool) error {
		_, err := w.Write(data)
		return err
	})
}
