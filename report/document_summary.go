package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// worstFirst lists the severities from critical to low.
func worstFirst() []string {
	s := slices.Clone(engine.Levels)
	slices.Reverse(s)
	return s
}

// openBySeverity counts open and in-progress findings by severity: the
// work still to do, as compliance.IsOpen defines it.
func openBySeverity(d *Document) (map[string]int, int) {
	out := map[string]int{}
	total := 0
	for sev, byStatus := range d.Matrix {
		n := byStatus["open"] + byStatus["in-progress"]
		out[sev] = n
		total += n
	}
	return out, total
}

// headline sums the document up in one line: "83 findings, 61 open: 1
// critical, 12 high, 45 medium, 3 low".
func headline(d *Document) string {
	if len(d.Findings) == 0 {
		return "No findings"
	}
	open, total := openBySeverity(d)
	s := countOf(len(d.Findings), "finding")
	if total == 0 {
		return s + ", none open"
	}
	var parts []string
	for _, sev := range worstFirst() {
		if open[sev] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", open[sev], sev))
		}
	}
	return fmt.Sprintf("%s, %d open: %s", s, total, strings.Join(parts, ", "))
}

// countOf spells a count of a regular noun: "1 finding", "2 findings".
func countOf(n int, word string) string { return count(n, word, word+"s") }

// thousands writes n with thin separators: 120000 → "120,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
