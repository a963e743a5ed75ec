package publish

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/html"
	"github.com/iotthreat/iotthreat/document/pdf"
	"github.com/iotthreat/iotthreat/document/xlsx"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/report"
)

// Formats are the formats of the reports people read, which Write
// produces from a Document.
var Formats = []string{"html", "pdf", "csv", "xlsx"}

// FormatForFile picks a document format from a file name's extension, or
// "" when the extension names none.
func FormatForFile(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		return "html"
	case ".pdf":
		return "pdf"
	case ".csv":
		return "csv"
	case ".xlsx":
		return "xlsx"
	}
	return ""
}

// IsBinary says whether a format is not text, so that a command line can
// refuse to write it to a terminal.
func IsBinary(format string) bool { return format == "pdf" || format == "xlsx" }

// ShowsDiagram reports whether a document format shows the diagram: only
// those need it laid out, which starts Graphviz.
func ShowsDiagram(format string) bool { return format == "html" || format == "pdf" }

// Options tune individual formats.
type Options struct {
	CSV report.CSVOptions
	// Warn, when set, is told what a format could not reproduce and the
	// output still holds, such as characters the PDF fonts cannot draw,
	// so that a command line can say so instead of failing silently.
	Warn func(msg string)
}

// Write writes the document in one of Formats. CSV is report's findings
// table of the document's findings: it shows nothing else a Document
// holds.
func Write(w io.Writer, format string, d *document.Document, opts Options) error {
	switch format {
	case "html":
		return html.Write(w, d)
	case "pdf":
		return pdf.Options{Warn: opts.Warn}.Write(w, d)
	case "csv":
		return opts.CSV.Write(w, &engine.Report{System: d.System.Name, Findings: d.Findings, Summary: d.Summary})
	case "xlsx":
		return xlsx.Write(w, d)
	}
	return fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(Formats, ", "))
}
