package analysis

import (
	"reflect"
	"sync"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
)

// Run compiles the built-in library in the background while the model
// loads; several analyses at once, in one process, must each get the
// same complete result as one alone.
func TestConcurrentRunsAgree(t *testing.T) {
	opts := Options{Engine: engine.Options{Today: "2026-01-15"}}
	const runs = 4
	results := make([]*Result, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() {
			res, diags, err := Run("../examples/reference.yaml", opts)
			if err != nil || len(diags) > 0 {
				t.Errorf("run %d: %v %v", i, err, diags)
				return
			}
			results[i] = res
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if len(results[0].Report.Findings) == 0 || len(results[0].Rules.Rules) < 100 {
		t.Fatalf("%d findings from %d rules: the library was not complete", len(results[0].Report.Findings), len(results[0].Rules.Rules))
	}
	for i := 1; i < runs; i++ {
		if !reflect.DeepEqual(results[i].Report.Findings, results[0].Report.Findings) {
			t.Errorf("run %d found something else than run 0", i)
		}
	}
}

// KeepFacts hands back the facts the analysis used, equal to deriving
// them again, and changes nothing in the report; without it there are
// none to hold.
func TestKeepFacts(t *testing.T) {
	opts := Options{Engine: engine.Options{Today: "2026-01-15"}}
	plain, diags, err := Run("../examples/reference.yaml", opts)
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	if plain.Facts != nil {
		t.Error("facts kept without KeepFacts")
	}
	opts.KeepFacts = true
	kept, diags, err := Run("../examples/reference.yaml", opts)
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	if kept.Facts == nil || len(kept.Facts.Elements) == 0 {
		t.Fatal("no facts kept")
	}
	if !reflect.DeepEqual(kept.Facts, engine.Derive(kept.Model)) {
		t.Error("the kept facts differ from the model's")
	}
	if !reflect.DeepEqual(kept.Report, plain.Report) {
		t.Error("keeping the facts changed the report")
	}
}
