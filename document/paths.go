package document

import (
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/paths"
)

// MaxReportPaths is how many attack paths, the worst first, a report
// writes out: a reader acts on the top few stories, and 'iotthreat paths'
// lists them all.
const MaxReportPaths = 10

// AttackPaths is a report's "Attack paths" section: the worst paths with
// their steps, and the choke points, the fixes that break the most paths.
type AttackPaths struct {
	// Paths are the worst MaxReportPaths paths, worst first.
	Paths []paths.Path
	// Found is how many paths the search reported (at most
	// paths.DefaultMax); Critical and High count them by risk.
	Found, Critical, High int
	// ChokePoints are the fixes that break the most paths, best first.
	ChokePoints []paths.Choke
	// Entries and Targets count the model's entry points and targets.
	Entries, Targets int
	// Truncated says what the search's bounds cut, as paths reports it.
	Truncated []string
	// Excluded are the entry points and targets the model's attack_paths
	// block leaves out, each with its reason: a reader of a report with
	// few paths must see that the model, not the search, removed some.
	Excluded []paths.Excluded
}

// Summary is the section's one-line headline.
func (a AttackPaths) Summary() string {
	if a.Found == 0 {
		return "No attack path links an entry point to a target (" + Count(a.Entries, "entry point", "entry points") + ", " + Count(a.Targets, "target", "targets") + ")."
	}
	s := Count(a.Found, "attack path", "attack paths") + " from " + Count(a.Entries, "entry point", "entry points") + " to " + Count(a.Targets, "target", "targets")
	return s + ": " + Thousands(a.Critical) + " critical, " + Thousands(a.High) + " high."
}

// NewAttackPaths works out the attack paths as 'iotthreat paths' does
// (every entry point and target, the default bounds) and keeps what a
// document shows: the worst MaxReportPaths, the counts and the choke
// points. facts are the model's derived facts, nil to derive them. The
// findings report and the CRA risk assessment both call it, so that they
// tell the same stories.
func NewAttackPaths(l *model.Loaded, facts *engine.Facts, rep *engine.Report) AttackPaths {
	r, err := paths.Find(l, facts, rep, paths.Options{})
	if err != nil {
		// Find fails only on --from/--to selections, which a document
		// does not make.
		return AttackPaths{}
	}
	a := AttackPaths{Paths: r.Paths[:min(len(r.Paths), MaxReportPaths)], Found: len(r.Paths), ChokePoints: r.ChokePoints,
		Entries: len(r.Entries), Targets: len(r.Targets), Truncated: r.Truncated, Excluded: r.Excluded}
	for _, p := range r.Paths {
		switch p.Risk {
		case "critical":
			a.Critical++
		case "high":
			a.High++
		}
	}
	return a
}

// addPaths adds the attack paths (NewAttackPaths; facts nil derives them)
// and feeds the choke
// points into the checklist: each control of a choke point says which
// paths declaring it breaks.
func (d *Document) addPaths(l *model.Loaded, facts *engine.Facts, rep *engine.Report) {
	d.Paths = NewAttackPaths(l, facts, rep)
	index := map[string]int{}
	for i, it := range d.Checklist {
		index[it.ID] = i
	}
	for _, c := range d.Paths.ChokePoints {
		for _, id := range c.Controls {
			if i, ok := index[id]; ok {
				d.Checklist[i].Breaks = append(d.Checklist[i].Breaks, c.Summary())
			}
		}
	}
}
