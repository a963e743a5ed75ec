package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/reveal"
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
//
// Columns are measured first and then written padded: a large model has
// a hundred thousand rows, which text/tabwriter took 0.4 s to align, and
// colour codes must not count towards a column's width.
func Table(w io.Writer, rep *engine.Report, opts TableOptions) error {
	rows := [][3]string{{"SEVERITY", "STATUS", "FINDING"}}
	titles := []string{"TITLE"}
	var severities []string
	for _, f := range rep.Findings {
		if !opts.All && f.Status != "open" && f.Status != "in-progress" {
			continue
		}
		rows = append(rows, [3]string{f.Severity, f.Status, terminalText(f.ID)})
		titles = append(titles, truncate(terminalText(f.Title), 70))
		severities = append(severities, f.Severity)
	}
	var width [3]int
	for _, r := range rows {
		for c, cell := range r {
			width[c] = max(width[c], utf8.RuneCountInString(cell))
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for i, r := range rows {
		for c, cell := range r {
			pad := width[c] + 2 - utf8.RuneCountInString(cell)
			if c == 0 && i > 0 && opts.Color {
				cell = severityColor[severities[i-1]] + cell + colorReset
			}
			bw.WriteString(cell)
			bw.WriteString(strings.Repeat(" ", pad))
		}
		bw.WriteString(titles[i])
		bw.WriteByte('\n')
	}
	if len(rows) == 1 {
		bw.WriteString("(no open findings)\n")
	}
	bw.WriteString(SummaryLine(rep) + "\n")
	return bw.Flush()
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

// terminalText shows s on one line of a terminal as it is: hidden
// characters (bidirectional controls, zero-width spaces) and control
// characters such as ESC, which would reorder, hide or repaint what is
// shown, are written as <U+XXXX>, and line breaks and tabs as spaces.
func terminalText(s string) string {
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
