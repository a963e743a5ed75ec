package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// writeOutput runs write against stdout or the -o file. terminal says
// whether output goes to a terminal (for colour). A file is written under a
// temporary name beside it and renamed into place once complete, so a
// failure midway never leaves a truncated report where a good one was.
func writeOutput(cmd *cobra.Command, output string, write func(w io.Writer, terminal bool) error) error {
	if output == "" {
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
	dir, base := filepath.Split(output)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return usageError("%v", err)
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
		return usageError("%v", err)
	}
	return nil
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
