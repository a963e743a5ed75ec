package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/report"
)

// WriteRegulatory writes a regulatory evidence document as a workbook: a
// Summary sheet (the disclaimer that it is evidence from the threat model
// and not a declaration of conformity, the system and product facts, and
// the counts a reviewer reads first), then the document's own sheets:
//
//   - CRA risk assessment: "Annex I", one row per item with its status,
//     applicability, implementation, evidence, residual risk and gaps;
//   - EN 18031 pre-fill: "Requirements" (each part's requirement
//     statuses), "Assets" (each part's assets, categories and
//     mechanisms, and the data left out), then one sheet per requirement
//     family (ACM, AUM, …) with a row per asset and requirement: the
//     outcome and the model facts behind it;
//   - EN 303 645 conformance statement: "Provisions".
//
// Every sheet prints as the findings workbook's do (landscape, one page
// wide, the sheet's name and page in the footer); the tables repeat their
// header row on every printed page, keep it frozen on screen and carry an
// autofilter. Text is written as string cells, never formulas, and cut
// with a note at the 32,767 characters a cell holds. The bytes are
// reproducible: the properties carry the document's date.
func WriteRegulatory(w io.Writer, d *regulatory.Document) error {
	if d == nil {
		return errors.New("xlsx: no regulatory document to write")
	}
	sheets, err := regulatorySheets(d)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	if err := st.addOutcomeFills(f); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	for _, s := range sheets[1:] {
		if _, err := f.NewSheet(s.name); err != nil {
			return fmt.Errorf("xlsx %s sheet: %w", s.name, err)
		}
	}
	for _, s := range sheets {
		if err := s.write(&xlsxSheet{f: f, st: st, name: s.name}); err != nil {
			return fmt.Errorf("xlsx %s sheet: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(regulatoryProps(d)); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "iotthreat"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// regSheet is one sheet of a regulatory workbook and how to write it.
type regSheet struct {
	name  string
	write func(*xlsxSheet) error
}

// regulatorySheets lists the workbook's sheets for the document's kind,
// the Summary first.
func regulatorySheets(d *regulatory.Document) ([]regSheet, error) {
	sheets := []regSheet{{sheetSummary, func(s *xlsxSheet) error { return writeRegulatorySummary(s, d) }}}
	switch d.Kind {
	case regulatory.CRA:
		if d.CRA == nil {
			return nil, errors.New("xlsx: the CRA document has no assessment")
		}
		sheets = append(sheets, regSheet{"Annex I", func(s *xlsxSheet) error { return writeAnnexI(s, d.CRA) }})
	case regulatory.EN18031:
		if d.EN18031 == nil {
			return nil, errors.New("xlsx: the EN 18031 document has no pre-fill")
		}
		sheets = append(sheets,
			regSheet{"Requirements", func(s *xlsxSheet) error { return writeEN18031Requirements(s, d.EN18031) }},
			regSheet{"Assets", func(s *xlsxSheet) error { return writeEN18031Assets(s, d.EN18031) }})
		for _, fam := range familySheets(d.EN18031) {
			sheets = append(sheets, regSheet{fam.sheet, func(s *xlsxSheet) error { return writeEN18031Family(s, d.EN18031, fam) }})
		}
	case regulatory.ETSI:
		if d.ICS == nil {
			return nil, errors.New("xlsx: the EN 303 645 document has no conformance statement")
		}
		sheets = append(sheets, regSheet{"Provisions", func(s *xlsxSheet) error { return writeProvisions(s, d.ICS) }})
	default:
		return nil, fmt.Errorf("xlsx: unknown regulatory document kind %q", d.Kind)
	}
	return sheets, nil
}

// regulatoryProps names the workbook after the document and dates it
// with the document's date, so that the same document gives the same
// bytes.
func regulatoryProps(d *regulatory.Document) *excelize.DocProperties {
	at := d.Date + "T00:00:00Z"
	tool := strings.TrimSpace("iotthreat " + d.Version)
	return &excelize.DocProperties{
		Title:          d.Title,
		Subject:        "Evidence prepared from the threat model of " + d.System.Name + "; not a declaration of conformity",
		Creator:        tool,
		LastModifiedBy: tool,
		Created:        at,
		Modified:       at,
	}
}

// writeRegulatorySummary writes the disclaimer, the system and product
// facts and the summary table.
func writeRegulatorySummary(s *xlsxSheet, d *regulatory.Document) error {
	st := s.st
	s.widths(map[int]float64{1: 30, 2: 60, 3: 12, 4: 12, 5: 12, 6: 12, 7: 14, 8: 40})
	s.printWide()
	s.add(xc(st.title, d.Title))
	s.add(xc(st.label, "Disclaimer"), xc(st.wrapLeft, d.Disclaimer))
	s.skip()
	p := d.Product
	parts := make([]string, len(p.EN18031Parts))
	for i, n := range p.EN18031Parts {
		parts[i] = strconv.Itoa(n)
	}
	facts := []struct{ label, value string }{
		{"System", d.System.Name},
		{"Description", d.System.Description},
		{"Owner", d.System.Owner},
		{"Intended purpose", p.IntendedPurpose},
		{"Reasonably foreseeable use", p.ForeseeableUse},
		{"Reasonably foreseeable misuse", p.ForeseeableMisuse},
		{"Support period ends", p.SupportUntil},
		{"Product category", p.Category},
		{"Vulnerability contact", p.VulnerabilityContact},
		{"SBOM", p.SBOM},
		{"EN 18031 parts (stated)", strings.Join(parts, ", ")},
		{"Assets in scope (stated)", strings.Join(p.Assets, report.ListSep)},
		{"Product facts missing", strings.Join(d.ProductMissing, report.ListSep)},
		{"Date", d.Date},
		{"Tool version", d.Version},
		{"Model files", strings.Join(d.Files, report.ListSep)},
	}
	for _, fact := range facts {
		v := fact.value
		if v == "" && fact.label != "Product facts missing" {
			v = "not stated"
		}
		s.add(xc(st.label, fact.label), xc(st.wrapLeft, v))
	}
	s.skip()
	statuses := summaryStatuses(d)
	s.add(xc(st.label, "Summary"))
	head := []excelize.Cell{xc(st.header, "standard"), xc(st.header, "name")}
	for _, status := range statuses {
		head = append(head, xc(st.header, status))
	}
	s.add(append(head, xc(st.header, "applicable"), xc(st.header, "why not"))...)
	for _, row := range d.Summary {
		cells := []excelize.Cell{xc(st.top, row.Standard), xc(st.wrapLeft, row.Name)}
		for _, status := range statuses {
			cells = append(cells, xc(st.top, row.Counts[status]))
		}
		s.add(append(cells, xc(st.top, yesNo(row.Applicable)), xc(st.wrapLeft, row.Reason))...)
	}
	if d.EN18031 != nil {
		s.skip()
		s.add(xc(st.label, "EN 18031 decisions by outcome"))
		s.add(xcs(st.header, "part", "assets", regulatory.Pass, regulatory.Fail, regulatory.NotApplicable)...)
		for _, part := range d.EN18031.Parts {
			s.add(xc(st.top, part.Standard), xc(st.top, len(part.Assets)), xc(st.top, part.Counts[regulatory.Pass]),
				xc(st.top, part.Counts[regulatory.Fail]), xc(st.top, part.Counts[regulatory.NotApplicable]))
		}
	}
	return s.err
}

// summaryStatuses are the summary table's count columns: the support
// values of a conformance statement, the requirement statuses otherwise.
func summaryStatuses(d *regulatory.Document) []string {
	if d.Kind == regulatory.ETSI {
		return []string{regulatory.Supported, regulatory.NotSupported, regulatory.NotApplicable}
	}
	return compliance.RequirementStatuses
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// citeFindings writes findings as "ID (severity, status)" with the
// tracking reason and expiry when there is one, one per line.
func citeFindings(refs []regulatory.FindingRef) string {
	lines := make([]string, len(refs))
	for i, r := range refs {
		s := r.ID + " (" + r.Severity + ", " + r.Status + ")"
		if r.Reason != "" {
			s += ": " + r.Reason
		}
		if r.Until != "" {
			s += " until " + r.Until
		}
		lines[i] = s
	}
	return strings.Join(lines, "\n")
}

// regulatoryFills colour the regulatory statuses and outcomes from the
// one palette: what fails like a high finding, what is partial like a
// medium one, what is met like "no open findings", not applicable grey.
var regulatoryFills = []struct{ key, fill string }{
	{compliance.Gap, severityFill("high")},
	{compliance.Partial, severityFill("medium")},
	{compliance.Addressed, severityFill("none")},
	{compliance.NotApplicable, "#eceff1"},
	{regulatory.Fail, severityFill("high")},
	{regulatory.Pass, severityFill("none")},
	{regulatory.NotSupported, severityFill("high")},
	{regulatory.Supported, severityFill("none")},
}

// addOutcomeFills registers the regulatory fills, in a fixed order so
// that style ids, and the bytes, do not vary.
func (st *xlsxStyles) addOutcomeFills(f *excelize.File) error {
	st.outcome = map[string]int{}
	for _, o := range regulatoryFills {
		id, err := f.NewStyle(&excelize.Style{
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{o.fill}},
			Alignment: &excelize.Alignment{Vertical: "top"},
		})
		if err != nil {
			return err
		}
		st.outcome[o.key] = id
	}
	return nil
}

// outcomeStyle colours a status or outcome; an unknown one stays plain.
func (st *xlsxStyles) outcomeStyle(s string) int {
	if id, ok := st.outcome[s]; ok {
		return id
	}
	return st.top
}
