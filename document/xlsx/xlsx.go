package xlsx

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/report"
)

// The sheets of the workbook, in order.
const (
	sheetSummary    = "Summary"
	sheetFindings   = "Findings"
	sheetChecklist  = "Checklist"
	sheetCompliance = "Compliance"
)

// Write writes the document as an Excel workbook for people who triage
// and track findings in a spreadsheet: a Summary sheet (the system, the
// severity × status matrix, open findings by STRIDE, compliance counts), a
// Findings sheet with the same columns as CSV (report.Columns),
// filterable and with severities coloured as in the diagram, the
// mitigation Checklist and the Compliance provisions.
//
// The sheets print in landscape, one page wide, with the sheet's name and
// page number in the footer; the Findings and Compliance tables repeat
// their header row at the top of every page. (The Checklist's does not:
// its second table, of findings without a control, has its own header.)
//
// Text is written as string cells (shared or inline strings), never as
// formulas: a spreadsheet shows =HYPERLINK(…) from a model as text and
// does not evaluate it (only retyping the cell would), so unlike CSV no
// cell gets an apostrophe, which here would show as part of the text.
// TestXLSXHostileText checks this.
// The bytes are reproducible: the document properties carry
// Document.Date rather than the time of writing, and the zip entries
// carry no timestamps.
func Write(w io.Writer, d *document.Document) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	for _, name := range []string{sheetFindings, sheetChecklist, sheetCompliance} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	steps := []struct {
		sheet string
		write func(*excelize.File, *xlsxStyles, *document.Document) error
	}{
		{sheetSummary, writeSummarySheet},
		{sheetFindings, writeFindingsSheet},
		{sheetChecklist, writeChecklistSheet},
		{sheetCompliance, writeComplianceSheet},
	}
	for _, s := range steps {
		if err := s.write(f, st, d); err != nil {
			return fmt.Errorf("xlsx %s sheet: %w", s.sheet, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(docProps(d)); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "iotthreat"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// docProps names the workbook as the PDF does and fixes its dates to the
// report's, so that the same document gives the same bytes.
func docProps(d *document.Document) *excelize.DocProperties {
	at := d.Date + "T00:00:00Z"
	tool := strings.TrimSpace("iotthreat " + d.Version)
	return &excelize.DocProperties{
		Title:          "Threat model: " + d.System.Name,
		Subject:        "Threats, mitigations and compliance coverage",
		Creator:        tool,
		LastModifiedBy: tool,
		Created:        at,
		Modified:       at,
	}
}

// MaxFindings is the most findings a workbook holds: a sheet has at most
// 1,048,576 rows (the limit of Excel and of the format), one of them the
// header. Write refuses more with a TooManyRowsError.
const MaxFindings = excelize.TotalRows - 1

// TooManyRowsError says a model has more findings than a sheet can hold.
type TooManyRowsError struct {
	Findings, Max int
}

func (e *TooManyRowsError) Error() string {
	return fmt.Sprintf("%s findings do not fit in a spreadsheet, whose sheets hold at most %s rows; write CSV or JSON instead, or select rules with --only or --disable",
		document.Thousands(e.Findings), document.Thousands(e.Max))
}

// writeFindingsSheet writes one row per finding with the columns CSV
// has. It streams, because a large model has tens of thousands of
// findings. Only this sheet streams: excelize writes streamed sheets in
// map order, so a second one would make the bytes vary between runs.
func writeFindingsSheet(f *excelize.File, st *xlsxStyles, d *document.Document) error {
	if len(d.Findings) > MaxFindings {
		return &TooManyRowsError{Findings: len(d.Findings), Max: MaxFindings}
	}
	columns := report.Columns()
	if err := printWide(f, sheetFindings); err != nil {
		return err
	}
	if err := repeatHeader(f, sheetFindings); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetFindings)
	if err != nil {
		return err
	}
	for i, c := range columns {
		if err := sw.SetColWidth(i+1, i+1, headerWidth(c.Header, c.Width)); err != nil {
			return err
		}
	}
	// Keep the header and the finding id in view while scrolling.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	row := make([]any, len(columns))
	for i, c := range columns {
		row[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	sev := columnIndex(columns, "severity")
	for fi := range d.Findings {
		fd := &d.Findings[fi]
		lines := 1
		for i, c := range columns {
			v := c.Value(fd)
			style := st.top
			switch {
			case i == sev:
				style = st.severityStyle(fd.Severity)
			case c.Wrap:
				style = st.wrap
				lines = max(lines, textLines(v.(string), c.Width))
			}
			row[i] = excelize.Cell{StyleID: style, Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, fi+2)
		if err := sw.SetRow(cell, row, excelize.RowOpts{Height: rowHeight(lines)}); err != nil {
			return err
		}
	}
	// The filter is recorded in the worksheet the stream writer flushes.
	if err := f.AutoFilter(sheetFindings, tableRange(len(columns), len(d.Findings)+1), nil); err != nil {
		return err
	}
	return sw.Flush()
}

// columnIndex finds a column by header; -1 when there is none.
func columnIndex(columns []report.Column, header string) int {
	return slices.IndexFunc(columns, func(c report.Column) bool { return c.Header == header })
}

// headerWidth widens a column, if need be, to show its header beside the
// autofilter's drop-down button, which takes about three characters.
func headerWidth(header string, width float64) float64 {
	return max(width, float64(len(header))+3)
}

// textLines estimates how many lines a wrapped cell needs in a column of
// the given width. The width counts the default font's "0"; about 1.1
// times as many letters fit on a line, less the ragged ends of words.
// Row heights must be written out: LibreOffice shows a row without one at
// the default height, cutting wrapped text to its first line.
func textLines(s string, width float64) int {
	perLine := max(int(width*1.1), 1)
	n := 0
	for _, para := range strings.Split(s, "\n") {
		n += max(1, (utf8.RuneCountInString(para)+perLine-1)/perLine)
	}
	return n
}

// rowHeight is the height in points of a row of so many lines of the
// default 11-point font, at most the 409 points Excel allows.
func rowHeight(lines int) float64 {
	return min(15*float64(lines), 409)
}

// tableRange is "A1:<last column><last row>".
func tableRange(cols, rows int) string {
	end, _ := excelize.CoordinatesToCellName(cols, max(rows, 1))
	return "A1:" + end
}

// writeSummarySheet writes the overview: the system, the counts by
// severity and status, open findings by STRIDE and compliance counts.
func writeSummarySheet(f *excelize.File, st *xlsxStyles, d *document.Document) error {
	s := &xlsxSheet{f: f, st: st, name: sheetSummary}
	s.widths(map[int]float64{1: 30, 2: 44, 3: 14, 4: 14, 5: 14, 6: 14, 7: 14})
	s.printWide()
	s.add(xc(st.title, "Threat model: "+d.System.Name))
	s.skip()
	facts := []struct {
		label string
		value any
	}{
		{"System", d.System.Name},
		{"Description", d.System.Description},
		{"Owner", d.System.Owner},
		{"Criticality", d.System.Criticality},
		{"Deployed units", deployedUnits(d.System.Deployment)},
		{"Report date", d.Date},
		{"Tool version", d.Version},
		{"Model files", strings.Join(d.Files, report.ListSep)},
		{"Findings", d.Summary.Total},
		{"Open or in-progress findings", openOrInProgress(d)},
		{"Rules evaluated", d.Summary.Rules},
		{"Targets", d.Summary.Targets},
		{"Orphaned tracking entries", len(d.Orphaned)},
	}
	for _, fact := range facts {
		s.add(xc(st.label, fact.label), xc(st.wrapLeft, fact.value))
	}
	s.skip()
	summaryMatrix(s, st, d)
	s.skip()
	summaryStride(s, st, d)
	if d.Compliance != nil {
		s.skip()
		summaryCompliance(s, st, d.Compliance)
	}
	return s.err
}

// deployedUnits is the number of deployed units, or "not stated" when the
// model leaves it out (zero would read as "none deployed").
func deployedUnits(n int) any {
	if n <= 0 {
		return "not stated"
	}
	return n
}

// openOrInProgress is the work still to do, counted as the HTML and PDF
// summaries count it.
func openOrInProgress(d *document.Document) int {
	_, open := d.OpenBySeverity()
	return open
}

// summaryMatrix writes Document.Matrix: a row per severity, worst first,
// a column per status, and totals.
func summaryMatrix(s *xlsxSheet, st *xlsxStyles, d *document.Document) {
	statuses := d.MatrixStatuses()
	levels := d.MatrixSeverities()
	s.add(xc(st.label, "Findings by severity and status"))
	head := []excelize.Cell{xc(st.header, "severity")}
	for _, status := range statuses {
		head = append(head, xc(st.header, status))
	}
	s.add(append(head, xc(st.header, "total"))...)
	colTotals := make([]int, len(statuses)+1)
	for _, sev := range levels {
		row := []excelize.Cell{xc(st.severityStyle(sev), sev)}
		total := 0
		for i, status := range statuses {
			n := d.Matrix[sev][status]
			row = append(row, xc(0, n))
			total += n
			colTotals[i] += n
		}
		colTotals[len(statuses)] += total
		s.add(append(row, xc(st.label, total))...)
	}
	row := []excelize.Cell{xc(st.label, "total")}
	for _, n := range colTotals {
		row = append(row, xc(st.label, n))
	}
	s.add(row...)
}

// summaryStride writes the open findings per STRIDE category in the
// vocabulary's order, zeros included, then any category a model adds.
func summaryStride(s *xlsxSheet, st *xlsxStyles, d *document.Document) {
	cats := d.StrideCategories()
	s.add(xc(st.label, "Open findings by STRIDE category"))
	s.add(xc(st.header, "category"), xc(st.header, "open"))
	for _, c := range cats {
		s.add(xc(0, c), xc(0, d.ByStride[c]))
	}
}

// summaryCompliance writes each standard's counts of provisions by status.
func summaryCompliance(s *xlsxSheet, st *xlsxStyles, cov *compliance.Coverage) {
	s.add(xc(st.label, "Compliance: provisions by status"))
	head := []excelize.Cell{xc(st.header, "standard"), xc(st.header, "name")}
	for _, status := range compliance.Statuses {
		head = append(head, xc(st.header, status))
	}
	s.add(head...)
	for _, std := range cov.Standards {
		row := []excelize.Cell{xc(0, std.ID), xc(st.wrapLeft, std.Name)}
		for _, status := range compliance.Statuses {
			row = append(row, xc(0, std.Counts[status]))
		}
		s.add(row...)
	}
}

// writeChecklistSheet writes the controls that would mitigate findings,
// most valuable first, then the findings no known control mitigates.
func writeChecklistSheet(f *excelize.File, st *xlsxStyles, d *document.Document) error {
	s := &xlsxSheet{f: f, st: st, name: sheetChecklist}
	s.widths(map[int]float64{1: 34, 2: 40, 3: 30, 4: 11, 5: 13, 6: 60, 7: 60})
	s.freezeHeader()
	s.add(xcs(st.header, "control", "name", "declared on", "findings", "open", "finding ids", "description")...)
	for _, it := range d.Checklist {
		declared := strings.Join(it.Declared, report.ListSep)
		if declared == "" {
			declared = "not declared"
		}
		s.add(xc(st.top, it.ID), xc(st.wrap, it.Name), xc(st.wrap, declared),
			xc(st.top, len(it.Findings)), xc(st.top, it.Open),
			xc(st.wrap, findingIDs(d, it.Findings)), xc(st.wrap, it.Description))
	}
	s.filter(7, len(d.Checklist)+1)
	s.printWide()
	s.skip()
	s.add(xc(st.label, "Findings no known control mitigates"))
	s.add(xcs(st.header, "finding", "title", "target", "severity", "status")...)
	for _, i := range d.Unguided {
		fd := &d.Findings[i]
		s.add(xc(st.top, fd.ID), xc(st.wrap, fd.Title), xc(st.wrap, fd.Target.Type+" "+fd.Target.ID),
			xc(st.severityStyle(fd.Severity), fd.Severity), xc(st.top, fd.Status))
	}
	return s.err
}

// writeComplianceSheet writes one row per provision of every standard.
func writeComplianceSheet(f *excelize.File, st *xlsxStyles, d *document.Document) error {
	s := &xlsxSheet{f: f, st: st, name: sheetCompliance}
	s.widths(map[int]float64{1: 18, 2: 12, 3: 60, 4: 10, 5: 13, 6: 11, 7: 10, 8: 40})
	s.freezeHeader()
	s.add(xcs(st.header, "standard", "provision", "title", "parent", "status", "findings", "open", "declared controls")...)
	rows := 0
	if d.Compliance != nil {
		for _, std := range d.Compliance.Standards {
			for _, it := range std.Items {
				ids := make([]string, len(it.Controls))
				for i, c := range it.Controls {
					ids[i] = c.ID
				}
				s.add(xc(st.top, std.ID), xc(st.top, it.ID), xc(st.wrap, it.Title), xc(st.top, it.Parent),
					xc(st.statusStyle(it.Status), it.Status), xc(st.top, len(it.Findings)), xc(st.top, it.Open),
					xc(st.wrap, strings.Join(ids, report.ListSep)))
				rows++
			}
		}
	}
	s.filter(8, rows+1)
	s.printWide()
	if s.err == nil {
		s.err = repeatHeader(f, sheetCompliance)
	}
	return s.err
}

func findingIDs(d *document.Document, idx []int) string {
	ids := make([]string, len(idx))
	for i, fi := range idx {
		ids[i] = d.Findings[fi].ID
	}
	return strings.Join(ids, report.ListSep)
}
