package analysis

import (
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Prepare does everything RunLoaded does before evaluating: it merges
// opts.TrackingFile into the model's triage decisions, assembles the rule
// set (Library: a model or --rules id that clashes with a built-in one is
// an error), compiles it and selects opts.Only and opts.Disable. It is what
// `validate` runs, so that a model the gate passes is one `analyze`
// accepts. Problems are diagnostics (and the set is nil); err is for an
// unreadable tracking file and an unknown rule id in Only or Disable.
func Prepare(loaded *model.Loaded, opts Options) (*engine.Ruleset, diag.List, error) {
	if opts.TrackingFile != "" {
		diags, err := model.AddTrackingFile(loaded, opts.TrackingFile)
		if err != nil {
			return nil, nil, err
		}
		if len(diags) > 0 {
			return nil, diags, nil
		}
	}
	all, diags := Library(loaded.Model, opts.RuleDirs, !opts.NoBuiltin)
	diags = append(diags, model.ThreatRuleClashes(loaded.Model, all)...)
	set, compileDiags := engine.Compile(all, loaded.Vocab, opts.Cache)
	diags = append(diags, compileDiags...)
	if len(diags) > 0 {
		return nil, diags.Sort(), nil
	}
	set, err := set.Select(opts.Only, opts.Disable)
	if err != nil {
		return nil, nil, err
	}
	return set, nil, nil
}
