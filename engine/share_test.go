package engine

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine/internal/enginetest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

// TestSharingChangesNothing analyses the examples and synthetic models
// with the library, with outcomes shared between targets that agree on
// what a rule reads (see internal/share) and without: the reports must be
// the same.
func TestSharingChangesNothing(t *testing.T) {
	models := testModels(t, 500, 1, 7)
	all, _ := rules.Builtin()
	for _, l := range models {
		rs, diags := Compile(append(slices.Clone(all), l.Model.Rules...), l.Vocab, testCache)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		opts := Options{Today: "2026-11-26"}
		shared, err := analyzeSharing(l, rs, opts, true)
		if err != nil {
			t.Fatal(err)
		}
		alone, err := analyzeSharing(l, rs, opts, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(shared.Findings) == 0 || !reflect.DeepEqual(shared, alone) {
			t.Fatalf("%s: sharing changed the result: %d findings with, %d without",
				l.Model.System.Name, len(shared.Findings), len(alone.Findings))
		}
	}
}

// testModels loads the examples and generates synthetic models of n
// elements, one per seed.
func testModels(t *testing.T, n int, seeds ...uint64) []*model.Loaded {
	t.Helper()
	models := enginetest.Examples(t, "../examples")
	for _, seed := range seeds {
		models = append(models, enginetest.Synthetic(t, n, seed))
	}
	return models
}

// An error is reported on the first target it happens on, with its own
// id, whether or not the outcome was shared.
func TestSharedErrorNamesItsTarget(t *testing.T) {
	l := load(t, testRules+`
elements:
  - {id: a, kind: device}
  - {id: b, kind: support-service}
flows:
  - {id: f1, from: a, to: b, protocol: mqtt}
  - {id: f2, from: a, to: b, protocol: mqtt}
`)
	bad := model.Rule{ID: "T-ERR-001", Title: "Error", Target: model.RuleTarget{Type: "flow"},
		Condition: "flow.options.no_such_option == 'x'", Likelihood: "low", Impact: "low",
		Mitigation: "None.", STRIDE: []string{"tampering"}}
	rs, diags := Compile([]model.Rule{bad}, l.Vocab, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	_, errShared := analyzeSharing(l, rs, Options{Today: "2026-11-26", Workers: 1}, true)
	_, errAlone := analyzeSharing(l, rs, Options{Today: "2026-11-26", Workers: 1}, false)
	if errShared == nil || errAlone == nil || errShared.Error() != errAlone.Error() || !strings.Contains(errShared.Error(), " f1: ") {
		t.Fatalf("want the same error with and without sharing, got %v and %v", errShared, errAlone)
	}
}
