package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outputtest"
	"github.com/iotthreat/iotthreat/report"
)

func writeXLSX(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// cellInt reads a cell that must hold a number, not text.
func cellInt(t *testing.T, f *excelize.File, sheet, cell string) int {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
		t.Errorf("%s!%s is not a number (type %v, %v)", sheet, cell, typ, err)
	}
	v, _ := f.GetCellValue(sheet, cell)
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Errorf("%s!%s = %q: %v", sheet, cell, v, err)
	}
	return n
}

// fillOf is a cell's fill colour as RRGGBB, or "" for none.
func fillOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(st.Fill.Color[0], "#"))
}

// sheetXML returns a sheet's raw XML from the workbook's zip, for what
// excelize does not read back (the autofilter range, formula elements).
// Sheets are numbered in workbook order.
func sheetXML(t *testing.T, data []byte, f *excelize.File, sheet string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	n := -1
	for i, name := range f.GetSheetList() {
		if name == sheet {
			n = i + 1
		}
	}
	r, err := zr.Open("xl/worksheets/sheet" + strconv.Itoa(n) + ".xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// autoFilterRef is a sheet's autofilter range; "" when it has none;
// excelize writes it with absolute references ($A$1), which mean the same.
func autoFilterRef(t *testing.T, sheet []byte) string {
	t.Helper()
	var ws struct {
		AutoFilter *struct {
			Ref string `xml:"ref,attr"`
		} `xml:"autoFilter"`
	}
	if err := xml.Unmarshal(sheet, &ws); err != nil {
		t.Fatal(err)
	}
	if ws.AutoFilter == nil {
		return ""
	}
	return strings.ReplaceAll(ws.AutoFilter.Ref, "$", "")
}

func TestXLSXReference(t *testing.T) {
	doc := doctest.Reference(t)
	data := writeXLSX(t, doc)
	f := openXLSX(t, data)
	if got, want := f.GetSheetList(), []string{"Summary", "Findings", "Checklist", "Compliance"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("the workbook opens on sheet %d, not the summary", f.GetActiveSheetIndex())
	}
	props, err := f.GetDocProps()
	if err != nil || !strings.HasPrefix(props.Created, doc.Date) || !strings.HasPrefix(props.Modified, doc.Date) {
		t.Errorf("document properties %+v (%v) do not carry the report date %s", props, err, doc.Date)
	}
	t.Run("Findings", func(t *testing.T) { checkFindingsSheet(t, data, f, doc) })
	t.Run("Summary", func(t *testing.T) { checkSummarySheet(t, f, doc) })
	t.Run("Checklist", func(t *testing.T) { checkChecklistSheet(t, data, f, doc) })
	t.Run("Compliance", func(t *testing.T) { checkComplianceSheet(t, data, f, doc) })
}

// citeCWE writes CWE ids as the findings table's cwe column does.
func citeCWE(ids []int) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "CWE-" + strconv.Itoa(id)
	}
	return strings.Join(out, report.ListSep)
}

func checkFindingsSheet(t *testing.T, data []byte, f *excelize.File, doc *document.Document) {
	const sheet = "Findings"
	columns := report.Columns()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(doc.Findings)+1 {
		t.Fatalf("%d rows for %d findings and a header", len(rows), len(doc.Findings))
	}
	for i, c := range columns {
		if rows[0][i] != c.Header {
			t.Errorf("header %d is %q, want %q", i, rows[0][i], c.Header)
		}
	}
	last := cellName(len(columns), len(doc.Findings)+1)
	if ref := autoFilterRef(t, sheetXML(t, data, f, sheet)); ref != "A1:"+last {
		t.Errorf("autofilter %q, want A1:%s", ref, last)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 {
		t.Errorf("panes %+v (%v): want the header row and id column frozen", panes, err)
	}
	hs, _ := f.GetCellStyle(sheet, "A1")
	if st, _ := f.GetStyle(hs); st == nil || st.Font == nil || !st.Font.Bold {
		t.Error("the header is not bold")
	}
	if w, _ := f.GetColWidth(sheet, "C"); w != headerWidth(columns[2].Header, columns[2].Width) {
		t.Errorf("title column width %v, want %v", w, columns[2].Width)
	}
	sev, line, cwe := columnIndex(columns, "severity")+1, columnIndex(columns, "source.line")+1, columnIndex(columns, "cwe")+1
	for i, fd := range doc.Findings {
		row := i + 2
		if v, _ := f.GetCellValue(sheet, cellName(1, row)); v != fd.ID {
			t.Errorf("row %d id %q, want %q", row, v, fd.ID)
		}
		if got, want := fillOf(t, f, sheet, cellName(sev, row)), strings.TrimPrefix(severityFills[fd.Severity], "#"); got != want {
			t.Errorf("%s severity %s fill %q, want %q", fd.ID, fd.Severity, got, want)
		}
		if n := cellInt(t, f, sheet, cellName(line, row)); n != fd.Source.Line {
			t.Errorf("%s line %d, want %d", fd.ID, n, fd.Source.Line)
		}
		if v, _ := f.GetCellValue(sheet, cellName(cwe, row)); v != citeCWE(fd.CWE) {
			t.Errorf("%s cwe %q", fd.ID, v)
		}
	}
}

func checkSummarySheet(t *testing.T, f *excelize.File, doc *document.Document) {
	const sheet = "Summary"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	find := func(label string) int {
		for i, r := range rows {
			if len(r) > 0 && r[0] == label {
				return i + 1
			}
		}
		t.Fatalf("no row %q in the summary", label)
		return 0
	}
	if v, _ := f.GetCellValue(sheet, cellName(2, find("System"))); v != doc.System.Name {
		t.Errorf("system %q, want %q", v, doc.System.Name)
	}
	if v, _ := f.GetCellValue(sheet, cellName(2, find("Report date"))); v != doc.Date {
		t.Errorf("date %q, want %q", v, doc.Date)
	}
	if n := cellInt(t, f, sheet, cellName(2, find("Findings"))); n != len(doc.Findings) {
		t.Errorf("findings %d, want %d", n, len(doc.Findings))
	}
	// The matrix: a header row naming the statuses, then one row per
	// severity, worst first.
	head := find("severity")
	statuses := rows[head-1][1:]
	for i, sev := range document.WorstFirst() {
		row := head + 1 + i
		if v, _ := f.GetCellValue(sheet, cellName(1, row)); v != sev {
			t.Fatalf("matrix row %d is %q, want %s", row, v, sev)
		}
		total := 0
		for j, status := range statuses[:len(statuses)-1] {
			n := cellInt(t, f, sheet, cellName(j+2, row))
			if n != doc.Matrix[sev][status] {
				t.Errorf("%s/%s = %d, want %d", sev, status, n, doc.Matrix[sev][status])
			}
			total += n
		}
		if n := cellInt(t, f, sheet, cellName(len(statuses)+1, row)); n != total {
			t.Errorf("%s total %d, want %d", sev, n, total)
		}
		if got := fillOf(t, f, sheet, cellName(1, row)); got != strings.TrimPrefix(severityFills[sev], "#") {
			t.Errorf("%s is not coloured: %q", sev, got)
		}
	}
	stride := find("category")
	for i := stride; i < len(rows) && len(rows[i]) >= 2 && rows[i][0] != ""; i++ {
		if n := cellInt(t, f, sheet, cellName(2, i+1)); n != doc.ByStride[rows[i][0]] {
			t.Errorf("STRIDE %s = %d, want %d", rows[i][0], n, doc.ByStride[rows[i][0]])
		}
	}
	std := find("standard")
	for i, s := range doc.Compliance.Standards {
		if n := cellInt(t, f, sheet, cellName(3, std+1+i)); n != s.Counts["gap"] {
			t.Errorf("%s gaps %d, want %d", s.ID, n, s.Counts["gap"])
		}
	}
}

func checkChecklistSheet(t *testing.T, data []byte, f *excelize.File, doc *document.Document) {
	const sheet = "Checklist"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if ref := autoFilterRef(t, sheetXML(t, data, f, sheet)); ref != "A1:"+cellName(7, len(doc.Checklist)+1) {
		t.Errorf("autofilter %q", ref)
	}
	for i, it := range doc.Checklist {
		if rows[i+1][0] != it.ID || cellInt(t, f, sheet, cellName(4, i+2)) != len(it.Findings) || cellInt(t, f, sheet, cellName(5, i+2)) != it.Open {
			t.Errorf("checklist row %d %v, want %s with %d findings, %d open", i+2, rows[i+1][:5], it.ID, len(it.Findings), it.Open)
		}
	}
	// A blank row, a title, a header, then the unguided findings.
	unguided := rows[len(doc.Checklist)+4:]
	if len(unguided) != len(doc.Unguided) {
		t.Fatalf("%d unguided rows, want %d", len(unguided), len(doc.Unguided))
	}
	for i, fi := range doc.Unguided {
		if unguided[i][0] != doc.Findings[fi].ID {
			t.Errorf("unguided %d is %q, want %s", i, unguided[i][0], doc.Findings[fi].ID)
		}
	}
}

func checkComplianceSheet(t *testing.T, data []byte, f *excelize.File, doc *document.Document) {
	const sheet = "Compliance"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, std := range doc.Compliance.Standards {
		for _, it := range std.Items {
			n++
			r := rows[n]
			if r[0] != std.ID || r[1] != it.ID || r[4] != it.Status || cellInt(t, f, sheet, cellName(6, n+1)) != len(it.Findings) {
				t.Errorf("row %d %v, want %s %s %s", n+1, r, std.ID, it.ID, it.Status)
			}
		}
	}
	if len(rows) != n+1 {
		t.Errorf("%d rows for %d provisions and a header", len(rows), n)
	}
	if ref := autoFilterRef(t, sheetXML(t, data, f, sheet)); ref != "A1:"+cellName(8, n+1) {
		t.Errorf("autofilter %q", ref)
	}
	if got := fillOf(t, f, sheet, "E2"); got != strings.TrimPrefix(statusFills[rows[1][4]], "#") {
		t.Errorf("status %s fill %q", rows[1][4], got)
	}
}

// TestXLSXDeterministic writes the same document twice. The bytes agree
// because the document properties carry the report date and excelize
// writes zip entries without timestamps, in sorted order (only the one
// streamed sheet is written out of a map).
func TestXLSXDeterministic(t *testing.T) {
	doc := doctest.Reference(t)
	first := writeXLSX(t, doc)
	for range 3 {
		if !bytes.Equal(first, writeXLSX(t, doc)) {
			t.Fatal("two writes of the same document differ")
		}
	}
}

// TestXLSXHostileText checks that text reaches the cells exactly as the
// model has it, and that text that looks like a formula is a string
// cell, not a formula: XLSX needs no apostrophe against formula injection,
// and adding one would show in the cell.
func TestXLSXHostileText(t *testing.T) {
	doc := doctest.Reference(t)
	doc.Findings = outputtest.HostileFindings(doc.Findings)
	doc.Checklist, doc.Unguided = nil, nil
	doc.System.Name = outputtest.HostileTexts[2]
	data := writeXLSX(t, doc)
	f := openXLSX(t, data)
	columns := report.Columns()
	title, name := columnIndex(columns, "title")+1, columnIndex(columns, "target.name")+1
	for i, fd := range doc.Findings {
		for _, col := range []int{title, name} {
			cell := cellName(col, i+2)
			v, _ := f.GetCellValue("Findings", cell)
			// XML normalises a CR in text to LF unless it is escaped.
			if want := strings.ReplaceAll(fd.Title, "\r\n", "\n"); v != want && v != fd.Title {
				t.Errorf("%s = %q, want %q", cell, v, fd.Title)
			}
			if formula, _ := f.GetCellFormula("Findings", cell); formula != "" {
				t.Errorf("%s holds the formula %q", cell, formula)
			}
			if typ, _ := f.GetCellType("Findings", cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s has type %v, not a string", cell, typ)
			}
		}
	}
	for _, sheet := range []string{"Summary", "Findings"} {
		if bytes.Contains(sheetXML(t, data, f, sheet), []byte("<f>")) {
			t.Errorf("the %s sheet holds a formula", sheet)
		}
	}
	if v, _ := f.GetCellValue("Summary", "A1"); v != "Threat model: "+outputtest.HostileTexts[2] {
		t.Errorf("summary title %q", v)
	}
}

// TestXLSXEmpty writes a document without findings or compliance data:
// every sheet is still there, with its header.
func TestXLSXEmpty(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, &document.Document{Date: "2026-01-15", Matrix: map[string]map[string]int{}}))
	if got := len(f.GetSheetList()); got != 4 {
		t.Errorf("%d sheets", got)
	}
	if rows, _ := f.GetRows("Findings"); len(rows) != 1 {
		t.Errorf("%d rows in an empty Findings sheet", len(rows))
	}
}

// BenchmarkXLSX writes the workbook of a 1,000-element synthetic model.
func BenchmarkXLSX(b *testing.B) {
	doc := doctest.Synthetic(b, 1000)
	outputtest.Benchmark(b, len(doc.Findings), func(w io.Writer) error { return Write(w, doc) })
}

// TestXLSXTooManyFindings: more findings than a sheet has rows is a clear
// error, not excelize's complaint about a cell name.
func TestXLSXTooManyFindings(t *testing.T) {
	d := &document.Document{Findings: make([]engine.Finding, MaxFindings+1)}
	err := Write(io.Discard, d)
	var tm *TooManyRowsError
	if !errors.As(err, &tm) || !strings.Contains(err.Error(), "1,048,576 findings do not fit") {
		t.Fatalf("got %v", err)
	}
}
