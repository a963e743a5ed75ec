package report

import (
	"path/filepath"
	"strings"
)

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
