package pdf

import (
	"cmp"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/regulatory"
)

// WriteRegulatory writes a regulatory evidence document (the CRA risk
// assessment, the EN 18031 pre-fill or the EN 303 645 conformance
// statement) on pages, with the findings report's layout: a cover with
// the disclaimer and the summary table a reviewer reads in a minute, the
// product, the architecture and its diagram, then the document's own
// chapters, each in the PDF's outline. Like Write, it needs nothing
// installed and gives the same bytes for the same document.
func (o Options) WriteRegulatory(w io.Writer, d *regulatory.Document) error {
	return writeRegulatoryPDF(w, d, pdfOptions{compress: true, warn: o.Warn})
}

func writeRegulatoryPDF(w io.Writer, d *regulatory.Document, opts pdfOptions) error {
	// The page chrome (header, footer, diagram chapter) reads the
	// system, date, version and diagram from a findings document; the
	// regulatory document lends them.
	chrome := &document.Document{System: d.System, Date: d.Date, Version: d.Version, Files: d.Files,
		DiagramSVG: d.Architecture.DiagramSVG, DiagramNote: d.Architecture.DiagramNote}
	p, err := newPDFWriter(chrome, opts)
	if err != nil {
		return err
	}
	p.f.SetTitle(pdfMeta(d.Title+": "+cmp.Or(d.System.Name, "unnamed system")), true)
	p.f.SetSubject("Regulatory evidence prepared from a threat model; not a declaration of conformity", true)
	p.footnote = "evidence from a threat model, not a declaration of conformity"
	r := &regWriter{pdfWriter: p, r: d}
	r.cover()
	if d.CRA != nil {
		r.craGlance()
	}
	r.product()
	r.architecture()
	if err := p.diagram(); err != nil {
		return err
	}
	switch {
	case d.CRA != nil:
		r.craItems()
		r.craPaths()
		r.craRisk()
	case d.EN18031 != nil:
		for i := range d.EN18031.Parts {
			r.part(&d.EN18031.Parts[i])
		}
	case d.ICS != nil:
		r.provisions()
	}
	return p.finish(w, opts)
}

// regWriter writes a regulatory document with the primitives of the
// findings report's pdfWriter.
type regWriter struct {
	*pdfWriter
	r *regulatory.Document
}

// cover is the first page: the title, the product, the disclaimer in a
// box of its own, and the summary table.
func (r *regWriter) cover() {
	p, d := r.pdfWriter, r.r
	p.chapter = "Cover"
	p.f.AddPage()
	p.font(pdfSans, "", 10) // a UTF-8 font must be current for Bookmark
	p.f.Bookmark("Cover", 0, 0)
	p.coverBand("Regulatory evidence")
	p.f.SetY(40)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyle{pdfSans, "B", 19, 8.6, pdfColorTitle}, d.Title)
	p.gap(2)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyle{pdfSans, "B", 13, 6.4, pdfColorText}, cmp.Or(d.System.Name, "Unnamed system"))
	p.gap(4)
	const labelW = 34.0
	st := pdfStyle{pdfSans, "", 9.5, 4.8, pdfColorText}
	p.labelled(pdfMarginLeft, p.innerWidth(), labelW, "Date", st, d.Date)
	p.labelled(pdfMarginLeft, p.innerWidth(), labelW, "Prepared with", st, "iotthreat "+pdfOr(d.Version, "(unknown version)"))
	p.labelled(pdfMarginLeft, p.innerWidth(), labelW, "Model files", pdfStyle{pdfMono, "", 8.5, 4.8, pdfColorText}, pdfCapList(d.Files, 12))
	p.gap(6)
	r.disclaimer()
	p.gap(6)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleH2, "Summary")
	p.gap(1)
	r.summaryTable()
	p.gap(1.5)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, d.StatusLegend())
}

// disclaimer draws the statement that the document is evidence, not a
// declaration of conformity, in a tinted box with a bar down its side.
func (r *regWriter) disclaimer() {
	p := r.pdfWriter
	const pad, bar = 3.5, 2.0
	x, w := pdfMarginLeft+bar+pad, p.innerWidth()-bar-2*pad
	body := func() {
		p.text(x, w, pdfStyle{pdfSans, "B", 11, 5.6, pdfColorText}, "Not a declaration of conformity")
		p.gap(1)
		p.text(x, w, pdfStyleBody, r.r.Disclaimer)
	}
	p.measuring, p.my = true, 0
	body()
	p.measuring = false
	h := p.my + 2*pad
	p.need(h)
	y := p.f.GetY()
	medium := pdfSeverityColors["medium"]
	p.fillColor(pdfHex("#fff8e1"))
	p.drawColor(medium.border)
	p.f.SetLineWidth(0.5)
	p.f.Rect(pdfMarginLeft, y, p.innerWidth(), h, "FD")
	p.fillColor(medium.border)
	p.f.Rect(pdfMarginLeft, y, bar, h, "F")
	p.f.SetY(y + pad)
	body()
	p.f.SetY(y + h)
}

// summaryTable counts each standard's (or EN 18031 part's) items by
// status, one row per standard.
func (r *regWriter) summaryTable() {
	cols := []pdfColumn{{title: "Standard", share: 4}, {title: "Applies", share: 2}}
	statuses := r.r.StatusColumns()
	for _, s := range statuses {
		cols = append(cols, pdfColumn{title: pdfStatusLabel(s), share: 1.9, right: true})
	}
	t := r.table(cols...)
	t.start()
	var notes []string
	for _, row := range r.r.Summary {
		applies := "yes"
		if !row.Applicable {
			// The reason is a sentence: it reads under the table, not
			// squeezed into a narrow column.
			applies = "no (see below)"
			notes = append(notes, row.Standard+" does not apply: "+pdfSentence(row.Reason))
		}
		cells := []pdfCell{{text: row.Name + "\n" + row.Standard, style: &pdfStyleBold}, {text: applies}}
		for _, s := range statuses {
			cell := pdfCell{text: document.Thousands(row.Counts[s])}
			if row.Counts[s] > 0 {
				c := pdfRegStatusColor(s)
				cell.color, cell.style = &c, &pdfStyleBold
			}
			cells = append(cells, cell)
		}
		t.row(cells...)
	}
	for _, n := range notes {
		p := r.pdfWriter
		p.gap(1)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, n)
	}
}

// statusCell is a status in words, bold and in its colour: the word
// says the status, the colour only repeats it.
func statusCell(status string) pdfCell {
	c := pdfRegStatusColor(status)
	return pdfCell{text: pdfStatusLabel(status), style: &pdfStyleBold, color: &c}
}

// pdfSentence ends s with a full stop unless it ends with one already.
func pdfSentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// pdfStatusLabel is a status as the document prints it.
func pdfStatusLabel(s string) string { return strings.ReplaceAll(s, "-", " ") }

// pdfRegStatusColor colours any status of the regulatory documents: red
// for what is missing (gap, fail, not supported), orange for partial,
// green for what is in place, grey for what does not apply.
func pdfRegStatusColor(s string) pdfRGB {
	switch s {
	case compliance.Gap, regulatory.Fail, regulatory.NotSupported:
		return pdfSeverityColors["high"].border
	case compliance.Partial:
		return pdfSeverityColors["medium"].border
	case compliance.Addressed, regulatory.Pass, regulatory.Supported:
		return pdfColorGood
	}
	return pdfColorMuted
}
