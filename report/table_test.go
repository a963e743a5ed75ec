package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// Colour codes must not move the columns: the coloured table, with its
// escape codes removed, is the plain table.
func TestTableColourKeepsColumnsAligned(t *testing.T) {
	res := analyzeExample(t, "reference.yaml")
	var plain, coloured bytes.Buffer
	if err := Table(&plain, res.Report, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Table(&coloured, res.Report, TableOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(coloured.String(), severityColor["critical"]) || !strings.Contains(coloured.String(), severityColor["medium"]) {
		t.Fatal("the coloured table has no colour codes for the reference's critical and medium findings")
	}
	stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(coloured.String(), "")
	if stripped != plain.String() {
		t.Errorf("coloured table differs from the plain one once colours are removed:\n%s\nplain:\n%s", stripped, plain.String())
	}
	header, _, _ := strings.Cut(plain.String(), "\n")
	if !strings.HasPrefix(header, "SEVERITY  STATUS") || !strings.Contains(header, "FINDING") {
		t.Errorf("header %q", header)
	}
}
