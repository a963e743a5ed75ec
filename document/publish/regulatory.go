package publish

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iotthreat/iotthreat/document/html"
	"github.com/iotthreat/iotthreat/document/pdf"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/document/xlsx"
)

// RegulatoryFormats are the formats of the regulatory evidence documents
// (`report --standard`), which WriteRegulatory produces. Markdown and JSON
// are offered here and not for the findings report, whose Markdown and
// JSON are `analyze` formats (package report).
var RegulatoryFormats = []string{"html", "pdf", "markdown", "json", "xlsx"}

// RegulatoryFormatForFile picks a regulatory document's format from a
// file name's extension: those of FormatForFile, and .md and .json. ""
// when the extension names none.
func RegulatoryFormatForFile(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return "markdown"
	case ".json":
		return "json"
	}
	return FormatForFile(name)
}

// WriteRegulatory writes a regulatory evidence document in one of
// RegulatoryFormats.
func WriteRegulatory(w io.Writer, format string, d *regulatory.Document, opts Options) error {
	switch format {
	case "html":
		return html.WriteRegulatory(w, d)
	case "pdf":
		return pdf.Options{Warn: opts.Warn}.WriteRegulatory(w, d)
	case "markdown":
		return regulatory.WriteMarkdown(w, d)
	case "json":
		return regulatory.WriteJSON(w, d)
	case "xlsx":
		return xlsx.WriteRegulatory(w, d)
	}
	return fmt.Errorf("unknown regulatory document format %q (want %s)", format, strings.Join(RegulatoryFormats, ", "))
}
