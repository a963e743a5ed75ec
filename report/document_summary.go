package report

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/vocab"
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
			parts = append(parts, thousands(open[sev])+" "+sev)
		}
	}
	return fmt.Sprintf("%s, %s open: %s", s, thousands(total), strings.Join(parts, ", "))
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

// strideCategories lists the STRIDE categories in the vocabulary's order
// (the acronym's), then any other category the open findings use
// (a model's own rules may add some), sorted. Every report orders its
// STRIDE counts this way.
func strideCategories(d *Document) []string {
	return orderedKeys(vocab.Builtin().TermIDs("stride"), func(add func(string)) {
		for k := range d.ByStride {
			add(k)
		}
	})
}

// orderedKeys lists the known keys in their order, then any other key
// that collect reports, sorted, so that nothing a document holds is lost.
func orderedKeys(known []string, collect func(add func(string))) []string {
	out := append([]string{}, known...)
	seen := map[string]bool{}
	for _, k := range known {
		seen[k] = true
	}
	var extra []string
	collect(func(k string) {
		if !seen[k] {
			seen[k] = true
			extra = append(extra, k)
		}
	})
	sort.Strings(extra)
	return append(out, extra...)
}
