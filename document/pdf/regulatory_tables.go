package pdf

import (
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/regulatory"
)

// The chapters of the EN 18031 pre-fill and of the EN 303 645
// conformance statement.

// pdfMatrixAssets is how many assets one decision matrix shows side by
// side; more assets get more matrices, so that a column stays wide
// enough for "fail".
const pdfMatrixAssets = 7

// part is one EN 18031 part's chapter: whether it applies, the decision
// matrix (requirement × asset), the requirements with their status and
// restrictions, the data assets left out, then each asset's decisions
// with the model facts behind them.
func (r *regWriter) part(part *regulatory.EN18031Part) {
	p := r.pdfWriter
	p.startChapter(strings.Replace(part.Standard, "en-", "EN ", 1), false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleH3, part.Name)
	p.gap(1)
	if !part.Applicable {
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Does not apply: "+part.Reason)
		return
	}
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Applies: "+pdfOr(part.Reason, "the model's facts or product.en_18031_parts")+".")
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Decisions: "+document.Thousands(part.Counts[regulatory.Pass])+" pass, "+
		document.Thousands(part.Counts[regulatory.Fail])+" fail, "+document.Thousands(part.Counts[regulatory.NotApplicable])+" not applicable.")
	shown := part.Assets[:min(len(part.Assets), regulatory.MaxShownAssets)]
	if len(part.Assets) > 0 {
		p.headingMark(pdfStyleH2, "Decisions by asset", 40, 1)
		if more := len(part.Assets) - len(shown); more > 0 {
			p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "This document writes out the first "+document.Thousands(len(shown))+" of "+
				document.Thousands(len(part.Assets))+" assets, in the part's order; the Markdown, JSON and XLSX forms hold every asset's decisions. The counts above are over all of them.")
			p.gap(1)
		}
		for from := 0; from < len(shown); from += pdfMatrixAssets {
			r.matrix(part, from, min(from+pdfMatrixAssets, len(shown)))
		}
	}
	p.headingMark(pdfStyleH2, "Requirements", 30, 1)
	t := p.table(pdfColumn{title: "Requirement", share: 1.6}, pdfColumn{title: "Title (paraphrased)", share: 5},
		pdfColumn{title: "Status", share: 1.6}, pdfColumn{title: "Why", share: 4.4})
	t.start()
	for _, req := range part.Requirements {
		title := req.Title
		if req.Restriction != "" {
			title += "\nRestriction: " + req.Restriction
		}
		t.row(pdfCell{text: req.ID, style: &pdfStyleBold}, pdfCell{text: title}, statusCell(req.Status), pdfCell{text: req.Reason})
	}
	if len(part.Excluded) > 0 {
		p.headingMark(pdfStyleH2, "Data assets this part does not assess", 15, 1)
		for _, e := range part.Excluded {
			p.bullet(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, e)
		}
	}
	for i := range shown {
		r.asset(&shown[i])
	}
}

// matrix draws the decisions on the assets from..to-1 of a part: a row
// per requirement, a column per asset, numbered A1, A2… and named in a
// key above the table, since asset ids are too long for a column head.
func (r *regWriter) matrix(part *regulatory.EN18031Part, from, to int) {
	p := r.pdfWriter
	var key []string
	cols := []pdfColumn{{title: "Requirement", share: 2.2}}
	for i := from; i < to; i++ {
		a := &part.Assets[i]
		key = append(key, "A"+strconv.Itoa(i+1)+" "+a.ID+" ("+a.Category+")")
		cols = append(cols, pdfColumn{title: "A" + strconv.Itoa(i+1), share: 1})
	}
	for len(cols) < pdfMatrixAssets+1 {
		cols = append(cols, pdfColumn{share: 1}) // equal widths in every matrix
	}
	p.need(30)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, strings.Join(key, " · "))
	p.gap(1)
	t := p.table(cols...)
	t.start()
	row := map[string]int{}
	var rows [][]pdfCell
	for i := from; i < to; i++ {
		for _, dec := range part.Assets[i].Decisions {
			k, ok := row[dec.Requirement]
			if !ok {
				k = len(rows)
				row[dec.Requirement] = k
				label := dec.Requirement
				if dec.Restriction != "" {
					label += " (restricted)"
				}
				cells := make([]pdfCell, len(cols))
				cells[0] = pdfCell{text: label, style: &pdfStyleBold}
				rows = append(rows, cells)
			}
			c := statusCell(dec.Outcome)
			if dec.Outcome == regulatory.NotApplicable {
				c.text = "n/a"
			}
			rows[k][i-from+1] = c
		}
	}
	for _, cells := range rows {
		t.row(cells...)
	}
	p.gap(1)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "n/a: not applicable. Restricted: the Official Journal restricts the presumption of conformity (see the requirements table).")
	p.gap(2)
}

// asset is one asset's section: its category and why, the mechanisms the
// model states for it, and its decisions with the facts behind them.
func (r *regWriter) asset(a *regulatory.AssetAssessment) {
	p := r.pdfWriter
	p.gap(3)
	p.headingMark(pdfStyleH2, "Asset "+a.ID+": "+a.Name+" ("+a.Category+" asset)", 40, 1)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, a.CategoryReason)
	if len(a.Mechanisms) > 0 {
		p.gap(1)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleLabel, "Mechanisms the model states for it")
		for _, m := range a.Mechanisms {
			p.bullet(pdfMarginLeft, p.innerWidth(), pdfStyleSmall, m)
		}
	}
	p.gap(1.5)
	// The facts name the related findings ("finding … is open"); the
	// HTML lists their ids in a column of their own as well.
	t := p.table(pdfColumn{title: "Requirement", share: 3}, pdfColumn{title: "Outcome", share: 1.5},
		pdfColumn{title: "Model facts", share: 8})
	t.start()
	for _, dec := range a.Decisions {
		facts := "• " + strings.Join(dec.Facts, "\n• ")
		if len(dec.Facts) == 0 {
			facts = ""
		}
		if dec.Restriction != "" {
			facts += "\nRestriction: " + dec.Restriction
		}
		t.row(pdfCell{text: dec.Requirement + "\n" + dec.Title}, statusCell(dec.Outcome), pdfCell{text: strings.TrimPrefix(facts, "\n")})
	}
}

// provisions is the conformance statement: one row per provision with
// its support, the detail and the declared controls citing it.
func (r *regWriter) provisions() {
	p, c := r.pdfWriter, r.r.ICS
	p.startChapter("Provisions", false)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "Each provision of ETSI EN 303 645 as the model supports it. A provision the model says nothing about is not supported until evidence from outside the model shows otherwise.")
	p.gap(2)
	t := p.table(pdfColumn{title: "Provision", share: 1.4}, pdfColumn{title: "Title (paraphrased)", share: 4},
		pdfColumn{title: "Support", share: 2.3}, pdfColumn{title: "Detail", share: 5}, pdfColumn{title: "Declared controls", share: 2.4})
	t.start()
	for _, pr := range c.Provisions {
		t.row(pdfCell{text: pr.ID, style: &pdfStyleBold}, pdfCell{text: pr.Title}, statusCell(pr.Support),
			pdfCell{text: pr.Detail}, pdfCell{text: pdfCapList(pr.Controls, 8)})
	}
}
