package engine_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/synth"
)

func synthetic(t *testing.T, n int) *model.Loaded {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	l, diags := model.Parse("synthetic.yaml", buf.Bytes(), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return l
}

func builtin(t *testing.T, l *model.Loaded) *engine.Ruleset {
	t.Helper()
	all, _ := rules.Builtin()
	set, diags := engine.Compile(all, l.Vocab)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return set
}

// The findings must not depend on how many workers found them, nor on
// whether the rules' programs came from the compile cache: both are
// performance decisions, never visible in the output.
func TestWorkersAndCacheChangeNothing(t *testing.T) {
	l := synthetic(t, 200)
	one, err := engine.Analyze(l, builtin(t, l), engine.Options{Today: "2026-11-26", Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	four, err := engine.Analyze(l, builtin(t, l), engine.Options{Today: "2026-11-26", Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Findings) == 0 || !reflect.DeepEqual(one, four) {
		t.Fatalf("1 worker: %d findings, 4 workers (cached rules): %d, or they differ", len(one.Findings), len(four.Findings))
	}
}

// A rule that fails to compile is never cached: every compile reports it
// again, at its own position.
func TestCompileErrorsRepeat(t *testing.T) {
	l := synthetic(t, 20)
	bad := model.Rule{ID: "T-BAD-001", Title: "Bad", Target: model.RuleTarget{Type: "flow"},
		Condition: "flow.no_such_fact", Likelihood: "low", Impact: "low", Mitigation: "None.",
		STRIDE: []string{"tampering"}}
	for i := 0; i < 2; i++ {
		if _, diags := engine.Compile([]model.Rule{bad}, l.Vocab); !strings.Contains(fmt.Sprint(diags), "invalid CEL") {
			t.Fatalf("compile %d: no CEL diagnostic for an unknown fact: %v", i+1, diags)
		}
	}
}

// Progress starts at zero, never goes back, and ends at the total, which
// counts the rule evaluations the guards and kind filters leave.
func TestProgress(t *testing.T) {
	l := synthetic(t, 200)
	set := builtin(t, l)
	var calls [][2]int
	_, err := engine.Analyze(l, set, engine.Options{Today: "2026-11-26", Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 3 {
		t.Fatalf("want a start, some progress and an end, got %v", calls)
	}
	total := calls[0][1]
	if calls[0][0] != 0 || total == 0 || calls[len(calls)-1] != [2]int{total, total} {
		t.Fatalf("want 0/%d first and %d/%d last, got %v and %v", total, total, total, calls[0], calls[len(calls)-1])
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] || calls[i][1] != total {
			t.Fatalf("progress went back or the total changed: %v then %v", calls[i-1], calls[i])
		}
	}
}
