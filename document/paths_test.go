package document_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
)

// TestDocumentPaths checks the attack paths a report shows: the worst
// paths, worst first, capped, and each choke point fed into the
// checklist entry of every control it declares.
func TestDocumentPaths(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	a := doc.Paths
	if a.Found == 0 || a.Critical == 0 || len(a.Paths) == 0 || len(a.Paths) > document.MaxReportPaths {
		t.Fatalf("reference: %d paths found (%d critical), %d shown", a.Found, a.Critical, len(a.Paths))
	}
	if a.Found > document.MaxReportPaths && len(a.Paths) != document.MaxReportPaths {
		t.Errorf("%d paths shown of %d, want %d", len(a.Paths), a.Found, document.MaxReportPaths)
	}
	if a.Paths[0].Risk != "critical" {
		t.Errorf("the first path is %s, want the worst (critical)", a.Paths[0].Risk)
	}
	if !strings.Contains(a.Summary(), " critical, ") {
		t.Errorf("summary %q", a.Summary())
	}
	if len(a.ChokePoints) == 0 {
		t.Fatal("reference: no choke point")
	}
	fed := 0
	for _, c := range a.ChokePoints {
		for _, id := range c.Controls {
			i := slices.IndexFunc(doc.Checklist, func(it document.ChecklistItem) bool { return it.ID == id })
			if i < 0 {
				continue // a control no finding lists: no checklist entry to feed
			}
			if !slices.Contains(doc.Checklist[i].Breaks, c.Summary()) {
				t.Errorf("checklist entry %s lacks %q", id, c.Summary())
			}
			fed++
		}
	}
	if fed == 0 {
		t.Error("no choke point reached the checklist")
	}
	for _, it := range doc.Checklist {
		for _, b := range it.Breaks {
			if !strings.Contains(b, it.ID) || !strings.Contains(b, ": breaks ") {
				t.Errorf("checklist entry %s says %q", it.ID, b)
			}
		}
	}

	hard := doctest.Load(t, doctest.Example(t, "reference-hardened.yaml"), document.Options{})
	if hard.Paths.Found != 0 || len(hard.Paths.ChokePoints) != 0 {
		t.Errorf("hardened: %d paths, %d choke points", hard.Paths.Found, len(hard.Paths.ChokePoints))
	}
	if !strings.HasPrefix(hard.Paths.Summary(), "No attack path links") {
		t.Errorf("hardened summary %q", hard.Paths.Summary())
	}
	for _, it := range hard.Checklist {
		if len(it.Breaks) > 0 {
			t.Errorf("hardened: checklist entry %s breaks paths: %v", it.ID, it.Breaks)
		}
	}
}
