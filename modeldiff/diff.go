package modeldiff

import (
	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
)

// Diff is the comparison of two analysed models. Its JSON form is a
// contract like engine.Report's: every field is always present and lists
// are [] rather than null.
type Diff struct {
	Old      Side           `json:"old"`
	New      Side           `json:"new"`
	Summary  Summary        `json:"summary"`
	Findings FindingChanges `json:"findings"`
	Model    ModelChanges   `json:"model"`
	// Paths are the attack paths opened and closed (paths.go).
	Paths PathChanges `json:"paths"`
}

// Side describes one of the two models compared.
type Side struct {
	Source  string         `json:"source"` // the file or REV:path as given
	System  string         `json:"system"` // system.name
	Summary engine.Summary `json:"summary"`
}

// Summary counts the changes, for a one-line overview and for scripts.
type Summary struct {
	NewFindings      int `json:"new_findings"`
	ResolvedFindings int `json:"resolved_findings"`
	ChangedFindings  int `json:"changed_findings"`
	Added            int `json:"model_added"`   // model items added, all sections
	Removed          int `json:"model_removed"` // model items removed
	Changed          int `json:"model_changed"` // model items changed, the system counting as one
	NewPaths         int `json:"new_paths"`     // attack paths only the new model has
	ClosedPaths      int `json:"closed_paths"`  // attack paths only the old model had
}

// Compare compares the analysis of the old model with that of the new one.
// oldSource and newSource name them for people (a path or REV:path).
func Compare(oldSource string, oldRes *analysis.Result, newSource string, newRes *analysis.Result) *Diff {
	d := &Diff{
		Old:      side(oldSource, oldRes),
		New:      side(newSource, newRes),
		Findings: CompareFindings(oldRes.Report, newRes.Report),
		Model:    CompareModels(oldRes.Model.Model, newRes.Model.Model),
		Paths:    ComparePaths(findPaths(oldRes), findPaths(newRes)),
	}
	d.Summary = Summary{
		NewFindings:      len(d.Findings.New),
		ResolvedFindings: len(d.Findings.Resolved),
		ChangedFindings:  len(d.Findings.Changed),
		NewPaths:         len(d.Paths.New),
		ClosedPaths:      len(d.Paths.Closed),
	}
	for _, s := range d.Model.Sections() {
		d.Summary.Added += len(s.Changes.Added)
		d.Summary.Removed += len(s.Changes.Removed)
		d.Summary.Changed += len(s.Changes.Changed)
	}
	if len(d.Model.System) > 0 {
		d.Summary.Changed++
	}
	return d
}

func side(source string, res *analysis.Result) Side {
	return Side{Source: source, System: res.Report.System, Summary: res.Report.Summary}
}
