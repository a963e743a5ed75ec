package pdf

import (
	"bytes"
	"compress/zlib"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

var pdfOut = flag.String("pdf-out", "", "also write the reference PDF report to this file, to look at")

// pdfChapters are the outline entries every report has.
var pdfChapters = []string{"Cover", "Summary", "Diagram", "Attack paths", "Findings", "Findings by element", "Mitigation checklist", "Compliance"}

func writePDFBytes(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdfFile is a PDF with its streams inflated, enough to look for text
// without a PDF library.
type pdfFile struct {
	raw     []byte
	content []byte // every stream, inflated when it is compressed
}

func parsePDF(t *testing.T, data []byte) *pdfFile {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) {
		t.Fatalf("no PDF header: %q", data[:min(len(data), 20)])
	}
	tail := data[max(0, len(data)-64):]
	if !bytes.Contains(tail, []byte("startxref")) || !bytes.HasSuffix(bytes.TrimSpace(tail), []byte("%%EOF")) {
		t.Fatalf("no PDF trailer: %q", tail)
	}
	if !bytes.Contains(data, []byte("trailer")) {
		t.Fatal("no trailer dictionary")
	}
	p := &pdfFile{raw: data}
	rest := data
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			t.Fatal("unterminated stream")
		}
		s := rest[:j]
		rest = rest[j+len("\nendstream"):]
		if r, err := zlib.NewReader(bytes.NewReader(s)); err == nil {
			if inflated, err := io.ReadAll(r); err == nil {
				s = inflated
			}
		}
		p.content = append(append(p.content, s...), '\n')
	}
	return p
}

var pdfPageRE = regexp.MustCompile(`/Type /Page\b[^s]`)

func (p *pdfFile) pages() int { return len(pdfPageRE.FindAll(p.raw, -1)) }

// pdfString is how fpdf writes text in a UTF-8 font: UTF-16BE, escaped.
func pdfString(s string, bom bool) string {
	var b strings.Builder
	if bom {
		b.WriteString("\xfe\xff")
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u >> 8))
		b.WriteByte(byte(u))
	}
	r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`, "\r", `\r`)
	return r.Replace(b.String())
}

// hasText says whether a line of page text contains s.
func (p *pdfFile) hasText(s string) bool {
	return bytes.Contains(p.content, []byte(pdfString(s, false)))
}

// hasMeta says whether the document information or the outline has an
// entry with the given text.
func (p *pdfFile) hasMeta(key, s string) bool {
	return bytes.Contains(p.raw, []byte("/"+key+" ("+pdfString(s, true)+")"))
}

func TestPDFReference(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	start := time.Now()
	data := writePDFBytes(t, doc)
	t.Logf("%d findings: %d bytes in %v", len(doc.Findings), len(data), time.Since(start))
	if *pdfOut != "" {
		if err := os.WriteFile(*pdfOut, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := parsePDF(t, data)
	n := p.pages()
	if n < 20 {
		t.Errorf("%d pages, want at least 20 for %d findings", n, len(doc.Findings))
	}
	for _, ch := range pdfChapters {
		if !p.hasMeta("Title", ch) {
			t.Errorf("no outline entry %q", ch)
		}
	}
	if !p.hasMeta("Title", "Threat model: "+doc.System.Name) || !p.hasMeta("Creator", "iotthreat test") {
		t.Error("document title or creator missing")
	}
	if !bytes.Contains(data, []byte("/CreationDate (D:20260115")) {
		t.Error("creation date is not the report date")
	}
	if !bytes.Contains(data, []byte("/Subtype /Image")) {
		t.Error("no diagram image")
	}
	want := []string{doc.System.Name, doc.Headline(), "Findings by severity and status", "Open findings by STRIDE category",
		"Top mitigations", fmt.Sprintf("page 2 of %d", n), fmt.Sprintf("page %d of %d", n, n), "CWE"}
	for _, f := range doc.Findings[:5] {
		want = append(want, f.ID)
	}
	for _, std := range doc.Compliance.Standards {
		want = append(want, std.Name)
	}
	for _, s := range want {
		if !p.hasText(s) {
			t.Errorf("no text %q", s)
		}
	}
}

func TestPDFDeterministic(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	a := writePDFBytes(t, doc)
	for range 3 {
		if b := writePDFBytes(t, doc); !bytes.Equal(a, b) {
			t.Fatal("two runs gave different bytes")
		}
	}
}

// TestPDFHostileText prints markup, control characters, invalid UTF-8,
// characters the fonts lack and outsized names without failing.
func TestPDFHostileText(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true})
	long := strings.Repeat("Überlänge → ", 17) + "end" // 200 characters
	doc.System.Name = "Müller <script>alert(1)</script> → Straße"
	doc.System.Owner = "José Ñúñez\t\x00\x1b[31m"
	doc.System.Description = "Emoji 🔥, CJK 中文, invalid \xff\xfe UTF-8, a ) paren and a \\ backslash.\r\n\nSecond paragraph."
	doc.Files = append(doc.Files, strings.Repeat("very/long/path/", 30)+"model.yaml")
	for i := range doc.Findings {
		f := &doc.Findings[i]
		if i%3 == 0 {
			f.Title = long[:len(long)-len("end")] + fmt.Sprint(i)
			f.ID = strings.Repeat("x", 300) + fmt.Sprint(i)
			f.Why = append(f.Why, "<img src=x onerror=alert(1)> "+strings.Repeat("ǅ", 400))
			f.Tracking = engine.Triage{Entry: f.ID, Reason: "René said so (twice)", Ticket: "SEC-1", By: "ß", Until: "2020-01-01", Expired: true}
		}
	}
	doc.Checklist[0].Declared = make([]string, 500)
	for i := range doc.Checklist[0].Declared {
		doc.Checklist[0].Declared[i] = fmt.Sprintf("element e-%d", i)
	}
	data := writePDFBytes(t, doc)
	p := parsePDF(t, data)
	for _, s := range []string{"Müller <script>alert(1)</script> → Straße", "René said so (twice)", "Second paragraph."} {
		if !p.hasText(s) {
			t.Errorf("no text %q", s)
		}
	}
	if !p.hasText("Emoji \ufffd, CJK \ufffd\ufffd") {
		t.Error("characters the fonts lack are not replaced")
	}
	if !p.hasText(doc.DiagramNote) && !p.hasText("The diagram was left out") {
		t.Error("no diagram note")
	}
}

// TestPDFEmpty writes a document with nothing in it.
func TestPDFEmpty(t *testing.T) {
	doc := &document.Document{Date: "not a date", Matrix: map[string]map[string]int{}, ByStride: map[string]int{}, DiagramNote: "No diagram."}
	p := parsePDF(t, writePDFBytes(t, doc))
	if p.pages() < len(pdfChapters) || !p.hasText("The analysis found no threats.") {
		t.Errorf("%d pages", p.pages())
	}
}

// poppler finds one of poppler-utils' tools. It skips the test when the
// tool is not installed, unless IOTTHREAT_REQUIRE_PDFTOPPM=1 (set by
// .ci/run, which installs poppler-utils) makes that a failure.
func poppler(t *testing.T, name string) string {
	t.Helper()
	tool, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("IOTTHREAT_REQUIRE_PDFTOPPM") == "1" {
			t.Fatalf("%s (poppler-utils) is required but not installed", name)
		}
		t.Skipf("%s not installed", name)
	}
	return tool
}

// TestPDFComplianceIDsWhole reads the compliance chapter's text back with
// pdftotext and checks that every provision id starts a table row whole,
// never broken across lines ("cybersecurity-state-awareness").
func TestPDFComplianceIDsWhole(t *testing.T) {
	tool := poppler(t, "pdftotext")
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	file := filepath.Join(t.TempDir(), "reference.pdf")
	if err := os.WriteFile(file, writePDFBytes(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	_, chapter, ok := strings.Cut(string(out), "A provision is a gap while")
	if !ok {
		t.Fatal("no compliance chapter in the text")
	}
	rowStarts := map[string]bool{}
	for _, line := range strings.Split(chapter, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rowStarts[f[0]] = true
		}
	}
	for _, std := range doc.Compliance.Standards {
		for _, it := range std.Items {
			if !rowStarts[it.ID] {
				t.Errorf("%s %s does not start a row whole", std.ID, it.ID)
			}
		}
	}
}

// TestPDFPages renders the reference report with pdftoppm and checks that
// no page is blank.
func TestPDFPages(t *testing.T) {
	tool := poppler(t, "pdftoppm")
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	dir := t.TempDir()
	file := filepath.Join(dir, "reference.pdf")
	if err := os.WriteFile(file, writePDFBytes(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-r", "30", "-png", file, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 20 {
		t.Fatalf("pdftoppm drew %d pages", len(pages))
	}
	requireInk(t, pages)
}

// requireInk fails for each page image that is blank.
func requireInk(t *testing.T, pages []string) {
	t.Helper()
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if ink := doctest.InkShare(t, data); ink < 0.003 {
			t.Errorf("%s is blank (%.4f of the pixels are not white)", filepath.Base(page), ink)
		}
	}
}

func TestFlattenOnWhite(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 2, 1))
	copy(img.Pix, []byte{0, 0, 0, 0, 0x80, 0, 0, 0x80})
	flattenOnWhite(img)
	if want := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7f, 0xff}; !bytes.Equal(img.Pix, want) {
		t.Errorf("got % x, want % x", img.Pix, want)
	}
}

func TestSVGSize(t *testing.T) {
	for _, tc := range []struct {
		svg  string
		w, h float64
	}{
		{`<?xml version="1.0"?><!DOCTYPE svg><svg width="10pt" height="20pt" viewBox="0.00 0.00 100.5 200.25"></svg>`, 100.5, 200.25},
		{`<svg width="10pt" height="20pt"></svg>`, 10, 20},
	} {
		w, h, err := svgSize([]byte(tc.svg))
		if err != nil || w != tc.w || h != tc.h {
			t.Errorf("%s: %v %v %v", tc.svg, w, h, err)
		}
	}
	if _, _, err := svgSize([]byte(`<html></html>`)); err == nil {
		t.Error("no error for a non-SVG")
	}
}

// TestPDFLarge writes the report of a 1,000-element model, whose
// thousands of findings must neither take long nor fail.
func TestPDFLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large model")
	}
	doc := doctest.Synthetic(t, 1000)
	start := time.Now()
	data := writePDFBytes(t, doc)
	took := time.Since(start)
	p := parsePDF(t, data)
	t.Logf("%d findings: %d pages, %d bytes in %v", len(doc.Findings), p.pages(), len(data), took)
	if doc.Detailed != document.DefaultMaxDetailed {
		t.Fatalf("%d findings written out in full, want the default %d", doc.Detailed, document.DefaultMaxDetailed)
	}
	if !p.hasText(doc.Findings[doc.Detailed-1].ID) {
		t.Error("the last finding written out in full is missing")
	}
	if p.hasText(doc.Findings[len(doc.Findings)-1].ID) {
		t.Error("the least severe finding is written out beyond the cap")
	}
	n := len(doc.Findings) // thousands, written with a separator
	if !p.hasText(fmt.Sprintf("most severe of %d,%03d findings in full", n/1000, n%1000)) {
		t.Error("no note says that findings were left out")
	}
	if limit := 60 * time.Second; took > limit {
		t.Errorf("took %v, more than %v", took, limit)
	}
}

// BenchmarkPDF writes the report of a 1,000-element synthetic model.
func BenchmarkPDF(b *testing.B) {
	doc := doctest.Synthetic(b, 1000)
	outputtest.Benchmark(b, len(doc.Findings), func(w io.Writer) error { return Write(w, doc) })
}
