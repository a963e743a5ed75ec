package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
)

// Edge cases of the PDF, found by using the report
// command on large, multilingual and hostile models.

// TestPDFDetailNote: the PDF writes out the most severe findings and only
// counts the rest, so its note must not say the rest are listed by title.
func TestPDFDetailNote(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: 3})
	p := parsePDF(t, writePDFBytes(t, doc))
	if p.hasText("listed by title") {
		t.Error("the PDF says findings it leaves out are listed by title")
	}
	if want := "and leaves the other " + document.Thousands(len(doc.Findings)-3) + " out"; !p.hasText(want) {
		t.Errorf("no text %q", want)
	}
}

// TestPDFFindingTableAllOmitted: an element none of whose findings is
// written out in full gets the count alone, not a table header without
// rows above it.
func TestPDFFindingTableAllOmitted(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: 1})
	p, err := newPDFWriter(doc, pdfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p.f.AddPage()
	y := p.f.GetY()
	p.findingTable([]int{5, 6, 7})
	table := p.f.GetY() - y
	y = p.f.GetY()
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "3 less severe findings not written out in this report; the CSV, XLSX and JSON outputs list them.")
	note := p.f.GetY() - y
	if table > note+0.01 {
		t.Errorf("three omitted findings take %.1f mm, the note alone %.1f mm: an empty table is drawn", table, note)
	}
}

// TestPDFComposesCombiningMarks: "é" typed as "e" and a combining acute
// accent, as macOS writes it, prints as "é", which the fonts have, not as
// "e" and a replacement mark.
func TestPDFComposesCombiningMarks(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: 1})
	doc.System.Name = "Cafe\u0301 Se\u0301curite\u0301"
	var warned []string
	var buf bytes.Buffer
	if err := (Options{Warn: func(s string) { warned = append(warned, s) }}).Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	p := parsePDF(t, buf.Bytes())
	if !p.hasText("Café Sécurité") || p.hasText("Cafe\ufffd") {
		t.Error("decomposed accents are not composed")
	}
	if len(warned) > 0 {
		t.Errorf("warnings for text the fonts draw: %q", warned)
	}
}

// TestPDFMetaKeepsText: the document title and the outline are drawn by
// the viewer with its own fonts, so text the Go fonts lack stays there
// as written, except characters beyond the Basic Multilingual Plane,
// which fpdf cannot encode.
func TestPDFMetaKeepsText(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: 1})
	doc.System.Name = "スマートホーム 🏠 نظام"
	doc.System.Owner = "張三\n<ops@acme.example>"
	s := &doc.Sections[1]
	s.Name = "ゲートウェイ"
	p := parsePDF(t, writePDFBytes(t, doc))
	if !p.hasMeta("Title", "Threat model: スマートホーム \ufffd نظام") {
		t.Error("the document title lost its text")
	}
	if !p.hasMeta("Author", "張三 <ops@acme.example>") {
		t.Error("the author lost its text")
	}
	if !p.hasMeta("Title", "ゲートウェイ ("+s.ID+")") {
		t.Error("the outline entry of an element lost its text")
	}
	if !p.hasText("\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd \ufffd") {
		t.Error("page text the fonts lack is not replaced")
	}
}

// TestPDFWarnsMissingGlyphs: text the fonts cannot draw is printed as
// U+FFFD, and Options.Warn is told so, once, naming the characters,
// instead of leaving a reader to find the marks.
func TestPDFWarnsMissingGlyphs(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: 1})
	write := func() []string {
		var warned []string
		if err := (Options{Warn: func(s string) { warned = append(warned, s) }}).Write(&bytes.Buffer{}, doc); err != nil {
			t.Fatal(err)
		}
		return warned
	}
	if w := write(); len(w) > 0 {
		t.Errorf("warnings for the reference model: %q", w)
	}
	// Joiners and variation selectors are invisible: dropped, not counted.
	doc.System.Name = "スマート ☁\ufe0f 👨\u200d👩"
	w := write()
	if len(w) != 1 {
		t.Fatalf("warnings %q, want one", w)
	}
	for _, want := range []string{"7 different characters", "ス U+30B9", "マ U+30DE", "ー U+30FC"} {
		if !strings.Contains(w[0], want) {
			t.Errorf("warning %q does not say %q", w[0], want)
		}
	}
}
