package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
)

// TestPDFAttackPaths reads the reference report's text back with
// pdftotext: the "Attack paths" chapter names each path it shows and the
// first choke point, and the checklist says which paths a control breaks.
func TestPDFAttackPaths(t *testing.T) {
	tool := poppler(t, "pdftotext")
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	if len(doc.Paths.Paths) == 0 || len(doc.Paths.ChokePoints) == 0 {
		t.Fatal("the reference example has no attack path: the test would prove nothing")
	}
	file := filepath.Join(t.TempDir(), "reference.pdf")
	if err := os.WriteFile(file, writePDFBytes(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// Lines wrap anywhere in a table: compare with the spaces taken out.
	text := strings.Join(strings.Fields(string(out)), "")
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	_, chapter, ok := strings.Cut(text, squeeze(doc.Paths.Summary()))
	if !ok {
		t.Fatal("no attack paths chapter with its summary")
	}
	chapter, _, _ = strings.Cut(chapter, "Findingsbyelement")
	for _, p := range doc.Paths.Paths {
		if !strings.Contains(chapter, p.ID) {
			t.Errorf("path %s is not in the chapter", p.ID)
		}
	}
	if first := squeeze(doc.Paths.ChokePoints[0].Summary()); !strings.Contains(chapter, first) {
		t.Errorf("the first choke point %q is not in the chapter", doc.Paths.ChokePoints[0].Summary())
	}
	if !strings.Contains(text, "Attackpaths:declare") {
		t.Error("the checklist does not say which attack paths a control breaks")
	}
}
