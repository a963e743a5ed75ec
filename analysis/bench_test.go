package analysis

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// BenchmarkAnalyze evaluates the full built-in library on synthetic models
// that are already loaded: the engine's share of `iotthreat analyze`.
// Run: go test ./analysis -run '^$' -bench Analyze -benchmem
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		var buf bytes.Buffer
		if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		loaded, diags := model.Parse("synthetic.yaml", buf.Bytes(), model.Options{})
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprintf("elements=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, d, err := RunLoaded(loaded, Options{Engine: engine.Options{Today: "2026-11-26"}}); err != nil || len(d) > 0 {
					b.Fatal(err, d)
				}
			}
		})
	}
}
