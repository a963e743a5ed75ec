package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
)

func TestDocumentReference(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
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
// note that says so. (TestHTMLDetailed checks what the page does with it.)
func TestDocumentDetailed(t *testing.T) {
	reference := doctest.Example(t, "reference.yaml")
	all := doctest.Load(t, reference, document.Options{NoDiagram: true})
	if all.Detailed != len(all.Findings) || all.DetailNote() != "" {
		t.Errorf("reference: %d of %d detailed, note %q", all.Detailed, len(all.Findings), all.DetailNote())
	}
	capped := doctest.Load(t, reference, document.Options{NoDiagram: true, MaxDetailed: 10})
	if capped.Detailed != 10 || !strings.Contains(capped.DetailNote(), fmt.Sprintf("the 10 most severe of %d findings", len(all.Findings))) {
		t.Errorf("capped: %d detailed, note %q", capped.Detailed, capped.DetailNote())
	}
	every := doctest.Load(t, reference, document.Options{NoDiagram: true, MaxDetailed: -1})
	if every.Detailed != len(every.Findings) {
		t.Errorf("-1: %d detailed", every.Detailed)
	}
}
