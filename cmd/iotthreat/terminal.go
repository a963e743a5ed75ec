package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// isTerminal reports whether w is a terminal: tables are coloured and the
// progress line is drawn only there, and binary output (PNG, PDF, XLSX)
// is refused there rather than dumped on the screen.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}
