package engine

import (
	"math"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"

	"github.com/iotthreat/iotthreat/engine/internal/enginetest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

// minHeadroom is how far below MaxEvalCost every built-in expression must
// stay, both as estimated on a nominal target and as measured on the
// example models and a generated 2,000-element one: the limits are meant
// for runaway rules, never for the library.
const minHeadroom = 100

// headroomModels are the models the built-in rules are measured on.
func headroomModels(t *testing.T) []*model.Loaded {
	t.Helper()
	return append(enginetest.Examples(t, "../examples"), enginetest.Synthetic(t, 2000, 3))
}

// measured is what the test knows of one built-in expression.
type measured struct {
	rule, part string
	estimate   uint64 // on a nominal target
	anySize    uint64 // on any target
	actual     uint64 // the most it cost on the models
	prg        cel.Program
}

// TestBuiltinCostHeadroom prints, for every expression of every built-in
// rule, its estimated and measured cost against MaxEvalCost, and fails
// when either comes within minHeadroom of it. It also checks that the
// expressions run without counting cost (their estimate for any target is
// within the limit) cost no more than that estimate.
func TestBuiltinCostHeadroom(t *testing.T) {
	all, diags := rules.Builtin()
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	models := headroomModels(t)
	envs := newEnvironments(models[0].Vocab)
	byRule := map[string][]*measured{}
	var order []*measured
	for _, r := range all {
		env := envs[r.Target.Type]
		for _, part := range []struct{ name, text string }{{"condition", r.Condition}, {"likelihood", r.Likelihood}, {"impact", r.Impact}} {
			if LevelRank(strings.TrimSpace(part.text)) > 0 || strings.TrimSpace(part.text) == "low" {
				continue // a constant level
			}
			ast, iss := env.Compile(part.text)
			if iss.Err() != nil {
				t.Fatalf("%s.%s: %v", r.ID, part.name, iss.Err())
			}
			m := &measured{rule: r.ID, part: part.name}
			var err error
			if m.estimate, err = estimateCost(env, ast); err != nil {
				t.Fatal(err)
			}
			est, err := env.EstimateCost(ast, anySizes{})
			if err != nil {
				t.Fatal(err)
			}
			m.anySize = est.Max
			if m.prg, err = env.Program(ast, cel.EvalOptions(cel.OptOptimize), cel.CostLimit(math.MaxUint64)); err != nil {
				t.Fatal(err)
			}
			byRule[r.ID] = append(byRule[r.ID], m)
			order = append(order, m)
		}
	}
	evaluations := 0
	for _, l := range models {
		set, diags := Compile(all, l.Vocab, testCache)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		targets := buildTargets(l, Derive(l), &applicableRules{rs: set, lists: map[[4]string]ruleList{}})
		for i := range targets {
			for _, cr := range targets[i].rules {
				for _, m := range byRule[cr.Rule.ID] {
					_, det, err := m.prg.Eval(targets[i].act)
					if err != nil {
						continue // a level on a target the condition does not hold for
					}
					evaluations++
					m.actual = max(m.actual, *det.ActualCost())
				}
			}
		}
	}
	t.Logf("%d evaluations on %d models; limit %d; headroom = limit / cost", evaluations, len(models), MaxEvalCost)
	worstEstimate, worstActual := uint64(0), uint64(0)
	for _, m := range order {
		t.Logf("%-14s %-10s estimated %6d (headroom %6dx), measured %4d (headroom %7dx)",
			m.rule, m.part, m.estimate, MaxEvalCost/max(m.estimate, 1), m.actual, MaxEvalCost/max(m.actual, 1))
		if m.estimate*minHeadroom > MaxEvalCost {
			t.Errorf("%s.%s: estimated %d, headroom below %dx", m.rule, m.part, m.estimate, minHeadroom)
		}
		if m.actual*minHeadroom > MaxEvalCost {
			t.Errorf("%s.%s: measured %d, headroom below %dx", m.rule, m.part, m.actual, minHeadroom)
		}
		if m.anySize <= MaxEvalCost && m.actual > m.anySize {
			t.Errorf("%s.%s runs without counting cost, estimated at most %d for any target, but cost %d", m.rule, m.part, m.anySize, m.actual)
		}
		worstEstimate, worstActual = max(worstEstimate, m.estimate), max(worstActual, m.actual)
	}
	t.Logf("worst: estimated %d (headroom %dx), measured %d (headroom %dx)",
		worstEstimate, MaxEvalCost/worstEstimate, worstActual, MaxEvalCost/worstActual)
	if evaluations < 10000 {
		t.Errorf("only %d evaluations measured", evaluations)
	}
}
