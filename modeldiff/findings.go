package modeldiff

import (
	"sort"

	"github.com/iotthreat/iotthreat/engine"
)

// FindingChanges are the differences between two reports' findings,
// matched by finding id (RULE@target). Each list is sorted worst first,
// then by id.
type FindingChanges struct {
	New      []engine.Finding `json:"new"`      // in the new report only, as it reports them
	Resolved []engine.Finding `json:"resolved"` // in the old report only, as it reported them
	Changed  []FindingChange  `json:"changed"`  // in both, with another severity or status
}

// FindingChange is a finding present in both reports whose severity or
// status differs.
type FindingChange struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Target engine.Target `json:"target"`
	// Fields lists what changed: "severity", "status" or both, in that order.
	Fields []string     `json:"fields"`
	Old    FindingState `json:"old"`
	New    FindingState `json:"new"`
	// Why is the new report's explanation of the finding.
	Why []string `json:"why"`
}

// FindingState is the part of a finding that triage and scoring change.
type FindingState struct {
	Severity   string `json:"severity"`
	Likelihood string `json:"likelihood"`
	Impact     string `json:"impact"`
	Status     string `json:"status"`
}

// CompareFindings matches the findings of two reports by id.
func CompareFindings(oldRep, newRep *engine.Report) FindingChanges {
	c := FindingChanges{New: []engine.Finding{}, Resolved: []engine.Finding{}, Changed: []FindingChange{}}
	oldByID := map[string]engine.Finding{}
	for _, f := range oldRep.Findings {
		oldByID[f.ID] = f
	}
	newIDs := map[string]bool{}
	for _, f := range newRep.Findings {
		newIDs[f.ID] = true
		prev, ok := oldByID[f.ID]
		if !ok {
			c.New = append(c.New, f)
			continue
		}
		if ch, changed := compareFinding(prev, f); changed {
			c.Changed = append(c.Changed, ch)
		}
	}
	for _, f := range oldRep.Findings {
		if !newIDs[f.ID] {
			c.Resolved = append(c.Resolved, f)
		}
	}
	sortFindings(c.New)
	sortFindings(c.Resolved)
	sort.SliceStable(c.Changed, func(i, j int) bool {
		a, b := c.Changed[i], c.Changed[j]
		if ra, rb := severityRank(a.New.Severity), severityRank(b.New.Severity); ra != rb {
			return ra > rb
		}
		return a.ID < b.ID
	})
	return c
}

func compareFinding(prev, cur engine.Finding) (FindingChange, bool) {
	var fields []string
	if prev.Severity != cur.Severity {
		fields = append(fields, "severity")
	}
	if prev.Status != cur.Status {
		fields = append(fields, "status")
	}
	if len(fields) == 0 {
		return FindingChange{}, false
	}
	why := cur.Why
	if why == nil {
		why = []string{}
	}
	return FindingChange{
		ID: cur.ID, Title: cur.Title, Target: cur.Target, Fields: fields,
		Old: state(prev), New: state(cur), Why: why,
	}, true
}

func state(f engine.Finding) FindingState {
	return FindingState{Severity: f.Severity, Likelihood: f.Likelihood, Impact: f.Impact, Status: f.Status}
}

// sortFindings orders findings worst first, then by id.
func sortFindings(fs []engine.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if ra, rb := severityRank(fs[i].Severity), severityRank(fs[j].Severity); ra != rb {
			return ra > rb
		}
		return fs[i].ID < fs[j].ID
	})
}

// severityRank is the index of a severity in engine.Levels (low is 0).
func severityRank(s string) int {
	for i, l := range engine.Levels {
		if l == s {
			return i
		}
	}
	return -1
}
