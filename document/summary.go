package document

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/vocab"
)

// The summaries every format of a document shows alike: severities worst
// first, open counts, the headline, numbers with thousands separators and
// the STRIDE categories in their usual order. Defined once so that the
// HTML page, the PDF and the workbook cannot disagree.

// WorstFirst lists the severities from critical to low.
func WorstFirst() []string {
	s := slices.Clone(engine.Levels)
	slices.Reverse(s)
	return s
}

// OpenBySeverity counts open and in-progress findings by severity, and
// in all: the work still to do, as compliance.IsOpen defines it.
func (d *Document) OpenBySeverity() (map[string]int, int) {
	out := map[string]int{}
	total := 0
	for sev, byStatus := range d.Matrix {
		n := byStatus["open"] + byStatus["in-progress"]
		out[sev] = n
		total += n
	}
	return out, total
}

// Headline sums the document up in one line: "83 findings, 61 open: 1
// critical, 12 high, 45 medium, 3 low".
func (d *Document) Headline() string {
	if len(d.Findings) == 0 {
		return "No findings"
	}
	open, total := d.OpenBySeverity()
	s := countOf(len(d.Findings), "finding")
	if total == 0 {
		return s + ", none open"
	}
	var parts []string
	for _, sev := range WorstFirst() {
		if open[sev] > 0 {
			parts = append(parts, Thousands(open[sev])+" "+sev)
		}
	}
	return fmt.Sprintf("%s, %s open: %s", s, Thousands(total), strings.Join(parts, ", "))
}

// Count spells a number with its noun: "1 finding", "3 findings".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(n) + " " + many
}

// countOf spells a count of a regular noun: "1 finding", "2 findings".
func countOf(n int, word string) string { return Count(n, word, word+"s") }

// Thousands writes n with thin separators: 120000 → "120,000".
func Thousands(n int) string {
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

// StrideCategories lists the STRIDE categories in the vocabulary's order
// (the acronym's), then any other category the open findings use
// (a model's own rules may add some), sorted. Every report orders its
// STRIDE counts this way.
func (d *Document) StrideCategories() []string {
	return orderedKeys(vocab.Builtin().TermIDs("stride"), func(add func(string)) {
		for k := range d.ByStride {
			add(k)
		}
	})
}

// MatrixSeverities are the rows of Matrix in order: the severities worst
// first, then any other severity it counts, sorted.
func (d *Document) MatrixSeverities() []string {
	return orderedKeys(WorstFirst(), func(add func(string)) {
		for k := range d.Matrix {
			add(k)
		}
	})
}

// MatrixStatuses are the columns of Matrix in order: engine.Statuses,
// then any other status it counts, sorted.
func (d *Document) MatrixStatuses() []string {
	return orderedKeys(engine.Statuses, func(add func(string)) {
		for _, byStatus := range d.Matrix {
			for k := range byStatus {
				add(k)
			}
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
