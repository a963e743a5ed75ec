package pdf

import (
	"strings"

	"github.com/iotthreat/iotthreat/document"
)

// sections lists, for each element with threats, its own findings and
// those on the flows it sends or receives, so a component's owner finds
// their work in one place. Ids link to the findings.
func (p *pdfWriter) sections() {
	p.startChapter("Findings by element", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Each element with findings, in model order, after the threats to the system as a whole. Finding ids link to the full finding.")
	for _, s := range p.d.Sections {
		if len(s.Findings)+len(s.FlowFindings) == 0 {
			continue
		}
		title := s.Name
		if s.ID != "" && s.ID != s.Name {
			title += " (" + s.ID + ")"
		}
		p.gap(2)
		p.headingMark(pdfStyleH3, title, 22, 1)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, pdfSectionFacts(&s))
		p.gap(1)
		if len(s.Findings) > 0 {
			p.findingTable(s.Findings)
		}
		if len(s.FlowFindings) > 0 {
			p.gap(1.5)
			p.need(20)
			p.text(pdfMarginLeft, p.innerWidth(), pdfStyleLabel, "On the flows it sends or receives")
			p.findingTable(s.FlowFindings)
		}
	}
}

// pdfSectionFacts is the line under an element's heading.
func pdfSectionFacts(s *document.Section) string {
	var parts []string
	if s.Kind != "" {
		parts = append(parts, s.Kind)
	}
	if s.Boundary != "" {
		parts = append(parts, "in "+s.Boundary)
	}
	if src := pdfSource(s.Source); src != "" {
		parts = append(parts, src)
	}
	n := len(s.Findings) + len(s.FlowFindings)
	status := document.Count(n, "finding", "findings") + ", " + document.Thousands(s.Open) + " open"
	if s.Worst != "" {
		status += ", worst " + s.Worst
	}
	return strings.Join(append(parts, status), " · ")
}

// findingTable is a short list of findings: id, severity, status, title.
// Only findings written out in full are listed: a list of every finding
// of a huge model is thousands of pages no one reads (see
// Document.Detailed). The rest are counted, and when none is listed the
// table is left out rather than drawn as a header without rows.
func (p *pdfWriter) findingTable(indexes []int) {
	var listed []int
	for _, i := range indexes {
		if i < p.d.Detailed {
			listed = append(listed, i)
		}
	}
	if len(listed) > 0 {
		t := p.table(pdfColumn{title: "Finding", share: 3.8}, pdfColumn{title: "Severity", share: 1.2},
			pdfColumn{title: "Status", share: 1.2}, pdfColumn{title: "Title", share: 4.6})
		t.start()
		for _, i := range listed {
			f := &p.d.Findings[i]
			t.row(pdfCell{text: f.ID, style: &pdfStyleMono, link: p.links[i]}, pdfCell{text: f.Severity, severity: f.Severity},
				pdfCell{text: f.Status}, pdfCell{text: f.Title})
		}
	}
	if omitted := len(indexes) - len(listed); omitted > 0 {
		what := document.Count(omitted, "less severe finding", "less severe findings")
		if len(listed) > 0 {
			what = "… and " + what
		}
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, what+" not written out in this report; the CSV, XLSX and JSON outputs list them.")
	}
}
