package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
)

// squeezedText writes doc as PDF and reads its text back with pdftotext
// (tool), spaces taken out: lines wrap anywhere in a table.
func squeezedText(t *testing.T, tool string, doc *document.Document) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, writePDFBytes(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return squeeze(string(out))
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// TestPDFAttackPaths reads the reference report's text back with
// pdftotext: the "Attack paths" chapter names each path it shows and the
// first choke point, and the checklist says which paths a control breaks.
func TestPDFAttackPaths(t *testing.T) {
	tool := poppler(t, "pdftotext")
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	if len(doc.Paths.Paths) == 0 || len(doc.Paths.ChokePoints) == 0 {
		t.Fatal("the reference example has no attack path: the test would prove nothing")
	}
	text := squeezedText(t, tool, doc)
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

// TestPDFPathsLeftOut: the entry points and targets the model's
// attack_paths block leaves out are listed in the chapter with their
// reasons.
func TestPDFPathsLeftOut(t *testing.T) {
	tool := poppler(t, "pdftotext")
	src, err := os.ReadFile(doctest.Example(t, "reference.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(t.TempDir(), "reference.yaml")
	block := "attack_paths:\n  not_entries:\n    - {id: physical, reason: units are installed out of reach}\n"
	if err := os.WriteFile(model, append(src, []byte(block)...), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := doctest.Load(t, model, document.Options{})
	if len(doc.Paths.Excluded) != 1 || len(doc.Paths.Paths) == 0 {
		t.Fatalf("excluded %+v", doc.Paths.Excluded)
	}
	text := squeezedText(t, tool, doc)
	for _, want := range []string{"Leftoutbythemodel", "entryphysicalleftout:unitsareinstalledoutofreach(",
		fmt.Sprintf("reference.yaml:%d:7)", bytes.Count(src, []byte("\n"))+3)} {
		if !strings.Contains(text, want) {
			_, after, _ := strings.Cut(text, "Leftoutbythemodel")
			t.Errorf("the PDF does not say %q: %.300s", want, after)
		}
	}
}
