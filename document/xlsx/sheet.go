package xlsx

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/render"
)

// xlsxSheet writes a small sheet row by row through excelize's cell API.
// The first error sticks and is returned by the sheet's writer, which
// keeps the layout code free of error plumbing.
type xlsxSheet struct {
	f     *excelize.File
	st    *xlsxStyles
	name  string
	width map[int]float64 // column widths by column number, from 1
	row   int             // the last row written or skipped
	err   error
}

// add writes the next row from column A, tall enough for its wrapped
// text.
func (s *xlsxSheet) add(cells ...excelize.Cell) {
	s.row++
	lines := 1
	for i, c := range cells {
		if s.err != nil {
			return
		}
		name, _ := excelize.CoordinatesToCellName(i+1, s.row)
		if text, ok := c.Value.(string); ok {
			c.Value = cellText(text)
		}
		if s.err = s.f.SetCellValue(s.name, name, c.Value); s.err == nil && c.StyleID != 0 {
			s.err = s.f.SetCellStyle(s.name, name, name, c.StyleID)
		}
		if text, ok := c.Value.(string); ok && s.st.wraps(c.StyleID) {
			lines = max(lines, textLines(text, s.width[i+1]))
		}
	}
	if lines > 1 && s.err == nil {
		s.err = s.f.SetRowHeight(s.name, s.row, rowHeight(lines))
	}
}

// skip leaves a row empty.
func (s *xlsxSheet) skip() { s.row++ }

// widths sets column widths by column number.
func (s *xlsxSheet) widths(w map[int]float64) {
	s.width = w
	for col := 1; col <= len(w) && s.err == nil; col++ {
		name, _ := excelize.ColumnNumberToName(col)
		s.err = s.f.SetColWidth(s.name, name, name, w[col])
	}
}

// printWide prints the sheet in landscape, scaled to one page wide, as
// its tables are read across. Call it after filter: excelize's AutoFilter
// replaces the sheet properties that hold the fit-to-page flag.
func (s *xlsxSheet) printWide() {
	if s.err == nil {
		s.err = printWide(s.f, s.name)
	}
}

// printWide sets a sheet's page layout: landscape, one page wide and as
// many tall as it takes, with a footer naming the sheet and the page.
// A streamed sheet needs it before its stream writer is created, which
// writes the sheet properties out at once.
func printWide(f *excelize.File, sheet string) error {
	landscape, wide, tall := "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: xlsxFooter})
}

// xlsxFooter is the printed footer: the sheet's name on the left, "Page
// n of m" on the right (Excel's header and footer codes).
const xlsxFooter = "&L&A&RPage &P of &N"

// repeatHeader prints the sheet's first row, its table's header, at the
// top of every page (the sheet's print titles).
func repeatHeader(f *excelize.File, sheet string) error {
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: sheetRef(sheet) + "!$1:$1",
		Scope:    sheet,
	})
}

// sheetRef is a sheet's name as a reference writes it: quoted, with its
// quotes doubled, unless it is letters, digits and underscores only.
func sheetRef(sheet string) string {
	for _, r := range sheet {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
		}
	}
	return sheet
}

// cellText keeps a text within the 32,767 characters (UTF-16 units) a
// cell holds, cutting it with a note that says so: excelize would cut it
// silently, and a reader must know the text goes on (in the JSON or
// Markdown document).
func cellText(s string) string {
	if len(s) <= excelize.TotalCellChars || utf16Len(s) <= excelize.TotalCellChars { // a UTF-16 unit takes at least a byte
		return s
	}
	const note = " … [cut: a cell holds at most 32,767 characters]"
	limit := excelize.TotalCellChars - utf16Len(note)
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > limit {
			return s[:i] + note
		}
		n += w
	}
	return s
}

// utf16Len counts a text's UTF-16 units, the measure of Excel's limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// freezeHeader keeps the first row in view.
func (s *xlsxSheet) freezeHeader() {
	if s.err == nil {
		s.err = s.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
}

// filter puts an autofilter on the table in the sheet's top left corner.
func (s *xlsxSheet) filter(cols, rows int) {
	if s.err == nil {
		s.err = s.f.AutoFilter(s.name, tableRange(cols, rows), nil)
	}
}

// xc is a cell with a style; 0 is the default style.
func xc(style int, v any) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: v}
}

// xcs is a row of text cells in one style.
func xcs(style int, texts ...string) []excelize.Cell {
	out := make([]excelize.Cell, len(texts))
	for i, t := range texts {
		out[i] = xc(style, t)
	}
	return out
}

// severityFills are the fills of the diagram's severity legend
// (render/style.go), so that a severity looks the same in the diagram and
// the workbook. Light fills keep black text readable.
var severityFills = func() map[string]string {
	out := map[string]string{}
	for _, sev := range engine.Levels {
		out[sev] = severityFill(sev)
	}
	return out
}()

// statusFills colour compliance statuses: a gap like a high finding,
// addressed like the legend's "no open findings", not covered grey.
var statusFills = map[string]string{
	compliance.Gap:        severityFill("high"),
	compliance.Addressed:  severityFill("none"),
	compliance.NotCovered: "#eceff1",
}

func severityFill(sev string) string {
	fill, _, _ := render.SeverityColors(sev)
	return fill
}

// xlsxStyles are the workbook's cell styles, by purpose.
type xlsxStyles struct {
	title, header, label int
	top                  int // aligned to the top, as wrapped neighbours are
	wrap                 int // wrapped text, aligned to the top
	wrapLeft             int // wrapped text for the summary's values
	severity, status     map[string]int
	// outcome colours the regulatory documents' statuses and outcomes
	// (gap, partial, addressed, pass, fail, supported …); only
	// WriteRegulatory registers them (addOutcomeFills).
	outcome map[string]int
}

// newXLSXStyles registers the styles. Creating them in a fixed order
// keeps their ids, and so the bytes, the same from run to run.
func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	st := &xlsxStyles{severity: map[string]int{}, status: map[string]int{}}
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#eceff1"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "#37474f", Style: 1}},
			Alignment: top,
		}},
		{&st.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&st.top, excelize.Style{Alignment: top}},
		{&st.wrap, excelize.Style{Alignment: wrap}},
		{&st.wrapLeft, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
	}
	for _, def := range defs {
		id, err := f.NewStyle(&def.style)
		if err != nil {
			return nil, err
		}
		*def.id = id
	}
	for _, fills := range []struct {
		into  map[string]int
		order []string
		fills map[string]string
	}{
		{st.severity, document.WorstFirst(), severityFills},
		{st.status, compliance.Statuses, statusFills},
	} {
		for _, key := range fills.order {
			id, err := f.NewStyle(&excelize.Style{
				Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills.fills[key]}},
				Alignment: top,
			})
			if err != nil {
				return nil, err
			}
			fills.into[key] = id
		}
	}
	return st, nil
}

// wraps says whether a style wraps text.
func (st *xlsxStyles) wraps(id int) bool {
	return id != 0 && (id == st.wrap || id == st.wrapLeft)
}

// severityStyle colours a severity; an unknown one stays plain.
func (st *xlsxStyles) severityStyle(sev string) int {
	if id, ok := st.severity[sev]; ok {
		return id
	}
	return st.top
}

// statusStyle colours a compliance status.
func (st *xlsxStyles) statusStyle(status string) int {
	if id, ok := st.status[status]; ok {
		return id
	}
	return st.top
}
