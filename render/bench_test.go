package render

import (
	"bytes"
	"io"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// synthetic loads and analyses a generated model of about n elements.
func synthetic(b *testing.B, n int) (*model.Loaded, *engine.Report) {
	b.Helper()
	var src bytes.Buffer
	if err := synth.Generate(&src, synth.Options{Elements: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	l, diags := model.Parse("synthetic.yaml", src.Bytes(), model.Options{})
	if len(diags) > 0 {
		b.Fatal(diags)
	}
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		b.Fatal(err, diags)
	}
	return l, res.Report
}

// BenchmarkSVG300 is the design target "diagram of 300 elements: under 1 s
// to SVG": from the loaded model and its findings to laid-out SVG.
//
//	go test ./render -run '^$' -bench . -benchtime 5x
func BenchmarkSVG300(b *testing.B) {
	l, rep := synthetic(b, 300)
	b.ResetTimer()
	for b.Loop() {
		if err := SVG(io.Discard, l, rep, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDOT300 is the part of BenchmarkSVG300 before Graphviz.
func BenchmarkDOT300(b *testing.B) {
	l, rep := synthetic(b, 300)
	b.ResetTimer()
	for b.Loop() {
		if err := DOT(io.Discard, l, rep, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPNG50 draws a 50-element model as PNG: layout, rasterising and
// PNG encoding.
func BenchmarkPNG50(b *testing.B) {
	l, rep := synthetic(b, 50)
	b.ResetTimer()
	for b.Loop() {
		if err := PNG(io.Discard, l, rep, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
