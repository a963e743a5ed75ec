package paths

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/synth"
)

// BenchmarkFind measures Find alone (graph, search, scoring, choke
// points) on synthetic models, the analysis done once beforehand:
//
//	go test ./paths -run '^$' -bench Find -benchtime 3x
//
// docs/performance.md records the 10,000-element figure; the target is a
// few seconds.
func BenchmarkFind(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("elements=%d", n), func(b *testing.B) {
			var buf bytes.Buffer
			if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			res := parsed(b, "synthetic.yaml", buf.Bytes())
			facts := engine.Derive(res.Model)
			var r *Result
			for b.Loop() {
				var err error
				if r, err = Find(res.Model, facts, res.Report, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(r.Paths)), "paths")
			b.ReportMetric(float64(len(r.Targets)), "targets")
		})
	}
}
