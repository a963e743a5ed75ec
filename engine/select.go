package engine

import (
	"fmt"
	"slices"
	"sort"

	"github.com/iotthreat/iotthreat/model"
)

// Definitions returns the rules in the set, as written, sorted by id.
func (rs *Ruleset) Definitions() []model.Rule {
	out := make([]model.Rule, len(rs.Rules))
	for i, cr := range rs.Rules {
		out[i] = *cr.Rule
	}
	return out
}

// Select returns the subset of the ruleset named by only (all when empty)
// minus those named by disable. Unknown ids are an error, so a typo in
// --only or --disable never silently selects nothing.
func (rs *Ruleset) Select(only, disable []string) (*Ruleset, error) {
	known := map[string]bool{}
	for _, cr := range rs.Rules {
		known[cr.Rule.ID] = true
	}
	for _, id := range append(append([]string{}, only...), disable...) {
		if !known[id] {
			return nil, fmt.Errorf("unknown rule %q", id)
		}
	}
	keep := func(id string) bool {
		if len(only) > 0 && !slices.Contains(only, id) {
			return false
		}
		return !slices.Contains(disable, id)
	}
	out := &Ruleset{byType: map[string][]*CompiledRule{}, vocab: rs.vocab}
	for _, cr := range rs.Rules {
		if keep(cr.Rule.ID) {
			out.Rules = append(out.Rules, cr)
			out.byType[cr.Rule.Target.Type] = append(out.byType[cr.Rule.Target.Type], cr)
		}
	}
	sort.Slice(out.Rules, func(i, j int) bool { return out.Rules[i].Rule.ID < out.Rules[j].Rule.ID })
	return out, nil
}
