package pdf

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/iotthreat/iotthreat/document"
)

// Write writes the document as a printable report: a cover, the
// management summary, the diagram, the findings (the Document.Detailed
// most severe in full), the findings of each element, the mitigation
// checklist and compliance coverage, with an outline entry per chapter.
// It is made in Go with the embedded Go fonts, so it needs nothing
// installed and prints any text the fonts cover; the same document gives
// the same bytes, dated by Document.Date.
func Write(w io.Writer, d *document.Document) error {
	return Options{}.Write(w, d)
}

// Options tune the PDF.
type Options struct {
	// Warn, when set, is told what the PDF could not reproduce and still
	// holds, such as characters the fonts cannot draw, so that a command
	// line can say so instead of failing silently.
	Warn func(msg string)
}

// Write writes the document as the package's Write does, with these
// options.
func (o Options) Write(w io.Writer, d *document.Document) error {
	return writePDF(w, d, pdfOptions{compress: true, warn: o.Warn})
}

// pdfOptions are knobs for Options.Write and tests: uncompressed streams
// let a test read the page contents without inflating them.
type pdfOptions struct {
	compress bool
	// warn, when set, is told which characters the fonts could not draw.
	warn func(string)
}

func writePDF(w io.Writer, d *document.Document, opts pdfOptions) error {
	p, err := newPDFWriter(d, opts)
	if err != nil {
		return err
	}
	p.cover()
	p.summary()
	if err := p.diagram(); err != nil {
		return err
	}
	p.attackPaths()
	p.findings()
	p.sections()
	p.checklist()
	p.compliance()
	return p.finish(w, opts)
}

// finish writes the laid-out document to w and tells opts.warn which
// characters no font could draw: the last step of every PDF.
func (p *pdfWriter) finish(w io.Writer, opts pdfOptions) error {
	if err := p.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := p.f.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if note := p.glyphs.missingNote(); note != "" && opts.warn != nil {
		opts.warn(note)
	}
	return nil
}

// Font families registered from the Go fonts.
const (
	pdfSans = "go"
	pdfMono = "gomono"
)

// pdfWriter holds the state of one PDF being written.
type pdfWriter struct {
	f       *fpdf.Fpdf
	d       *document.Document
	glyphs  *pdfGlyphs
	chapter string // shown in the page header
	// footnote, when set, follows the tool and date in every page's
	// footer (the regulatory documents' reminder of what they are not).
	footnote string
	// measuring makes text primitives count height (in my) instead of
	// drawing, so that a block can be measured before it is placed.
	measuring bool
	my        float64
	// links are the internal link ids of the findings written out in
	// full (Document.Detailed), set as each
	// finding is drawn, so later chapters can point back at them.
	links []int
}

func newPDFWriter(d *document.Document, opts pdfOptions) (*pdfWriter, error) {
	glyphs, err := newPDFGlyphs()
	if err != nil {
		return nil, err
	}
	f := fpdf.New("P", "mm", "A4", "")
	// The alias must be known before fonts are added: fpdf then keeps the
	// digits that replace it in every font subset.
	f.AliasNbPages(pdfPageCountAlias)
	// fpdf writes into the font bytes it is given while it cuts the
	// subset (Go Mono's, at least), so each PDF gets its own copy: shared
	// ones made the second PDF of a process differ from the first, and
	// two PDFs written at once would race.
	fonts := pdfFonts()
	f.AddUTF8FontFromBytes(pdfSans, "", bytes.Clone(fonts[0]))
	f.AddUTF8FontFromBytes(pdfSans, "B", bytes.Clone(fonts[1]))
	f.AddUTF8FontFromBytes(pdfSans, "I", bytes.Clone(fonts[2]))
	f.AddUTF8FontFromBytes(pdfMono, "", bytes.Clone(fonts[3]))
	f.SetCompression(opts.compress)
	f.SetCatalogSort(true)
	date := pdfDate(d.Date)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetMargins(pdfMarginLeft, pdfMarginTop, pdfMarginRight)
	f.SetAutoPageBreak(false, pdfMarginBottom)
	f.SetCellMargin(0)
	f.SetLang("en")
	p := &pdfWriter{f: f, d: d, glyphs: glyphs, links: make([]int, d.Detailed)}
	f.SetTitle(pdfMeta("Threat model: "+cmp.Or(d.System.Name, "unnamed system")), true)
	f.SetSubject("Threat model report", true)
	if d.System.Owner != "" {
		f.SetAuthor(pdfMeta(d.System.Owner), true)
	}
	f.SetCreator(pdfMeta("iotthreat "+d.Version), true)
	f.SetProducer("iotthreat", true)
	f.SetHeaderFuncMode(p.header, true)
	f.SetFooterFunc(p.footer)
	for i := range p.links {
		p.links[i] = f.AddLink()
	}
	return p, nil
}

// pdfFonts are Go Regular, Bold, Italic and Mono with a hyphen that looks
// like one, prepared once.
var pdfFonts = sync.OnceValue(func() [4][]byte {
	return [4][]byte{pdfHyphenated(goregular.TTF), pdfHyphenated(gobold.TTF), pdfHyphenated(goitalic.TTF), pdfHyphenated(gomono.TTF)}
})

// pdfDate is the report date as the PDF's creation date: a fixed instant
// per day, so that output does not depend on the clock.
func pdfDate(date string) time.Time {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return time.Unix(0, 0).UTC()
	}
	return t.UTC()
}

const pdfPageCountAlias = "{nb}"

// header prints the system and chapter on every page but the cover.
func (p *pdfWriter) header() {
	if p.f.PageNo() == 1 {
		return
	}
	w, _ := p.f.GetPageSize()
	inner := w - pdfMarginLeft - pdfMarginRight
	p.font(pdfSans, "", 8)
	p.textColor(pdfColorMuted)
	p.f.SetXY(pdfMarginLeft, 10)
	p.f.CellFormat(inner*0.6, 4, p.fit(cmp.Or(p.d.System.Name, "unnamed system"), inner*0.6), "", 0, "L", false, 0, "")
	p.f.CellFormat(inner*0.4, 4, p.fit(p.chapter, inner*0.4), "", 0, "R", false, 0, "")
	p.drawColor(pdfColorRule)
	p.f.SetLineWidth(0.2)
	p.f.Line(pdfMarginLeft, 15, w-pdfMarginRight, 15)
	p.textColor(pdfColorText)
}

// footer prints the tool and the page number on every page but the
// cover. The page count is an alias fpdf replaces at the end, so the
// number is left-aligned from a fixed place rather than right-aligned by
// the alias's width.
func (p *pdfWriter) footer() {
	if p.f.PageNo() == 1 {
		return
	}
	w, h := p.f.GetPageSize()
	p.font(pdfSans, "", 8)
	p.textColor(pdfColorMuted)
	p.drawColor(pdfColorRule)
	p.f.SetLineWidth(0.2)
	p.f.Line(pdfMarginLeft, h-14, w-pdfMarginRight, h-14)
	p.f.SetXY(pdfMarginLeft, h-12)
	left := "iotthreat " + p.d.Version + " · " + p.d.Date
	if p.footnote != "" {
		left += " · " + p.footnote
	}
	p.f.CellFormat(w-pdfMarginLeft-pdfMarginRight-30, 4, p.fit(left, w-pdfMarginLeft-pdfMarginRight-30), "", 0, "L", false, 0, "")
	p.f.SetXY(w-pdfMarginRight-28, h-12)
	p.f.CellFormat(28, 4, fmt.Sprintf("page %d of %s", p.f.PageNo(), pdfPageCountAlias), "", 0, "L", false, 0, "")
	p.textColor(pdfColorText)
}

// startChapter begins a chapter on a new page with an outline entry and a
// title.
func (p *pdfWriter) startChapter(title string, landscape bool) {
	p.chapter = title
	if landscape {
		p.f.AddPageFormat("L", p.f.GetPageSizeStr("A4"))
	} else {
		p.f.AddPage()
	}
	p.font(pdfSans, "B", 18)
	p.f.Bookmark(title, 0, -1)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleH1, title)
	p.gap(3)
}
