package document_test

import (
	"slices"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
)

// TestHeadlineThousands: every number in the headline is written alike,
// "10,641 findings, 10,631 open", not "10,641 findings, 10631 open".
func TestHeadlineThousands(t *testing.T) {
	d := &document.Document{
		Findings: make([]engine.Finding, 10641),
		Matrix: map[string]map[string]int{
			"critical": {"open": 257},
			"high":     {"open": 2331},
			"medium":   {"open": 8030, "in-progress": 7, "mitigated": 10},
			"low":      {"open": 6},
		},
	}
	want := "10,641 findings, 10,631 open: 257 critical, 2,331 high, 8,037 medium, 6 low"
	if got := d.Headline(); got != want {
		t.Errorf("headline\n got %q\nwant %q", got, want)
	}
}

// TestMatrixOrder: the matrix's rows and columns keep the known order and
// lose nothing a model's own rules add, which goes last, sorted.
func TestMatrixOrder(t *testing.T) {
	d := &document.Document{Matrix: map[string]map[string]int{
		"high":    {"open": 1, "zz-waived": 2, "deferred": 1},
		"extreme": {"open": 1},
	}}
	if got, want := d.MatrixSeverities(), append(document.WorstFirst(), "extreme"); !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if got, want := d.MatrixStatuses(), append(slices.Clone(engine.Statuses), "deferred", "zz-waived"); !slices.Equal(got, want) {
		t.Errorf("columns %v, want %v", got, want)
	}
}
