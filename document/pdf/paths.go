package pdf

import (
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/document"
)

// attackPaths is the "Attack paths" chapter: what the paths add up to,
// the choke points, then each of the worst paths as a table of steps
// whose findings link to their full entries.
func (p *pdfWriter) attackPaths() {
	a := &p.d.Paths
	p.startChapter("Attack paths", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, a.Summary()+" Each step is allowed by a finding or by a fact the model states; a path's risk is its weakest step's likelihood against its target's impact. 'iotthreat paths' lists every path; 'iotthreat diagram --path ID' draws one.")
	if len(a.ChokePoints) > 0 {
		p.headingMark(pdfStyleH2, "Choke points", 20, 1)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The fixes that break the most paths, critical ones first.")
		p.gap(1)
		for _, c := range a.ChokePoints {
			p.bullet(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, c.Summary())
		}
	}
	p.pathSteps(a)
	if len(a.Truncated) > 0 {
		p.gap(2)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "Limits reached: "+strings.Join(a.Truncated, "; ")+".")
	}
	if len(a.Excluded) > 0 {
		p.headingMark(pdfStyleH2, "Left out by the model", 20, 1)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The model's attack_paths block leaves these entry points and targets out of the search, each for the reason it gives.")
		p.gap(1)
		for _, x := range a.Excluded {
			p.bullet(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, x.String())
		}
	}
}

// pathSteps writes each of the worst paths as a table of its steps.
func (p *pdfWriter) pathSteps(a *document.AttackPaths) {
	if len(a.Paths) == 0 {
		return
	}
	title := "Paths"
	if len(a.Paths) < a.Found {
		title = "The " + strconv.Itoa(len(a.Paths)) + " worst paths"
	}
	p.headingMark(pdfStyleH2, title, 30, 1)
	links := map[string]int{}
	for i := range p.links {
		links[p.d.Findings[i].ID] = p.links[i]
	}
	for _, path := range a.Paths {
		p.gap(2)
		p.headingMark(pdfStyleH3, path.Risk+": "+path.Entry+" → "+path.Target+" ("+path.ID+")", 22, 2)
		facts := "Likelihood " + path.Likelihood + ", impact " + path.Impact + "."
		if path.Unknown {
			facts += " Some step rests on a fact the model leaves unstated."
		}
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, facts)
		p.gap(1)
		t := p.table(pdfColumn{title: "Step", share: 3.1}, pdfColumn{title: "Allowed by", share: 2.8},
			pdfColumn{title: "Why", share: 3.9}, pdfColumn{title: "At", share: 2.8})
		t.start()
		for i, s := range path.Steps {
			by := pdfCell{text: s.Finding + " (" + s.Status + ", " + s.Likelihood + ")", style: &pdfStyleMono, link: links[s.Finding]}
			if s.Finding == "" {
				by = pdfCell{text: "fact " + s.Fact}
			}
			t.row(pdfCell{text: strconv.Itoa(i+1) + ". " + s.From + " → " + s.To, style: &pdfStyleMono}, by,
				pdfCell{text: s.Reason}, pdfCell{text: s.Location, style: &pdfStyleMono})
		}
	}
}

// pdfBreaks is what a checklist entry adds about the attack paths
// declaring the control breaks (document.ChecklistItem.Breaks).
func pdfBreaks(it *document.ChecklistItem) string {
	s := ""
	for _, b := range it.Breaks {
		s += "\nAttack paths: " + b
	}
	return s
}
