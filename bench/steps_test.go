package bench

import (
	"io"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/render"
	"github.com/iotthreat/iotthreat/report"
)

// BenchmarkLoad is `iotthreat validate` without the file read: parse the
// YAML, decode it into the model, validate it.
func BenchmarkLoad(b *testing.B) {
	eachSize(b, 0, func(b *testing.B, n int) {
		data := modelOf(b, n, false).yaml
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, diags := model.Parse("synthetic.yaml", data, model.Options{}); len(diags) > 0 {
				b.Fatal(diags)
			}
		}
	})
}

// BenchmarkValidate is the validation share of BenchmarkLoad: the checks
// on a decoded model (references, vocabulary, protocol options).
func BenchmarkValidate(b *testing.B) {
	eachSize(b, 0, func(b *testing.B, n int) {
		l := modelOf(b, n, false).loaded
		for b.Loop() {
			if diags := model.Validate(l.Model, l.Vocab); len(diags) > 0 {
				b.Fatal(diags)
			}
		}
	})
}

// BenchmarkAnalyze is the engine's share of `iotthreat analyze` on a
// loaded model: assemble and compile the built-in library, derive facts,
// evaluate every rule on every target, score and sort the findings.
func BenchmarkAnalyze(b *testing.B) {
	eachSize(b, 0, func(b *testing.B, n int) {
		l := modelOf(b, n, false).loaded
		for b.Loop() {
			analyze(b, l)
		}
	})
}

// BenchmarkDOT draws the data-flow diagram with its findings as DOT text:
// the diagram's own work, before Graphviz lays it out, with the facts the
// analysis kept (as `iotthreat diagram` passes them).
func BenchmarkDOT(b *testing.B) {
	eachSize(b, 0, func(b *testing.B, n int) {
		f := modelOf(b, n, true)
		for b.Loop() {
			if err := render.DOT(io.Discard, f.loaded, f.result.Report, render.Options{Facts: f.result.Facts}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// MaxSVGElements caps BenchmarkSVG: Graphviz's layout grows faster than
// linearly with the number of nodes and edges, and a diagram of 10,000
// elements is neither sensible to draw nor to wait for (--focus draws a
// part of a large model).
const MaxSVGElements = 1000

// BenchmarkSVG lays the diagram out with Graphviz and writes SVG.
func BenchmarkSVG(b *testing.B) {
	eachSize(b, MaxSVGElements, func(b *testing.B, n int) {
		f := modelOf(b, n, true)
		for b.Loop() {
			if err := render.SVG(io.Discard, f.loaded, f.result.Report, render.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkJSON writes the findings contract (`analyze --format json`).
func BenchmarkJSON(b *testing.B) {
	eachSize(b, 0, func(b *testing.B, n int) {
		rep := modelOf(b, n, true).result.Report
		for b.Loop() {
			if err := report.JSON(io.Discard, rep); err != nil {
				b.Fatal(err)
			}
		}
	})
}
