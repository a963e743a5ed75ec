package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// Gate returns the findings that fail a CI gate: open or in-progress (an
// expired acceptance is open again) with a severity at or above threshold.
func Gate(rep *engine.Report, threshold string) []engine.Finding {
	floor := engine.LevelRank(threshold)
	var out []engine.Finding
	for _, f := range rep.Findings {
		if (f.Status == "open" || f.Status == "in-progress") && engine.LevelRank(f.Severity) >= floor {
			out = append(out, f)
		}
	}
	return out
}

// GateSummary writes check's output: one line saying whether the gate
// passed, then the offending findings, one per line.
func GateSummary(w io.Writer, rep *engine.Report, threshold string, failing []engine.Finding) {
	if len(failing) == 0 {
		fmt.Fprintf(w, "check passed: no open findings at or above %s (%s)\n", threshold, SummaryLine(rep))
		return
	}
	counts := map[string]int{}
	for _, f := range failing {
		counts[f.Severity]++
	}
	var parts []string
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		if n := counts[engine.Levels[i]]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, engine.Levels[i]))
		}
	}
	fmt.Fprintf(w, "check failed: %d open %s at or above %s (%s)\n", len(failing), plural(len(failing), "finding", "findings"), threshold, strings.Join(parts, ", "))
	for _, f := range failing {
		extra := ""
		if f.Tracking.Expired {
			extra = " (acceptance expired " + f.Tracking.Until + ")"
		}
		fmt.Fprintf(w, "%s:%d: %s %s: %s%s\n", f.Source.File, f.Source.Line, f.Severity, f.ID, f.Title, extra)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
