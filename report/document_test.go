package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/compliance"
)

// loadDocument analyses an example model and builds its document with a
// fixed date, so that outputs are reproducible.
func loadDocument(t testing.TB, path string, opts DocumentOptions) *Document {
	t.Helper()
	res, diags, err := analysis.Run(path, analysis.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("analysis of %s: %v %v", path, err, diags)
	}
	if opts.Date == "" {
		opts.Date = "2026-01-15"
	}
	if opts.Version == "" {
		opts.Version = "test"
	}
	doc, err := NewDocument(res.Model, res.Report, opts)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDocumentReference(t *testing.T) {
	doc := loadDocument(t, "../examples/reference.yaml", DocumentOptions{})
	if len(doc.Findings) != doc.Summary.Total || len(doc.Findings) == 0 {
		t.Fatalf("findings %d, summary %d", len(doc.Findings), doc.Summary.Total)
	}
	// Every finding appears in exactly one section as the element's own or
	// the system's, or in one or two sections as a flow's end.
	seen := map[int]int{}
	for _, s := range doc.Sections {
		for _, i := range s.Findings {
			seen[i]++
		}
		for _, i := range s.FlowFindings {
			seen[i]++
		}
	}
	for i, f := range doc.Findings {
		n := seen[i]
		if n == 0 || n > 2 || (f.Target.Type != "flow" && n != 1) {
			t.Errorf("%s is in %d sections", f.ID, n)
		}
	}
	// The checklist is ordered by open weight and covers every finding
	// with controls.
	for i := 1; i < len(doc.Checklist); i++ {
		if doc.Checklist[i].Weight > doc.Checklist[i-1].Weight {
			t.Errorf("checklist out of order at %s", doc.Checklist[i].ID)
		}
	}
	if doc.DiagramSVG == nil {
		t.Errorf("no diagram: %s", doc.DiagramNote)
	}
	var etsi *compliance.Standard
	for i := range doc.Compliance.Standards {
		if doc.Compliance.Standards[i].ID == "etsi-en-303-645" {
			etsi = &doc.Compliance.Standards[i]
		}
	}
	if etsi == nil {
		t.Fatal("no ETSI coverage")
	}
	if etsi.Counts[compliance.Gap] == 0 {
		t.Errorf("reference model has no ETSI gaps: %v", etsi.Counts)
	}
	t.Logf("ETSI %v; %d checklist items, %d unguided", etsi.Counts, len(doc.Checklist), len(doc.Unguided))
}

// TestDocumentDetailed: the cap on findings written out in full, and the
// note that says so.
func TestDocumentDetailed(t *testing.T) {
	all := loadDocument(t, "../examples/reference.yaml", DocumentOptions{NoDiagram: true})
	if all.Detailed != len(all.Findings) || all.DetailNote() != "" {
		t.Errorf("reference: %d of %d detailed, note %q", all.Detailed, len(all.Findings), all.DetailNote())
	}
	capped := loadDocument(t, "../examples/reference.yaml", DocumentOptions{NoDiagram: true, MaxDetailed: 10})
	if capped.Detailed != 10 || !strings.Contains(capped.DetailNote(), "the 10 most severe of 83 findings") {
		t.Errorf("capped: %d detailed, note %q", capped.Detailed, capped.DetailNote())
	}
	every := loadDocument(t, "../examples/reference.yaml", DocumentOptions{NoDiagram: true, MaxDetailed: -1})
	if every.Detailed != len(every.Findings) {
		t.Errorf("-1: %d detailed", every.Detailed)
	}
	// The HTML writes out only the detailed findings and links only to them.
	var buf bytes.Buffer
	if err := HTML(&buf, capped); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if n := strings.Count(page, `<article class="finding"`); n != 10 {
		t.Errorf("%d finding articles, want 10", n)
	}
	last := capped.Findings[len(capped.Findings)-1].ID
	if strings.Contains(page, `href="#finding-`+strings.ReplaceAll(last, "@", "%40")+`"`) {
		t.Errorf("a link to %s, which is not written out", last)
	}
	if !strings.Contains(page, "the 10 most severe of 83 findings") {
		t.Error("no note in the HTML")
	}
}
