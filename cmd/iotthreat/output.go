package main

import (
	"io"

	"github.com/spf13/cobra"
)

// writeBytes writes output made in memory to stdout or the -o file.
// Commands that make binary or large output render into memory first, so
// that a failure leaves no half-written file behind.
func writeBytes(cmd *cobra.Command, output string, data []byte) error {
	return writeOutput(cmd, output, func(w io.Writer, _ bool) error {
		_, err := w.Write(data)
		return err
	})
}
