package pdf

import (
	"fmt"
	"slices"
	"sort"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
)

// summary is the management summary: counts, charts and the controls
// that would retire the most open risk.
func (p *pdfWriter) summary() {
	d := p.d
	p.startChapter("Summary", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleH3, d.Headline()+".")
	p.gap(1)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Open counts findings that are open or in progress. Findings mitigated by a declared control, accepted or marked false positive are resolved and listed for the record.")
	p.heading(pdfStyleH2, "Findings by severity and status", 30)
	p.matrix()
	p.heading(pdfStyleH2, "Open findings by severity", 30)
	open, _ := d.OpenBySeverity()
	var bars []pdfBar
	for _, sev := range document.WorstFirst() {
		bars = append(bars, pdfBar{label: sev, n: open[sev], color: pdfSeverityColors[sev].border})
	}
	p.bars(bars)
	p.heading(pdfStyleH2, "Open findings by STRIDE category", 30)
	bars = nil
	for _, s := range d.StrideCategories() {
		bars = append(bars, pdfBar{label: s, n: d.ByStride[s], color: pdfColorBar})
	}
	p.bars(bars)
	p.topMitigations()
	p.orphaned()
}

// matrix tabulates findings by severity and status.
func (p *pdfWriter) matrix() {
	cols := []pdfColumn{{title: "Severity", share: 1.3}}
	for _, st := range engine.Statuses {
		cols = append(cols, pdfColumn{title: st, share: 1, right: true})
	}
	cols = append(cols, pdfColumn{title: "total", share: 0.8, right: true})
	t := p.table(cols...)
	t.start()
	sevs := document.WorstFirst()
	var extra []string
	for sev := range p.d.Matrix {
		if !slices.Contains(sevs, sev) {
			extra = append(extra, sev)
		}
	}
	sort.Strings(extra)
	sevs = append(sevs, extra...)
	totals := map[string]int{}
	for _, sev := range sevs {
		cells := []pdfCell{{text: sev, severity: sev}}
		sum := 0
		for _, st := range engine.Statuses {
			n := p.d.Matrix[sev][st]
			totals[st] += n
			sum += n
			cells = append(cells, pdfCell{text: document.Thousands(n)})
		}
		t.row(append(cells, pdfCell{text: document.Thousands(sum), style: &pdfStyleBold})...)
	}
	cells := []pdfCell{{text: "total", style: &pdfStyleBold}}
	for _, st := range engine.Statuses {
		cells = append(cells, pdfCell{text: document.Thousands(totals[st]), style: &pdfStyleBold})
	}
	t.row(append(cells, pdfCell{text: document.Thousands(len(p.d.Findings)), style: &pdfStyleBold})...)
}

// pdfBar is one bar of a horizontal bar chart.
type pdfBar struct {
	label string
	n     int
	color pdfRGB
}

// bars draws a horizontal bar chart scaled to its largest bar.
func (p *pdfWriter) bars(bars []pdfBar) {
	const rowH, barH, labelW, numW = 6.5, 4.2, 48.0, 16.0
	largest := 1
	for _, b := range bars {
		largest = max(largest, b.n)
	}
	p.need(float64(len(bars)) * rowH)
	area := p.innerWidth() - labelW - numW
	for _, b := range bars {
		y := p.f.GetY()
		p.use(pdfStyleSmall)
		p.f.SetXY(pdfMarginLeft, y)
		p.f.CellFormat(labelW, rowH, p.fit(b.label, labelW-2), "", 0, "L", false, 0, "")
		w := area * float64(b.n) / float64(largest)
		if b.n > 0 {
			p.fillColor(b.color)
			p.f.Rect(pdfMarginLeft+labelW, y+(rowH-barH)/2, max(w, 0.8), barH, "F")
		}
		p.use(pdfStyleBold)
		p.f.SetXY(pdfMarginLeft+labelW+max(w, 0.8)+2, y)
		p.f.CellFormat(numW, rowH, document.Thousands(b.n), "", 0, "L", false, 0, "")
		p.f.SetY(y + rowH)
	}
}

// topMitigations lists the controls that would retire the most open
// risk, the head of the checklist chapter.
func (p *pdfWriter) topMitigations() {
	var top []document.ChecklistItem
	for _, it := range p.d.Checklist {
		if it.Open > 0 && len(top) < 10 {
			top = append(top, it)
		}
	}
	if len(top) == 0 {
		return
	}
	p.heading(pdfStyleH2, "Top mitigations", 30)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The controls that would mitigate the most open risk (each open finding weighs its severity); the full list is in the Mitigation checklist chapter.")
	p.gap(1)
	t := p.table(pdfColumn{title: "Control", share: 3}, pdfColumn{title: "Declared", share: 2.2},
		pdfColumn{title: "Open findings", share: 1, right: true}, pdfColumn{title: "All", share: 0.6, right: true})
	t.start()
	for _, it := range top {
		t.row(pdfCell{text: it.Name + " (" + it.ID + ")"}, pdfCell{text: pdfDeclared(it.Declared)},
			pdfCell{text: document.Thousands(it.Open), style: &pdfStyleBold}, pdfCell{text: document.Thousands(len(it.Findings))})
	}
}

// pdfDeclared says where a control is declared.
func pdfDeclared(on []string) string {
	if len(on) == 0 {
		return "not declared"
	}
	return pdfCapList(on, 6)
}

// orphaned lists tracking entries that match no finding, which usually
// means a typo or a threat that has gone away.
func (p *pdfWriter) orphaned() {
	if len(p.d.Orphaned) == 0 {
		return
	}
	p.heading(pdfStyleH2, "Tracking entries that match no finding", 25)
	t := p.table(pdfColumn{title: "Entry", share: 3}, pdfColumn{title: "Status", share: 1}, pdfColumn{title: "Where", share: 2})
	t.start()
	for _, o := range p.d.Orphaned {
		t.row(pdfCell{text: o.ID, style: &pdfStyleMono}, pdfCell{text: o.Status}, pdfCell{text: pdfSource(o.Source)})
	}
}

// pdfSource is file:line, or "" when unknown.
func pdfSource(s engine.Source) string {
	switch {
	case s.File == "":
		return ""
	case s.Line == 0:
		return s.File
	}
	return fmt.Sprintf("%s:%d", s.File, s.Line)
}
