package engine_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/synth"
)

// TestGuardsChangeNothing runs the whole library on a synthetic model with
// and without the protocol/medium pre-filters: the findings must be the
// same, only computed faster.
func TestGuardsChangeNothing(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.Options{Elements: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	l, diags := model.Parse("synthetic.yaml", buf.Bytes(), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	all, _ := rules.Builtin()
	set, diags := engine.Compile(all, l.Vocab)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	guarded, err := engine.Analyze(l, set, engine.Options{Today: "2026-11-26"})
	if err != nil {
		t.Fatal(err)
	}
	unguarded, err := engine.Analyze(l, engine.WithoutGuards(set), engine.Options{Today: "2026-11-26"})
	if err != nil {
		t.Fatal(err)
	}
	if len(guarded.Findings) == 0 || !reflect.DeepEqual(guarded.Findings, unguarded.Findings) {
		t.Fatalf("guards changed the result: %d findings with, %d without", len(guarded.Findings), len(unguarded.Findings))
	}
}
