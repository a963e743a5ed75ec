package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/iotthreat/iotthreat/engine"
)

// TableOptions tune the terminal table.
type TableOptions struct {
	Color bool // ANSI colours for severities (when stdout is a terminal)
	All   bool // include mitigated, accepted and false-positive findings
}

var severityColor = map[string]string{
	"critical": "\x1b[1;31m", "high": "\x1b[31m", "medium": "\x1b[33m", "low": "\x1b[36m",
}

const colorReset = "\x1b[0m"

// Table writes findings as an aligned table, worst first, followed by a
// summary line. Without All, only open and in-progress findings are
// listed; the summary still counts every finding.
func Table(w io.Writer, rep *engine.Report, opts TableOptions) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEVERITY\tSTATUS\tFINDING\tTITLE")
	shown := 0
	for _, f := range rep.Findings {
		if !opts.All && f.Status != "open" && f.Status != "in-progress" {
			continue
		}
		shown++
		sev := f.Severity
		if opts.Color {
			// Pad before colouring: tabwriter counts escape bytes as width.
			sev = severityColor[f.Severity] + fmt.Sprintf("%-8s", f.Severity) + colorReset
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", sev, f.Status, f.ID, truncate(f.Title, 70))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if shown == 0 {
		fmt.Fprintln(w, "(no open findings)")
	}
	_, err := fmt.Fprintln(w, SummaryLine(rep))
	return err
}

// SummaryLine is a one-line count of the findings by severity and status.
func SummaryLine(rep *engine.Report) string {
	s := rep.Summary
	var sev []string
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		l := engine.Levels[i]
		sev = append(sev, fmt.Sprintf("%d %s", s.BySeverity[l], l))
	}
	var st []string
	for _, status := range engine.Statuses {
		if n := s.ByStatus[status]; n > 0 {
			st = append(st, fmt.Sprintf("%d %s", n, status))
		}
	}
	line := fmt.Sprintf("%d findings (%s)", s.Total, strings.Join(sev, ", "))
	if len(st) > 0 {
		line += ": " + strings.Join(st, ", ")
	}
	if n := len(rep.Orphaned); n > 0 {
		line += fmt.Sprintf("; %d tracking entries match no finding", n)
	}
	return line
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
