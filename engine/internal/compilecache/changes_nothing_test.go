package compilecache_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/engine/internal/enginetest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

// TestCacheChangesNothing analyses a model with the library compiled
// afresh, compiled into a cache, and taken from it: the reports must be
// the same, down to the rules' definitions.
func TestCacheChangesNothing(t *testing.T) {
	l := enginetest.Synthetic(t, 200, 3)
	all, _ := rules.Builtin()
	cache := engine.NewCache()
	var reports []*engine.Report
	for _, c := range []*engine.Cache{nil, cache, cache} {
		set, diags := engine.Compile(all, l.Vocab, c)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		if len(set.Rules) != len(all) {
			t.Fatalf("%d rules compiled of %d", len(set.Rules), len(all))
		}
		rep, err := engine.Analyze(l, set, engine.Options{Today: "2026-11-26"})
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, rep)
	}
	if len(reports[0].Findings) == 0 || !reflect.DeepEqual(reports[0], reports[1]) || !reflect.DeepEqual(reports[0], reports[2]) {
		t.Fatalf("afresh: %d findings, into the cache: %d, from it: %d, or they differ",
			len(reports[0].Findings), len(reports[1].Findings), len(reports[2].Findings))
	}
}

// Rules with the same expressions share programs, but each finding names
// its own rule: a cached rule is never mistaken for another with the
// same expressions.
func TestCachedRulesKeepTheirIdentity(t *testing.T) {
	l := enginetest.Synthetic(t, 20, 3)
	r := model.Rule{ID: "T-ONE-001", Title: "One", Target: model.RuleTarget{Type: "element"},
		Condition: "true", Likelihood: "low", Impact: "low", Mitigation: "One.", STRIDE: []string{"tampering"}}
	other := r
	other.ID, other.Title, other.Mitigation = "T-TWO-001", "Two", "Two."
	cache := engine.NewCache()
	for _, rule := range []model.Rule{r, other} {
		set, diags := engine.Compile([]model.Rule{rule}, l.Vocab, cache)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		rep, err := engine.Analyze(l, set, engine.Options{Today: "2026-11-26"})
		if err != nil {
			t.Fatal(err)
		}
		f := rep.Findings[0]
		if f.Rule != rule.ID || f.Title != rule.Title || f.Mitigations[0] != rule.Mitigation {
			t.Fatalf("rule %s found as %s %q %q", rule.ID, f.Rule, f.Title, f.Mitigations[0])
		}
	}
}

// A rule that fails to compile is never cached: every compile reports it
// again, at its own position.
func TestCompileErrorsRepeat(t *testing.T) {
	l := enginetest.Synthetic(t, 20, 3)
	bad := model.Rule{ID: "T-BAD-001", Title: "Bad", Target: model.RuleTarget{Type: "flow"},
		Condition: "flow.no_such_fact", Likelihood: "low", Impact: "low", Mitigation: "None.",
		STRIDE: []string{"tampering"}}
	cache := engine.NewCache()
	for i := range 2 {
		if _, diags := engine.Compile([]model.Rule{bad}, l.Vocab, cache); !strings.Contains(fmt.Sprint(diags), "invalid CEL") {
			t.Fatalf("compile %d: no CEL diagnostic for an unknown fact: %v", i+1, diags)
		}
	}
}
