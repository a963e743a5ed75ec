package publish

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
)

// TestWriteEveryFormat writes the reference document in every format and
// finds each format's signature at the start of the output.
func TestWriteEveryFormat(t *testing.T) {
	doc := doctest.Reference(t)
	starts := map[string]string{"html": "<!DOCTYPE html>", "pdf": "%PDF-1.", "csv": "id,rule,title,", "xlsx": "PK\x03\x04"}
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, format, doc, Options{}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		want, ok := starts[format]
		if !ok {
			t.Fatalf("no signature for format %s: add one to this test", format)
		}
		if !strings.HasPrefix(buf.String(), want) {
			t.Errorf("%s starts %q, want %q", format, buf.String()[:min(buf.Len(), 20)], want)
		}
		if FormatForFile("report."+strings.ToUpper(format)) != format {
			t.Errorf("report.%s does not ask for %s", strings.ToUpper(format), format)
		}
	}
	if err := Write(&bytes.Buffer{}, "docx", doc, Options{}); err == nil || !strings.Contains(err.Error(), "want html, pdf, csv, xlsx") {
		t.Errorf("an unknown format gave %v", err)
	}
}

// TestWriteWarnsOnlyForPDF: text the PDF fonts lack is warned about by
// the PDF (see package pdf's TestPDFWarnsMissingGlyphs); the other
// formats draw every character and say nothing.
func TestWriteWarnsOnlyForPDF(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: 1})
	doc.System.Name = "スマート ☁\ufe0f 👨\u200d👩"
	for _, format := range Formats {
		var warned []string
		opts := Options{Warn: func(s string) { warned = append(warned, s) }}
		if err := Write(&bytes.Buffer{}, format, doc, opts); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if want := format == "pdf"; (len(warned) > 0) != want {
			t.Errorf("%s: warnings %q", format, warned)
		}
	}
}
