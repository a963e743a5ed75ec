package rules_test

import (
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

// TestRuleExamples walks every built-in rule: it must carry a positive
// example on which it fires (an open finding) and a negative example on
// which a declared control or a safe attribute suppresses it (no open
// finding). A rule without both fails the test.
// Each rule is compiled on its own, so one broken rule fails only its own
// subtest: run one area with -run 'TestRuleExamples/IOT-MQTT-'.
func TestRuleExamples(t *testing.T) {
	all, _ := rules.Builtin() // problems are TestBuiltinRules' business
	v := vocab.Builtin()
	cache := engine.NewCache() // the environments, built once
	for i := range all {
		r := all[i]
		t.Run(r.ID, func(t *testing.T) {
			only, diags := engine.Compile([]model.Rule{r}, v, cache)
			if len(diags) > 0 {
				t.Fatalf("rule does not compile:\n%v", diags)
			}
			if r.Examples.Positive == nil || r.Examples.Negative == nil {
				t.Fatalf("%s: rule needs examples.positive and examples.negative", r.Src.Pos)
			}
			if open := openFindings(t, "positive", r.Examples.Positive, only, v); open == 0 {
				t.Errorf("%s: the positive example raises no open finding", r.Src.At("examples"))
			}
			if open := openFindings(t, "negative", r.Examples.Negative, only, v); open != 0 {
				t.Errorf("%s: the negative example still raises %d open finding(s)", r.Src.At("examples"), open)
			}
		})
	}
}

func openFindings(t *testing.T, which string, m *model.Model, set *engine.Ruleset, v *vocab.Vocabulary) int {
	t.Helper()
	ex := *m
	ex.Version = model.FormatVersion
	if ex.System.Name == "" {
		ex.System.Name = "example"
	}
	if diags := model.Validate(&ex, v); len(diags) > 0 {
		t.Fatalf("the %s example is not a valid model:\n%v", which, diags)
	}
	rep, err := engine.Analyze(&model.Loaded{Model: &ex, Vocab: v}, set, engine.Options{Today: "2026-11-26"})
	if err != nil {
		t.Fatalf("%s example: %v", which, err)
	}
	open := 0
	for _, f := range rep.Findings {
		if f.Status == "open" {
			open++
			if !strings.Contains(strings.Join(f.Why, " "), "fired because") {
				t.Errorf("finding %s does not say why it fired", f.ID)
			}
		}
	}
	return open
}

// TestBuiltinRules checks the library as a whole: every file parses,
// every rule compiles, ids are unique, and the library is broad enough.
func TestBuiltinRules(t *testing.T) {
	all, diags := rules.Builtin()
	if len(diags) > 0 {
		t.Fatalf("built-in rule files have problems:\n%v", diags)
	}
	set, diags := engine.Compile(all, vocab.Builtin(), nil)
	if len(diags) > 0 {
		t.Fatalf("built-in rules do not compile:\n%v", diags)
	}
	if len(set.Rules) != len(all) {
		t.Errorf("%d rules compiled out of %d", len(set.Rules), len(all))
	}
	kinds := map[string]bool{}
	for _, r := range all {
		kinds[r.Target.Type] = true
		for _, k := range r.Target.Kinds {
			kinds[k] = true
		}
	}
	for _, k := range []string{"flow", "boundary", "system", "data", "device", "gateway", "support-service",
		"third-party-service", "mobile-client", "web-client", "datastore", "user"} {
		if !kinds[k] {
			t.Errorf("no rule targets %s", k)
		}
	}
	if len(all) < minRules {
		t.Errorf("the library has %d rules; it must have at least %d", len(all), minRules)
	}
}
