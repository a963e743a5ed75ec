package modeldiff

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/iotthreat/iotthreat/internal/reveal"
)

// TableOptions tune the terminal table.
type TableOptions struct {
	Color bool // ANSI colours for the kind of change (when stdout is a terminal)
}

var changeColor = map[string]string{"new": "\x1b[31m", "resolved": "\x1b[32m", "changed": "\x1b[33m"}

const colorReset = "\x1b[0m"

// Table writes the diff for a terminal: the finding changes as an aligned
// table (new, then resolved, then changed, each worst first), the model
// changes one per line (+ added, - removed, ~ changed field), and the
// summary line.
func Table(w io.Writer, d *Diff, opts TableOptions) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rows := 0
	row := func(change, severity, status, id, title string) {
		rows++
		if rows == 1 {
			fmt.Fprintln(tw, "CHANGE\tSEVERITY\tSTATUS\tFINDING\tTITLE")
		}
		if opts.Color {
			// Pad before colouring: tabwriter counts escape bytes as width.
			change = changeColor[change] + fmt.Sprintf("%-8s", change) + colorReset
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", change, severity, status, oneLine(id), truncate(oneLine(title), 60))
	}
	for _, f := range d.Findings.New {
		row("new", f.Severity, f.Status, f.ID, f.Title)
	}
	for _, f := range d.Findings.Resolved {
		row("resolved", f.Severity, f.Status, f.ID, f.Title)
	}
	for _, c := range d.Findings.Changed {
		row("changed", arrow(c.Old.Severity, c.New.Severity), arrow(c.Old.Status, c.New.Status), c.ID, c.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rows == 0 {
		fmt.Fprintln(w, "(no finding changes)")
	}
	fmt.Fprintln(w)
	lines := modelLines(d.Model)
	if len(lines) == 0 {
		fmt.Fprintln(w, "(no model changes)")
	}
	for _, l := range lines {
		if l.detail == "" {
			fmt.Fprintf(w, "%s %s\n", l.mark, oneLine(l.item))
		} else {
			fmt.Fprintf(w, "%s %s: %s\n", l.mark, oneLine(l.item), oneLine(l.detail))
		}
	}
	fmt.Fprintln(w)
	if err := tablePaths(w, d.Paths); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, SummaryLine(d))
	return err
}

// arrow shows a value that may have changed: "high", or "medium → high".
func arrow(a, b string) string {
	if a == b {
		return b
	}
	return a + " → " + b
}

// oneLine shows s on one line of a terminal as it is: hidden characters
// (bidirectional controls, zero-width spaces) and control characters
// such as ESC are written as <U+XXXX>, line breaks and tabs (which
// tabwriter would take for a column) as spaces.
func oneLine(s string) string {
	s = reveal.String(s)
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
