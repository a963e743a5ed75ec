package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/report"
)

// regColumn is one column of a regulatory table: its header and width.
type regColumn struct {
	header string
	width  float64
}

// startTable sets the columns' widths, freezes the header row and writes
// it. rows is the number of rows the table will have below its header:
// more than a sheet holds is an error, before anything is written.
func (s *xlsxSheet) startTable(cols []regColumn, rows int) {
	if rows+1 > excelize.TotalRows {
		s.err = fmt.Errorf("%s rows do not fit in a spreadsheet, whose sheets hold at most %s rows; write JSON or Markdown instead",
			document.Thousands(rows), document.Thousands(excelize.TotalRows-1))
		return
	}
	w := make(map[int]float64, len(cols))
	head := make([]string, len(cols))
	for i, c := range cols {
		w[i+1] = headerWidth(c.header, c.width)
		head[i] = c.header
	}
	s.widths(w)
	s.freezeHeader()
	s.add(xcs(s.st.header, head...)...)
}

// endTable filters the table, sets the print layout and repeats the
// header row on every printed page.
func (s *xlsxSheet) endTable(cols, rows int) error {
	s.filter(cols, rows+1)
	s.printWide()
	if s.err == nil {
		s.err = repeatHeader(s.f, s.name)
	}
	return s.err
}

// link makes a cell a hyperlink to an http(s) address; other schemes (a
// model's own standard may name any URL) stay plain text.
func (s *xlsxSheet) link(col int, url string) {
	if s.err != nil || !(strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) || len(url) > 2000 {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(col, s.row)
	s.err = s.f.SetCellHyperLink(s.name, cell, url, "External")
}

var annexIColumns = []regColumn{
	{"item", 8}, {"title", 40}, {"status", 14}, {"reason", 40}, {"applicability", 40},
	{"implementation", 40}, {"evidence", 36}, {"residual risk", 40}, {"gaps", 40},
}

// writeAnnexI writes one row per Annex I item.
func writeAnnexI(s *xlsxSheet, a *regulatory.CRAAssessment) error {
	st := s.st
	s.startTable(annexIColumns, len(a.Items))
	for _, it := range a.Items {
		impl := make([]string, 0, len(it.Implementation)+len(it.Facts))
		for _, c := range it.Implementation {
			impl = append(impl, declaredControl(c))
		}
		impl = append(impl, it.Facts...)
		s.add(xc(st.top, it.ID), xc(st.wrap, it.Title), xc(st.outcomeStyle(it.Status), it.Status), xc(st.wrap, it.Reason),
			xc(st.wrap, it.Applicability), xc(st.wrap, strings.Join(impl, "\n")), xc(st.wrap, citeFindings(it.Evidence)),
			xc(st.wrap, citeFindings(it.Residual)), xc(st.wrap, strings.Join(it.Gaps, "\n")))
		s.link(1, it.URL)
	}
	return s.endTable(len(annexIColumns), len(a.Items))
}

// declaredControl writes a control with where it is declared:
// "secure-boot (element device, element gateway)".
func declaredControl(c compliance.DeclaredControl) string {
	if len(c.On) == 0 {
		return c.ID
	}
	return c.ID + " (" + strings.Join(c.On, ", ") + ")"
}

var requirementColumns = []regColumn{
	{"part", 12}, {"requirement", 12}, {"title", 40}, {"parent", 9}, {"status", 14}, {"reason", 50},
	{"declared controls", 36}, {"findings", 9}, {"open", 7}, {"restriction", 40},
}

// writeEN18031Requirements writes each part's requirements with their
// status for the product as a whole.
func writeEN18031Requirements(s *xlsxSheet, p *regulatory.EN18031Prefill) error {
	st := s.st
	rows := 0
	for _, part := range p.Parts {
		rows += len(part.Requirements)
	}
	s.startTable(requirementColumns, rows)
	for _, part := range p.Parts {
		for _, r := range part.Requirements {
			ids := make([]string, len(r.Controls))
			for i, c := range r.Controls {
				ids[i] = c.ID
			}
			s.add(xc(st.top, part.Standard), xc(st.top, r.ID), xc(st.wrap, r.Title), xc(st.top, r.Parent),
				xc(st.outcomeStyle(r.Status), r.Status), xc(st.wrap, r.Reason), xc(st.wrap, strings.Join(ids, report.ListSep)),
				xc(st.top, len(r.Findings)), xc(st.top, r.Open), xc(st.wrap, r.Restriction))
		}
	}
	return s.endTable(len(requirementColumns), rows)
}

var assetColumns = []regColumn{
	{"part", 12}, {"asset", 24}, {"name", 24}, {"category", 12}, {"why this category", 40},
	{"mechanisms", 50}, {regulatory.Pass, 7}, {regulatory.Fail, 7}, {regulatory.NotApplicable, 9},
}

// writeEN18031Assets writes each part's assets with their category and
// mechanisms and the decisions counted by outcome, then the data assets
// each part leaves out, with why.
func writeEN18031Assets(s *xlsxSheet, p *regulatory.EN18031Prefill) error {
	st := s.st
	rows := 0
	for _, part := range p.Parts {
		rows += len(part.Assets) + len(part.Excluded)
	}
	s.startTable(assetColumns, rows)
	for _, part := range p.Parts {
		for _, a := range part.Assets {
			n := map[string]int{}
			for _, d := range a.Decisions {
				n[d.Outcome]++
			}
			mech := strings.Join(a.Mechanisms, "\n")
			if mech == "" {
				mech = "none stated"
			}
			s.add(xc(st.top, part.Standard), xc(st.wrap, a.ID), xc(st.wrap, a.Name), xc(st.top, a.Category),
				xc(st.wrap, a.CategoryReason), xc(st.wrap, mech),
				xc(st.top, n[regulatory.Pass]), xc(st.top, n[regulatory.Fail]), xc(st.top, n[regulatory.NotApplicable]))
		}
		for _, ex := range part.Excluded {
			id, why, _ := strings.Cut(ex, ": ")
			s.add(xc(st.top, part.Standard), xc(st.wrap, id), xc(st.wrap, ""), xc(st.top, "not assessed"), xc(st.wrap, why))
		}
	}
	return s.endTable(len(assetColumns), rows)
}

var familyColumns = []regColumn{
	{"part", 12}, {"asset", 24}, {"category", 11}, {"requirement", 12}, {"title", 32},
	{"outcome", 14}, {"facts", 60}, {"findings", 36}, {"restriction", 30},
}

// writeEN18031Family writes one row per asset and requirement of the
// sheet's families: the outcome and the model facts behind it.
func writeEN18031Family(s *xlsxSheet, p *regulatory.EN18031Prefill, fam familySheet) error {
	st := s.st
	rows := 0
	for _, part := range p.Parts {
		for _, a := range part.Assets {
			for _, d := range a.Decisions {
				if fam.families[d.Family] {
					rows++
				}
			}
		}
	}
	s.startTable(familyColumns, rows)
	for _, part := range p.Parts {
		for _, a := range part.Assets {
			for _, d := range a.Decisions {
				if !fam.families[d.Family] {
					continue
				}
				s.add(xc(st.top, part.Standard), xc(st.wrap, a.ID), xc(st.top, a.Category), xc(st.top, d.Requirement),
					xc(st.wrap, d.Title), xc(st.outcomeStyle(d.Outcome), d.Outcome), xc(st.wrap, strings.Join(d.Facts, "\n")),
					xc(st.wrap, citeFindings(d.Findings)), xc(st.wrap, d.Restriction))
			}
		}
	}
	return s.endTable(len(familyColumns), rows)
}

var provisionColumns = []regColumn{
	{"provision", 10}, {"title", 44}, {"support", 14}, {"detail", 56}, {"declared controls", 32}, {"open findings", 40},
}

// writeProvisions writes the conformance statement, one provision a row.
func writeProvisions(s *xlsxSheet, ics *regulatory.ConformanceStatement) error {
	st := s.st
	s.startTable(provisionColumns, len(ics.Provisions))
	for _, pr := range ics.Provisions {
		s.add(xc(st.top, pr.ID), xc(st.wrap, pr.Title), xc(st.outcomeStyle(pr.Support), pr.Support), xc(st.wrap, pr.Detail),
			xc(st.wrap, strings.Join(pr.Controls, report.ListSep)), xc(st.wrap, citeFindings(pr.Findings)))
	}
	return s.endTable(len(provisionColumns), len(ics.Provisions))
}
