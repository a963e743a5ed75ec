package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// Column is one column of the findings table that CSV and the XLSX
// workbook's Findings sheet share (package document/xlsx). Defining the
// table once keeps the two formats from drifting apart, and keeps them
// complete: TestColumnsCoverFinding fails when engine.Finding gains a
// field that no column shows.
type Column struct {
	// Header is the field's path in the JSON contract ("target.id"), so
	// that a spreadsheet and the JSON output name things alike.
	Header string
	// Value is the cell: a string, an int or a bool. Numbers stay numbers
	// so that a spreadsheet can sort and sum them.
	Value func(f *engine.Finding) any
	// Width is the XLSX column width in characters; Wrap makes XLSX wrap
	// the column's long text instead of running it into the next cell.
	Width float64
	Wrap  bool
}

// Columns returns the columns of the findings table, in the order of
// engine.Finding's fields. The slice is a copy, the caller's to keep.
func Columns() []Column { return slices.Clone(findingColumns) }

// ListSep joins list fields into one cell, in CSV and in the workbook. A
// semicolon rather than a comma, because many entries (titles,
// mitigations) contain commas.
const ListSep = "; "

// findingColumns are the columns of the findings table, in the order of
// engine.Finding's fields.
var findingColumns = []Column{
	textColumn("id", 34, false, func(f *engine.Finding) string { return f.ID }),
	textColumn("rule", 13, false, func(f *engine.Finding) string { return f.Rule }),
	textColumn("title", 48, true, func(f *engine.Finding) string { return f.Title }),
	textColumn("description", 60, true, func(f *engine.Finding) string { return f.Description }),
	textColumn("target.type", 11, false, func(f *engine.Finding) string { return f.Target.Type }),
	textColumn("target.id", 22, false, func(f *engine.Finding) string { return f.Target.ID }),
	textColumn("target.name", 26, true, func(f *engine.Finding) string { return f.Target.Name }),
	textColumn("target.kind", 18, false, func(f *engine.Finding) string { return f.Target.Kind }),
	listColumn("stride", 22, func(f *engine.Finding) []string { return f.STRIDE }),
	listColumn("linddun", 18, func(f *engine.Finding) []string { return f.LINDDUN }),
	textColumn("severity", 10, false, func(f *engine.Finding) string { return f.Severity }),
	textColumn("likelihood", 11, false, func(f *engine.Finding) string { return f.Likelihood }),
	textColumn("impact", 10, false, func(f *engine.Finding) string { return f.Impact }),
	listColumn("why", 60, func(f *engine.Finding) []string { return f.Why }),
	textColumn("status", 13, false, func(f *engine.Finding) string { return f.Status }),
	listColumn("mitigated_by", 24, func(f *engine.Finding) []string { return f.MitigatedBy }),
	listColumn("controls", 28, func(f *engine.Finding) []string { return f.Controls }),
	listColumn("mitigations", 60, func(f *engine.Finding) []string { return f.Mitigations }),
	listColumn("cwe", 14, func(f *engine.Finding) []string { return citeIDs("CWE-", f.CWE) }),
	listColumn("capec", 14, func(f *engine.Finding) []string { return citeIDs("CAPEC-", f.CAPEC) }),
	listColumn("owasp_iot", 12, func(f *engine.Finding) []string { return f.OWASPIoT }),
	listColumn("etsi", 16, func(f *engine.Finding) []string { return f.ETSI }),
	listColumn("nist_ir_8259a", 16, func(f *engine.Finding) []string { return f.NISTIR8259A }),
	listColumn("isvs", 16, func(f *engine.Finding) []string { return f.ISVS }),
	textColumn("tracking.entry", 22, false, func(f *engine.Finding) string { return f.Tracking.Entry }),
	textColumn("tracking.reason", 40, true, func(f *engine.Finding) string { return f.Tracking.Reason }),
	textColumn("tracking.ticket", 16, false, func(f *engine.Finding) string { return f.Tracking.Ticket }),
	textColumn("tracking.by", 14, false, func(f *engine.Finding) string { return f.Tracking.By }),
	textColumn("tracking.date", 12, false, func(f *engine.Finding) string { return f.Tracking.Date }),
	textColumn("tracking.until", 12, false, func(f *engine.Finding) string { return f.Tracking.Until }),
	{Header: "tracking.expired", Width: 10, Value: func(f *engine.Finding) any { return f.Tracking.Expired }},
	textColumn("source.file", 28, false, func(f *engine.Finding) string { return f.Source.File }),
	{Header: "source.line", Width: 8, Value: func(f *engine.Finding) any { return f.Source.Line }},
	textColumn("origin", 8, false, func(f *engine.Finding) string { return f.Origin }),
}

// textColumn is a column of plain text.
func textColumn(header string, width float64, wrap bool, get func(*engine.Finding) string) Column {
	return Column{Header: header, Width: width, Wrap: wrap, Value: func(f *engine.Finding) any { return get(f) }}
}

// listColumn joins a list field into one cell. List columns always wrap:
// most hold a few short ids, but "why" and "mitigations" hold sentences.
func listColumn(header string, width float64, get func(*engine.Finding) []string) Column {
	return Column{Header: header, Width: width, Wrap: true, Value: func(f *engine.Finding) any {
		return strings.Join(get(f), ListSep)
	}}
}

// citeIDs writes catalogue numbers the way people cite them: CWE-79.
func citeIDs(prefix string, ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = prefix + strconv.Itoa(id)
	}
	return out
}

// findingColumnIndex finds a column by header; -1 when there is none.
func findingColumnIndex(header string) int {
	for i, c := range findingColumns {
		if c.Header == header {
			return i
		}
	}
	return -1
}
