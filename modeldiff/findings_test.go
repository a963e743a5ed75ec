package modeldiff

import (
	"reflect"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
)

func finding(id, severity, status string) engine.Finding {
	return engine.Finding{ID: id, RuleFacts: &engine.RuleFacts{Title: "t " + id}, Severity: severity, Likelihood: "medium", Impact: severity, Status: status}
}

func ids(fs []engine.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func TestCompareFindings(t *testing.T) {
	oldRep := &engine.Report{Findings: []engine.Finding{
		finding("A-001@x", "high", "open"),     // unchanged
		finding("A-002@x", "medium", "open"),   // severity raised
		finding("A-003@x", "high", "open"),     // accepted
		finding("A-004@x", "low", "open"),      // resolved
		finding("A-005@y", "critical", "open"), // resolved, worse: listed first
		finding("A-006@x", "low", "open"),      // both change
	}}
	newRep := &engine.Report{Findings: []engine.Finding{
		finding("A-001@x", "high", "open"),
		finding("A-002@x", "high", "open"),
		finding("A-003@x", "high", "accepted"),
		finding("B-001@z", "low", "open"),
		finding("B-002@z", "high", "open"),
		finding("A-006@x", "medium", "mitigated"),
	}}
	c := CompareFindings(oldRep, newRep)
	if got, want := ids(c.New), []string{"B-002@z", "B-001@z"}; !reflect.DeepEqual(got, want) {
		t.Errorf("new = %v, want %v", got, want)
	}
	if got, want := ids(c.Resolved), []string{"A-005@y", "A-004@x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("resolved = %v, want %v", got, want)
	}
	want := []FindingChange{
		{ID: "A-002@x", Title: "t A-002@x", Fields: []string{"severity"},
			Old: FindingState{"medium", "medium", "medium", "open"}, New: FindingState{"high", "medium", "high", "open"}, Why: []string{}},
		{ID: "A-003@x", Title: "t A-003@x", Fields: []string{"status"},
			Old: FindingState{"high", "medium", "high", "open"}, New: FindingState{"high", "medium", "high", "accepted"}, Why: []string{}},
		{ID: "A-006@x", Title: "t A-006@x", Fields: []string{"severity", "status"},
			Old: FindingState{"low", "medium", "low", "open"}, New: FindingState{"medium", "medium", "medium", "mitigated"}, Why: []string{}},
	}
	if !reflect.DeepEqual(c.Changed, want) {
		t.Errorf("changed =\n%+v\nwant\n%+v", c.Changed, want)
	}
}

func TestCompareFindingsEmpty(t *testing.T) {
	c := CompareFindings(&engine.Report{}, &engine.Report{})
	if c.New == nil || c.Resolved == nil || c.Changed == nil {
		t.Errorf("lists must be empty, not nil: %+v", c)
	}
}
