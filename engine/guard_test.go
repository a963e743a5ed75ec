package engine

import (
	"reflect"
	"testing"

	"github.com/iotthreat/iotthreat/engine/internal/guard"
	"github.com/iotthreat/iotthreat/rules"
)

// TestGuardsChangeNothing runs the whole library on the examples and a
// synthetic model with and without the protocol and medium pre-filters
// (see internal/guard): the findings must be the same, only computed
// faster.
func TestGuardsChangeNothing(t *testing.T) {
	all, _ := rules.Builtin()
	for _, l := range testModels(t, 300, 7) {
		set, diags := Compile(all, l.Vocab, testCache)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		guarded, err := Analyze(l, set, Options{Today: "2026-11-26"})
		if err != nil {
			t.Fatal(err)
		}
		unguarded, err := Analyze(l, withoutGuards(t, set), Options{Today: "2026-11-26"})
		if err != nil {
			t.Fatal(err)
		}
		if len(guarded.Findings) == 0 || !reflect.DeepEqual(guarded.Findings, unguarded.Findings) {
			t.Fatalf("%s: guards changed the result: %d findings with, %d without",
				l.Model.System.Name, len(guarded.Findings), len(unguarded.Findings))
		}
	}
}

// withoutGuards returns a copy of the ruleset whose rules apply to every
// flow whatever its protocol and medium.
func withoutGuards(t *testing.T, rs *Ruleset) *Ruleset {
	t.Helper()
	out := &Ruleset{byType: map[string][]*CompiledRule{}, vocab: rs.vocab}
	guarded := 0
	for _, cr := range rs.Rules {
		c := *cr
		if !reflect.DeepEqual(c.guard, guard.Guard{}) {
			guarded++
		}
		c.guard = guard.Guard{}
		out.Rules = append(out.Rules, &c)
		out.byType[c.Rule.Target.Type] = append(out.byType[c.Rule.Target.Type], &c)
	}
	if guarded == 0 {
		t.Fatal("no rule has a guard: the test compares nothing")
	}
	return out
}
