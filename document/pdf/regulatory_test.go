package pdf

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

var regulatoryOut = flag.String("regulatory-out", "", "also write each regulatory PDF of the tests to this folder, to look at")

// regulatoryChapters are the outline entries each kind of document has
// for the reference model, in order.
var regulatoryChapters = map[string][]string{
	regulatory.CRA:     {"Cover", "Annex I at a glance", "Product", "Architecture", "Diagram", "Annex I requirements", "Attack paths", "Risk summary"},
	regulatory.EN18031: {"Cover", "Product", "Architecture", "Diagram", "EN 18031-1", "EN 18031-2", "EN 18031-3"},
	regulatory.ETSI:    {"Cover", "Product", "Architecture", "Diagram", "Provisions"},
}

func writeRegulatoryBytes(t testing.TB, d *regulatory.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (Options{}).WriteRegulatory(&buf, d); err != nil {
		t.Fatal(err)
	}
	if *regulatoryOut != "" {
		model := "unnamed"
		if len(d.Files) > 0 {
			model = strings.TrimSuffix(filepath.Base(d.Files[0]), ".yaml")
		}
		name := d.Kind + "-" + model + ".pdf"
		if err := os.WriteFile(filepath.Join(*regulatoryOut, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestRegulatoryPDF writes every kind of document for the reference
// model and its hardened variant and checks what a reviewer looks for:
// the chapters in the outline, the title in the metadata, the diagram,
// and the same bytes twice.
func TestRegulatoryPDF(t *testing.T) {
	for _, kind := range regulatory.Kinds {
		for _, name := range []string{"reference", "reference-hardened"} {
			t.Run(kind+"/"+name, func(t *testing.T) {
				doc := doctest.Regulatory(t, doctest.Example(t, name+".yaml"), kind, regulatory.Options{})
				data := writeRegulatoryBytes(t, doc)
				if again := writeRegulatoryBytes(t, doc); !bytes.Equal(data, again) {
					t.Error("two runs gave different bytes")
				}
				p := parsePDF(t, data)
				for _, ch := range regulatoryChapters[kind] {
					if !p.hasMeta("Title", ch) {
						t.Errorf("no outline entry %q", ch)
					}
				}
				if !p.hasMeta("Title", doc.Title+": "+doc.System.Name) {
					t.Error("the document's title is not in its metadata")
				}
				if !bytes.Contains(data, []byte("/Subtype /Image")) {
					t.Error("no diagram image")
				}
				if !p.hasText("Not a declaration of conformity") {
					t.Error("no disclaimer heading")
				}
				// Pages get printed and passed around one by one: each
				// says what the document is not.
				if n := bytes.Count(p.content, []byte(pdfString("iotthreat test · 2026-01-15 · evidence from a threat model, not a declaration of conformity", false))); n != p.pages()-1 {
					t.Errorf("the footer's reminder is on %d of the %d pages after the cover", n, p.pages()-1)
				}
			})
		}
	}
}

// pdfText is the text pdftotext reads from a PDF, pages separated by
// form feeds.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	tool := poppler(t, "pdftotext")
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// oneSpace makes every run of white space one space, so that a sentence
// wrapped over lines reads whole.
func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestRegulatoryPDFText reads each document back with pdftotext: the
// disclaimer is on the first page, whole; the CRA assessment has every
// Annex I item id with its status; the EN 18031 pre-fill every applicable
// requirement of every part; the ICS every provision.
func TestRegulatoryPDFText(t *testing.T) {
	for _, kind := range regulatory.Kinds {
		t.Run(kind, func(t *testing.T) {
			doc := doctest.Regulatory(t, doctest.Example(t, "reference.yaml"), kind, regulatory.Options{NoDiagram: true})
			raw := pdfText(t, writeRegulatoryBytes(t, doc))
			first, _, _ := strings.Cut(raw, "\f")
			text := oneSpace(raw)
			if !strings.Contains(oneSpace(first), oneSpace(doc.Disclaimer)) {
				t.Errorf("the disclaimer is not on the first page, whole: %.600s", oneSpace(first))
			}
			if strings.Contains(first, "…") {
				t.Errorf("the cover cuts something short: %.600s", oneSpace(first))
			}
			var want []string
			switch kind {
			case regulatory.CRA:
				if len(doc.CRA.Items) != 22 {
					t.Errorf("%d Annex I items, want 22", len(doc.CRA.Items))
				}
				for _, it := range doc.CRA.Items {
					want = append(want, it.ID+" "+oneSpace(it.Title))
				}
			case regulatory.EN18031:
				for _, part := range doc.EN18031.Parts {
					want = append(want, part.Standard)
					if part.Applicable {
						for _, r := range part.Requirements {
							want = append(want, r.ID)
						}
					}
				}
			case regulatory.ETSI:
				for _, pr := range doc.ICS.Provisions {
					want = append(want, pr.ID)
				}
			}
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("no text %q", s)
				}
			}
		})
	}
}

// TestRegulatoryPDFPages draws every page of each kind of document with
// pdftoppm and checks that none is blank, as TestPDFPages does for the
// findings report.
func TestRegulatoryPDFPages(t *testing.T) {
	tool := poppler(t, "pdftoppm")
	for _, kind := range regulatory.Kinds {
		t.Run(kind, func(t *testing.T) {
			doc := doctest.Regulatory(t, doctest.Example(t, "reference.yaml"), kind, regulatory.Options{})
			dir := t.TempDir()
			file := filepath.Join(dir, "doc.pdf")
			if err := os.WriteFile(file, writeRegulatoryBytes(t, doc), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tool, "-r", "30", "-png", file, filepath.Join(dir, "page")).CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Fatalf("pdftoppm: %v %s", err, out)
			}
			pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
			if len(pages) < len(regulatoryChapters[kind]) {
				t.Fatalf("pdftoppm drew %d pages, fewer than the %d chapters", len(pages), len(regulatoryChapters[kind]))
			}
			requireInk(t, pages)
		})
	}
}

// TestRegulatoryPDFHostileText writes every kind of document for a model
// whose system name holds markup and a right-to-left override: the name
// is printed as written, the override as <U+202E> (regulatory.New
// reveals it), and nothing fails.
func TestRegulatoryPDFHostileText(t *testing.T) {
	src, err := os.ReadFile(doctest.Example(t, "reference.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := strings.Replace(string(src), "name: Acme Connected Product", "name: \"Müller <b>hub</b> (x) \\\\ \u202egnp.exe\"", 1)
	if hostile == string(src) {
		t.Fatal("the example's system name changed; update this test")
	}
	path := filepath.Join(t.TempDir(), "hostile.yaml")
	if err := os.WriteFile(path, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, kind := range regulatory.Kinds {
		doc := doctest.Regulatory(t, path, kind, regulatory.Options{NoDiagram: true})
		p := parsePDF(t, writeRegulatoryBytes(t, doc))
		if want := `Müller <b>hub</b> (x) \ <U+202E>gnp.exe`; !p.hasText(want) {
			t.Errorf("%s: no text %q", kind, want)
		}
	}
}

// TestRegulatoryPDFLarge writes every kind of document for a synthetic
// model of 1,000 elements: it must neither take long nor fail.
func TestRegulatoryPDFLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large model")
	}
	res := outputtest.Synthetic(t, 1000)
	for _, kind := range regulatory.Kinds {
		doc, err := regulatory.New(res.Model, res.Report, kind, regulatory.Options{Date: "2026-01-15", Version: "bench", NoDiagram: true})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		data := writeRegulatoryBytes(t, doc)
		took := time.Since(start)
		t.Logf("%s: %d findings: %d pages, %d bytes in %v", kind, len(doc.Findings), parsePDF(t, data).pages(), len(data), took)
		if limit := 30 * time.Second; took > limit {
			t.Errorf("%s took %v, more than %v", kind, took, limit)
		}
		if pages := parsePDF(t, data).pages(); pages > 400 {
			t.Errorf("%s: %d pages, more than 400", kind, pages)
		}
		if kind == regulatory.EN18031 && !parsePDF(t, data).hasText("This document writes out the first 50 of") {
			t.Error("no note says that assets were left out")
		}
	}
}

// TestRegulatoryPDFProductStated: the product facts the model states and
// an item's not-applicable justification are printed.
func TestRegulatoryPDFProductStated(t *testing.T) {
	doc := doctest.Regulatory(t, doctest.WithProduct(t), regulatory.CRA, regulatory.Options{NoDiagram: true})
	text := oneSpace(pdfText(t, writeRegulatoryBytes(t, doc)))
	for _, s := range []string{"security@acme.example", "2031-12-31", "important-class-i", "cannot be made to send to others"} {
		if !strings.Contains(text, s) {
			t.Errorf("no text %q", s)
		}
	}
	if strings.Contains(text, "Product facts missing") {
		t.Error("a note of missing product facts, though the model states them all")
	}
}
