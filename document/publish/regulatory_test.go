package publish

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/engine"
)

// TestWriteRegulatoryText writes each kind of regulatory document in the
// text formats this package dispatches to package regulatory, and refuses
// a format it does not offer. (HTML, PDF and XLSX are tested in their own
// packages.)
func TestWriteRegulatoryText(t *testing.T) {
	res, diags, err := analysis.Run(filepath.Join("..", "..", "examples", "reference.yaml"), analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	starts := map[string]string{"markdown": "# ", "json": "{\n  \"kind\": "}
	for _, kind := range regulatory.Kinds {
		d, err := regulatory.New(res.Model, res.Report, kind, regulatory.Options{Date: "2026-11-26", NoDiagram: true})
		if err != nil {
			t.Fatal(err)
		}
		for format, want := range starts {
			var buf bytes.Buffer
			if err := WriteRegulatory(&buf, format, d, Options{}); err != nil {
				t.Fatalf("%s %s: %v", kind, format, err)
			}
			if !strings.HasPrefix(buf.String(), want) {
				t.Errorf("%s %s starts %q, want %q", kind, format, buf.String()[:min(buf.Len(), 20)], want)
			}
		}
		if err := WriteRegulatory(&bytes.Buffer{}, "csv", d, Options{}); err == nil || !strings.Contains(err.Error(), "want html, pdf, markdown, json, xlsx") {
			t.Errorf("csv gave %v", err)
		}
	}
	for name, want := range map[string]string{"a.md": "markdown", "a.JSON": "json", "a.html": "html", "a.pdf": "pdf", "a.xlsx": "xlsx", "a.txt": ""} {
		if got := RegulatoryFormatForFile(name); got != want {
			t.Errorf("RegulatoryFormatForFile(%q) = %q, want %q", name, got, want)
		}
	}
	if FormatForFile("a.md") != "" || FormatForFile("a.json") != "" {
		t.Error("the findings report takes .md or .json")
	}
}
