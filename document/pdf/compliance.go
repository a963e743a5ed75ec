package pdf

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
)

// checklist is the to-do list: every control that would mitigate a
// finding, most open risk first, then the findings no control covers.
func (p *pdfWriter) checklist() {
	d := p.d
	p.startChapter("Mitigation checklist", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Controls that mitigate the findings, ordered by the open risk each would retire (every open finding weighs its severity). Declare a control in the model once it is in place and the findings it mitigates are reported as mitigated by design.")
	p.gap(2)
	if len(d.Checklist) > 0 {
		t := p.table(pdfColumn{title: "Control", share: 4.2}, pdfColumn{title: "Declared", share: 2.6},
			pdfColumn{title: "Findings", share: 1, right: true}, pdfColumn{title: "Open", share: 0.9, right: true})
		t.start()
		for _, it := range d.Checklist {
			name := it.Name
			if it.ID != it.Name {
				name += " (" + it.ID + ")"
			}
			if it.Description != "" {
				name += "\n" + it.Description
			}
			name += pdfBreaks(&it)
			t.row(pdfCell{text: name}, pdfCell{text: pdfDeclared(it.Declared)},
				pdfCell{text: document.Thousands(len(it.Findings))}, pdfCell{text: document.Thousands(it.Open), style: &pdfStyleBold})
		}
	}
	if len(d.Unguided) == 0 {
		return
	}
	p.headingMark(pdfStyleH2, fmt.Sprintf("Findings no known control mitigates (%s)", document.Thousands(len(d.Unguided))), 25, 1)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Their mitigations are in the findings; no control in the vocabulary covers them yet.")
	p.gap(1)
	p.findingTable(d.Unguided)
}

// compliance shows, per standard, which provisions have open findings
// (gap), which are addressed by resolved findings or declared controls,
// and which the model says nothing about.
func (p *pdfWriter) compliance() {
	p.startChapter("Compliance", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "A provision is a gap while a related finding is open, addressed when its findings are resolved or a declared control helps satisfy it, and not covered when the model holds no evidence either way; those need evidence from outside the threat model. Counts are of the most detailed provisions, and of a group of provisions when evidence cites the group as a whole.")
	if p.d.Compliance == nil {
		return
	}
	for i := range p.d.Compliance.Standards {
		p.standard(&p.d.Compliance.Standards[i])
	}
}

func (p *pdfWriter) standard(std *compliance.Standard) {
	p.gap(3)
	p.headingMark(pdfStyleH2, pdfOr(std.Name, std.ID), 30, 1)
	var counts []string
	for _, s := range compliance.Statuses {
		label := strings.ReplaceAll(s, "-", " ")
		if s == compliance.Gap && std.Counts[s] != 1 {
			label = "gaps"
		}
		counts = append(counts, document.Thousands(std.Counts[s])+" "+label)
	}
	line := strings.Join(counts, " · ")
	if std.URL != "" {
		line += " · " + std.URL
	}
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, line)
	p.gap(1.5)
	id := p.provisionShare(std)
	t := p.table(pdfColumn{title: "Provision", share: id}, pdfColumn{title: "Title", share: 5.8 - id},
		pdfColumn{title: "Status", share: 1.4}, pdfColumn{title: "Open / all", share: 1.1, right: true}, pdfColumn{title: "Declared controls", share: 2.6})
	t.start()
	for _, it := range std.Items {
		indent := 0.0
		if it.Parent != "" {
			indent = 3
		}
		var controls []string
		for _, c := range it.Controls {
			controls = append(controls, c.ID)
		}
		color := pdfStatusColor(it.Status)
		st := pdfStyleSmall
		if it.Parent == "" {
			st = pdfStyleBold
		}
		t.row(pdfCell{text: it.ID, style: &st, indent: indent}, pdfCell{text: it.Title, style: &st, indent: indent},
			pdfCell{text: strings.ReplaceAll(it.Status, "-", " "), style: &pdfStyleBold, color: &color},
			pdfCell{text: document.Thousands(it.Open) + " / " + document.Thousands(len(it.Findings))}, pdfCell{text: pdfCapList(controls, 8)})
	}
}

// provisionShare is the provision column's share of the compliance
// table (10.9 shares in all; the title column gives up what it takes): as
// wide as the standard's longest id, so that ids are not broken mid-word
// (NISTIR 8259A's are words such as "cybersecurity-state-awareness"), no
// narrower than ETSI's "5.13-1" needs and no wider than a third of the
// page.
func (p *pdfWriter) provisionShare(std *compliance.Standard) float64 {
	p.use(pdfStyleBold)
	widest := 0.0
	for _, it := range std.Items {
		widest = max(widest, p.f.GetStringWidth(it.ID))
	}
	need := min(widest+2*pdfCellPad+3+0.5, p.innerWidth()/3) // 3: a sub-provision's indent
	return max(1.3, 10.9*need/p.innerWidth())
}

// pdfStatusColor colours a provision status: red for a gap, green when
// addressed, grey when the model says nothing.
func pdfStatusColor(status string) pdfRGB {
	switch status {
	case compliance.Gap:
		return pdfSeverityColors["high"].border
	case compliance.Addressed:
		return pdfColorGood
	}
	return pdfColorMuted
}
