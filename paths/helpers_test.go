package paths

import (
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// today fixes the date so that accepted risks expire the same way on
// every run.
const today = "2026-11-26"

// analysed loads and analyses a model file.
func analysed(t testing.TB, path string) *analysis.Result {
	t.Helper()
	res, diags, err := analysis.Run(path, analysis.Options{Engine: engine.Options{Today: today}})
	if err != nil || len(diags) > 0 {
		t.Fatalf("%s: %v %v", path, err, diags)
	}
	return res
}

// parsed analyses a model given as YAML text.
func parsed(t testing.TB, name string, src []byte) *analysis.Result {
	t.Helper()
	l, diags := model.Parse(name, src, model.Options{})
	if len(diags) > 0 {
		t.Fatalf("%s: %v", name, diags)
	}
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: today}})
	if err != nil || len(diags) > 0 {
		t.Fatalf("%s: %v %v", name, err, diags)
	}
	return res
}

func find(t testing.TB, res *analysis.Result, opts Options) *Result {
	t.Helper()
	r, err := Find(res.Model, engine.Derive(res.Model), res.Report, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
