package pdf

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/document"
)

// cover is the first page: what was modelled, by whom, when, with which
// tool, and the headline with the open findings of each severity.
func (p *pdfWriter) cover() {
	d := p.d
	p.chapter = "Cover"
	p.f.AddPage()
	p.font(pdfSans, "", 10) // a UTF-8 font must be current for Bookmark
	p.f.Bookmark("Cover", 0, 0)
	p.coverBand("Threat model report")
	p.f.SetY(44)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyle{pdfSans, "B", 24, 11, pdfColorTitle}, cmp.Or(d.System.Name, "Unnamed system"))
	p.gap(3)
	if d.System.Description != "" {
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyle{pdfSans, "", 11, 5.4, pdfColorText}, strings.TrimSpace(d.System.Description))
		p.gap(6)
	}
	p.coverFacts()
	p.gap(8)
	p.coverHeadline()
}

// coverBand draws the band across the top of a cover: what the document
// is, and the tool that made it.
func (p *pdfWriter) coverBand(what string) {
	w, _ := p.f.GetPageSize()
	p.fillColor(pdfColorTitle)
	p.f.Rect(0, 0, w, 30, "F")
	p.font(pdfSans, "B", 15)
	p.textColor(pdfColorWhite)
	p.f.SetXY(pdfMarginLeft, 11)
	p.f.CellFormat(p.innerWidth()*0.7, 8, p.fit(what, p.innerWidth()*0.7), "", 0, "L", false, 0, "")
	p.font(pdfSans, "", 10)
	p.f.CellFormat(p.innerWidth()*0.3, 8, p.fit("iotthreat "+p.d.Version, p.innerWidth()*0.3), "", 0, "R", false, 0, "")
	p.textColor(pdfColorText)
}

// coverFacts lists the model's metadata and provenance.
func (p *pdfWriter) coverFacts() {
	d := p.d
	const labelW = 38.0
	st := pdfStyle{pdfSans, "", 10, 5.2, pdfColorText}
	row := func(label, value string) {
		p.labelled(pdfMarginLeft, p.innerWidth(), labelW, label, st, value)
		p.gap(0.8)
	}
	row("Owner", pdfOr(d.System.Owner, "not stated"))
	row("Criticality", pdfOr(d.System.Criticality, "not stated"))
	deployment := "not stated"
	if d.System.Deployment > 0 {
		deployment = document.Thousands(d.System.Deployment) + " units"
	}
	row("Deployment", deployment)
	row("Report date", d.Date)
	row("Tool", "iotthreat "+pdfOr(d.Version, "(unknown version)"))
	files := d.Files
	if len(files) > 12 {
		files = append(files[:12:12], "and "+strconv.Itoa(len(d.Files)-12)+" more")
	}
	if len(files) == 0 {
		row("Model files", "none")
	}
	for i, f := range files {
		label := ""
		if i == 0 {
			label = "Model files"
		}
		p.labelled(pdfMarginLeft, p.innerWidth(), labelW, label, pdfStyle{pdfMono, "", 9, 4.8, pdfColorText}, f)
	}
}

// coverHeadline draws the headline and one tile per severity with the
// number of open findings.
func (p *pdfWriter) coverHeadline() {
	p.need(50)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyle{pdfSans, "B", 14, 7, pdfColorText}, p.d.Headline())
	p.gap(4)
	open, _ := p.d.OpenBySeverity()
	const tileH, space = 24.0, 4.0
	sevs := document.WorstFirst()
	tileW := (p.innerWidth() - space*float64(len(sevs)-1)) / float64(len(sevs))
	y := p.f.GetY()
	for i, sev := range sevs {
		x := pdfMarginLeft + float64(i)*(tileW+space)
		c := pdfSeverityColors[sev]
		p.fillColor(c.fill)
		p.drawColor(c.border)
		p.f.SetLineWidth(0.5)
		p.f.Rect(x, y, tileW, tileH, "FD")
		p.font(pdfSans, "B", 22)
		p.textColor(pdfColorText)
		p.f.SetXY(x, y+3)
		p.f.CellFormat(tileW, 11, document.Thousands(open[sev]), "", 0, "C", false, 0, "")
		p.font(pdfSans, "", 9)
		p.f.SetXY(x, y+15)
		p.f.CellFormat(tileW, 5, sev+" open", "", 0, "C", false, 0, "")
	}
	p.f.SetY(y + tileH + 6)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "Chapters: Summary · Diagram · Findings · Findings by element · Mitigation checklist · Compliance. The outline of this PDF links to each.")
}

func pdfOr(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}
