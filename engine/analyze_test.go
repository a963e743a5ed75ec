package engine_test

import (
	"reflect"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/engine/internal/enginetest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

func synthetic(t *testing.T, n int) *model.Loaded {
	return enginetest.Synthetic(t, n, 3)
}

// testCache keeps the built-in library compiled between the tests that
// analyse with it.
var testCache = engine.NewCache()

func builtin(t *testing.T, l *model.Loaded) *engine.Ruleset {
	t.Helper()
	all, _ := rules.Builtin()
	set, diags := engine.Compile(all, l.Vocab, testCache)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return set
}

// The findings must not depend on how many workers found them: that is a
// performance decision, never visible in the output.
func TestWorkersChangeNothing(t *testing.T) {
	l := synthetic(t, 200)
	set := builtin(t, l)
	one, err := engine.Analyze(l, set, engine.Options{Today: "2026-11-26", Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	four, err := engine.Analyze(l, set, engine.Options{Today: "2026-11-26", Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Findings) == 0 || !reflect.DeepEqual(one, four) {
		t.Fatalf("1 worker: %d findings, 4 workers: %d, or they differ", len(one.Findings), len(four.Findings))
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
