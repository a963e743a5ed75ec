// Package enginetest loads the models the tests of the engine and of its
// accelerations analyse: the examples, and synthetic models of any size.
// It is imported only by tests.
package enginetest

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// Synthetic generates and loads a synthetic model of n elements.
func Synthetic(tb testing.TB, n int, seed uint64) *model.Loaded {
	tb.Helper()
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: seed}); err != nil {
		tb.Fatal(err)
	}
	l, diags := model.Parse("synthetic.yaml", buf.Bytes(), model.Options{})
	if len(diags) > 0 {
		tb.Fatal(diags)
	}
	return l
}

// Examples loads every model of the examples folder, dir.
func Examples(tb testing.TB, dir string) []*model.Loaded {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no examples in %s: %v", dir, err)
	}
	var out []*model.Loaded
	for _, f := range files {
		l, diags, err := model.Load(f, model.Options{})
		if err != nil || len(diags) > 0 {
			tb.Fatalf("%s: %v %v", f, err, diags)
		}
		out = append(out, l)
	}
	return out
}
