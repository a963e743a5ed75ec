package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// DocumentFormats are the formats of the reports people read, which
// Write produces from a Document.
var DocumentFormats = []string{"html", "pdf", "csv", "xlsx"}

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

// FindingsFormats are the formats of the findings themselves (analyze):
// a terminal table, the JSON contract, Markdown and SARIF.
var FindingsFormats = []string{"table", "json", "markdown", "sarif"}

// FindingsFormatForFile names the findings format a file's extension
// asks for (.json, .sarif, .md, .txt), or "" when it names none.
func FindingsFormatForFile(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".sarif":
		return "sarif"
	case ".md", ".markdown":
		return "markdown"
	case ".txt":
		return "table"
	}
	return ""
}

// IsBinary says whether a format is not text, so that a command line can
// refuse to write it to a terminal.
func IsBinary(format string) bool { return format == "pdf" || format == "xlsx" }

// ShowsDiagram reports whether a document format shows the diagram: only
// those need it laid out, which starts Graphviz.
func ShowsDiagram(format string) bool { return format == "html" || format == "pdf" }

// WriteOptions tune individual formats.
type WriteOptions struct {
	CSV CSVOptions
	// Warn, when set, is told what a format could not reproduce and the
	// output still holds, such as characters the PDF fonts cannot draw,
	// so that a command line can say so instead of failing silently.
	Warn func(msg string)
}

// Write writes the document in one of DocumentFormats.
func Write(w io.Writer, format string, d *Document, opts WriteOptions) error {
	switch format {
	case "html":
		return HTML(w, d)
	case "pdf":
		return writePDF(w, d, pdfOptions{compress: true, warn: opts.Warn})
	case "csv":
		return opts.CSV.Write(w, &engine.Report{System: d.System.Name, Findings: d.Findings, Summary: d.Summary})
	case "xlsx":
		return XLSX(w, d)
	}
	return fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(DocumentFormats, ", "))
}
