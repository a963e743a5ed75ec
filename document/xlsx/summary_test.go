package xlsx

import (
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
)

// The summary counts the work still to do as the HTML and PDF headlines
// do (open and in progress), and says when the deployment is not stated
// rather than showing zero units.
func TestXLSXSummaryCountsAsTheOtherReports(t *testing.T) {
	d := &document.Document{
		Date: "2026-01-15",
		Matrix: map[string]map[string]int{
			"high":   {"open": 3, "in-progress": 2},
			"medium": {"open": 1, "mitigated": 4},
		},
		Summary: engine.Summary{Total: 10, Open: 4},
	}
	d.System.Name = "Hub"
	f := openXLSX(t, writeXLSX(t, d))
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			values[r[0]] = r[1]
		}
	}
	if got := values["Open or in-progress findings"]; got != "6" {
		t.Errorf("open or in-progress findings: %q, want 6 (rows %v)", got, rows)
	}
	if got := values["Deployed units"]; got != "not stated" {
		t.Errorf("deployed units: %q, want \"not stated\"", got)
	}
}
