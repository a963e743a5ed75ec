package pdf

import (
	"strings"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/engine"
)

// The chapters every regulatory document has (product, architecture) and
// those of the CRA risk assessment.

// product lists the product facts the model states, and names those it
// lacks.
func (r *regWriter) product() {
	p, d := r.pdfWriter, r.r
	p.startChapter("Product", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, pdfOr(d.System.Description, "The model gives no system description."))
	p.gap(3)
	t := p.table(pdfColumn{title: "Fact", share: 1}, pdfColumn{title: "Stated in the model", share: 2.6})
	t.start()
	for _, f := range d.ProductFacts() {
		value := f.Value
		if f.Items != nil {
			value = pdfCapList(f.Items, 20)
		}
		if f.Missing() {
			t.row(pdfCell{text: f.Label, style: &pdfStyleBold}, pdfCell{text: "not stated", style: &pdfStyleNote})
			continue
		}
		t.row(pdfCell{text: f.Label, style: &pdfStyleBold}, pdfCell{text: value})
	}
	if len(d.ProductMissing) > 0 {
		p.gap(3)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleH3, "Product facts missing")
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The model does not state "+strings.Join(d.ProductMissing, ", ")+": write them in its product: block (docs/model.md).")
	}
}

// architecture describes the system (CRA Annex VII point 2(a)): its
// components and the flows that cross a trust boundary. The diagram
// follows on a page of its own.
func (r *regWriter) architecture() {
	p, a := r.pdfWriter, &r.r.Architecture
	p.startChapter("Architecture", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The model describes "+document.Count(a.Elements, "element", "elements")+", "+
		document.Count(a.Flows, "flow", "flows")+", "+document.Count(a.Boundaries, "trust boundary", "trust boundaries")+" and "+
		document.Count(a.DataAssets, "data asset", "data assets")+". The diagram follows this chapter.")
	p.heading(pdfStyleH2, "Components", 25)
	if len(a.Components) == 0 {
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "The model has no elements.")
	} else {
		t := p.table(pdfColumn{title: "Element", share: 2.8}, pdfColumn{title: "Name", share: 2.2}, pdfColumn{title: "Kind", share: 2.2},
			pdfColumn{title: "Boundary", share: 2.4}, pdfColumn{title: "What it does", share: 4.6})
		t.start()
		for _, c := range a.Components {
			t.row(pdfCell{text: c.ID, style: &pdfStyleMono}, pdfCell{text: c.Name}, pdfCell{text: c.Kind},
				pdfCell{text: pdfOr(c.Boundary, "none"), style: &pdfStyleMono}, pdfCell{text: c.Description})
		}
	}
	p.heading(pdfStyleH2, "Boundary crossings", 25)
	if len(a.Crossings) == 0 {
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "No flow crosses a trust boundary.")
		return
	}
	t := p.table(pdfColumn{title: "Flow", share: 2.8}, pdfColumn{title: "From → to", share: 3}, pdfColumn{title: "Protocol", share: 1.2},
		pdfColumn{title: "Encryption", share: 1.4}, pdfColumn{title: "Authentication", share: 1.9}, pdfColumn{title: "Data", share: 2.4},
		pdfColumn{title: "Internet", share: 1.1})
	t.start()
	for _, c := range a.Crossings {
		internet := "no"
		if c.OverInternet {
			internet = "yes"
		}
		t.row(pdfCell{text: c.ID, style: &pdfStyleMono}, pdfCell{text: c.From + " → " + c.To, style: &pdfStyleMono}, pdfCell{text: c.Protocol},
			pdfCell{text: pdfOr(c.Encryption, "not stated")}, pdfCell{text: pdfOr(c.Authentication, "not stated")},
			pdfCell{text: pdfCapList(c.Data, 8)}, pdfCell{text: internet})
	}
}

// craGlance is the Annex I table a reviewer reads first: each item, its
// status and why.
func (r *regWriter) craGlance() {
	p := r.pdfWriter
	p.startChapter("Annex I at a glance", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Each essential requirement of Annex I with its status and why; the next chapters give the applicability, implementation, evidence, residual risk and gaps of each. The titles are paraphrases: the regulation on EUR-Lex is the text that counts.")
	p.gap(2)
	t := p.table(pdfColumn{title: "Item", share: 1}, pdfColumn{title: "Requirement (paraphrased)", share: 5}, pdfColumn{title: "Status", share: 1.6},
		pdfColumn{title: "Why", share: 4.6})
	t.start()
	for _, it := range r.r.CRA.Items {
		t.row(pdfCell{text: it.ID, style: &pdfStyleBold}, pdfCell{text: it.Title}, statusCell(it.Status), pdfCell{text: it.Reason})
	}
}

// craItems gives each Annex I item a section: status and reason, the
// link to EUR-Lex, applicability, implementation, evidence, residual
// risk and gaps.
func (r *regWriter) craItems() {
	p := r.pdfWriter
	p.startChapter("Annex I requirements", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "For each essential requirement of Annex I: whether it applies, how the model implements it, the evidence, the residual risk and the gaps (CRA Art. 13(2) to (4)).")
	for i := range r.r.CRA.Items {
		r.craItem(&r.r.CRA.Items[i])
	}
}

const pdfItemLabelW = 30.0

func (r *regWriter) craItem(it *regulatory.CRAItem) {
	p := r.pdfWriter
	p.gap(4)
	p.headingMark(pdfStyleH2, it.ID+" "+it.Title, 40, 1)
	c := pdfRegStatusColor(it.Status)
	status := pdfStyleBold
	status.color = c
	p.labelled(pdfMarginLeft, p.innerWidth(), pdfItemLabelW, "Status", status, pdfStatusLabel(it.Status))
	p.labelled(pdfMarginLeft, p.innerWidth(), pdfItemLabelW, "Why", pdfStyleSmall, pdfSentence(it.Reason))
	if it.URL != "" {
		r.urlLine("Regulation", it.URL)
	}
	p.labelled(pdfMarginLeft, p.innerWidth(), pdfItemLabelW, "Applicability", pdfStyleSmall, it.Applicability)
	if len(it.Implementation) == 0 {
		p.labelled(pdfMarginLeft, p.innerWidth(), pdfItemLabelW, "Implementation", pdfStyleSmall, "No declared control implements it.")
	} else {
		var lines []string
		for _, dc := range it.Implementation {
			lines = append(lines, dc.ID+" ("+dc.Name+"), declared on "+pdfCapList(dc.On, 8))
		}
		r.labelledList("Implementation", lines)
	}
	if len(it.Facts) > 0 {
		p.labelled(pdfMarginLeft, p.innerWidth(), pdfItemLabelW, "Product facts", pdfStyleSmall, strings.Join(it.Facts, ", "))
	}
	r.cited("Evidence", "mitigated", "No related finding is mitigated.", it.Evidence, it.EvidenceCount)
	r.cited("Residual risk", "open, in progress or accepted", "No related finding is open, in progress or accepted.", it.Residual, it.ResidualCount)
	if len(it.Gaps) > 0 {
		p.gap(1)
		r.labelledList("Gaps", it.Gaps)
	}
}

// urlLine draws a label and a web address beside it that a PDF viewer
// opens when clicked.
func (r *regWriter) urlLine(label, url string) {
	p := r.pdfWriter
	st := pdfStyleSmall
	st.color = pdfColorTitle
	if p.measuring {
		p.my += st.lineH
		return
	}
	p.need(st.lineH)
	y := p.f.GetY()
	p.use(pdfStyleLabel)
	p.f.SetXY(pdfMarginLeft, y)
	p.f.CellFormat(pdfItemLabelW, st.lineH, label, "", 0, "L", false, 0, "")
	p.use(st)
	w := p.innerWidth() - pdfItemLabelW
	p.f.CellFormat(w, st.lineH, p.fit(url, w), "", 0, "L", false, 0, pdfMeta(url))
	p.f.SetY(y + st.lineH)
}

// labelledList draws a label with a bulleted list beside it.
func (r *regWriter) labelledList(label string, items []string) {
	p := r.pdfWriter
	if !p.measuring {
		p.need(pdfStyleSmall.lineH)
		p.use(pdfStyleLabel)
		p.f.SetXY(pdfMarginLeft, p.f.GetY())
		p.f.CellFormat(pdfItemLabelW, pdfStyleSmall.lineH, p.fit(label, pdfItemLabelW-1), "", 0, "L", false, 0, "")
	}
	for _, s := range items {
		p.bullet(pdfMarginLeft+pdfItemLabelW, p.innerWidth()-pdfItemLabelW, pdfStyleSmall, s)
	}
}

// cited lists an item's related findings of one kind (evidence or
// residual risk): a sentence, then a table of the worst, then how many
// more there are.
func (r *regWriter) cited(label, what, none string, refs []regulatory.FindingRef, total int) {
	p := r.pdfWriter
	if total == 0 {
		p.labelled(pdfMarginLeft, p.innerWidth(), pdfItemLabelW, label, pdfStyleSmall, none)
		return
	}
	p.gap(1)
	p.labelled(pdfMarginLeft, p.innerWidth(), pdfItemLabelW, label, pdfStyleSmall, document.Count(total, "related finding", "related findings")+" "+what+":")
	r.findingRefs(refs)
	if total > len(refs) {
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "… and "+document.Thousands(total-len(refs))+" more, less severe: the findings report lists them all.")
	}
}

// findingRefs tabulates cited findings: severity, id, title, and status
// with the tracking reason and expiry.
func (r *regWriter) findingRefs(refs []regulatory.FindingRef) {
	t := r.table(pdfColumn{title: "Severity", share: 1.3}, pdfColumn{title: "Finding", share: 3.6},
		pdfColumn{title: "Title", share: 4.6}, pdfColumn{title: "Status", share: 2})
	t.start()
	for _, f := range refs {
		status := f.Status
		if f.Reason != "" {
			status += "\n" + f.Reason
			if f.Until != "" {
				status += " (until " + f.Until + ")"
			}
		}
		t.row(pdfCell{text: f.Severity, severity: f.Severity}, pdfCell{text: f.ID, style: &pdfStyleMono},
			pdfCell{text: f.Title}, pdfCell{text: status})
	}
}

// craPaths is the residual risk as attack paths: the worst paths and the
// choke points.
func (r *regWriter) craPaths() {
	p, c := r.pdfWriter, r.r.CRA
	p.startChapter("Attack paths", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, c.PathsSummary+" Each path is a chain of findings or stated facts an attacker can follow; 'iotthreat paths' lists them all.")
	if len(c.Paths) > 0 {
		p.heading(pdfStyleH2, "The worst paths", 30)
		t := p.table(pdfColumn{title: "Path", share: 2.4}, pdfColumn{title: "Risk", share: 1.4}, pdfColumn{title: "From → to", share: 3},
			pdfColumn{title: "Steps", share: 6})
		t.start()
		for _, path := range c.Paths {
			steps := make([]string, 0, len(path.Steps))
			for _, s := range path.Steps {
				steps = append(steps, pdfOr(s.Finding, "fact "+s.Fact))
			}
			t.row(pdfCell{text: path.ID, style: &pdfStyleMono}, pdfCell{text: path.Risk, severity: path.Risk},
				pdfCell{text: path.Entry + " → " + path.Target, style: &pdfStyleMono}, pdfCell{text: strings.Join(steps, " → "), style: &pdfStyleMono})
		}
	}
	if len(c.ChokePoints) > 0 {
		p.heading(pdfStyleH2, "Choke points", 20)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The fixes that break the most paths, critical ones first.")
		p.gap(1)
		for _, ch := range c.ChokePoints {
			p.bullet(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, ch.Summary())
		}
	}
}

// craRisk counts the findings by severity and status.
func (r *regWriter) craRisk() {
	p := r.pdfWriter
	p.startChapter("Risk summary", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The findings of the analysis by severity and status: the overall picture the assessment rests on.")
	p.gap(2)
	cols := []pdfColumn{{title: "Severity", share: 1.3}}
	for _, st := range engine.Statuses {
		cols = append(cols, pdfColumn{title: st, share: 1, right: true})
	}
	t := p.table(cols...)
	t.start()
	for _, sev := range document.WorstFirst() {
		cells := []pdfCell{{text: sev, severity: sev}}
		for _, st := range engine.Statuses {
			cells = append(cells, pdfCell{text: document.Thousands(r.r.CRA.RiskSummary[sev][st])})
		}
		t.row(cells...)
	}
}
