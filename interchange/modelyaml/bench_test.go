package modelyaml

import (
	"bytes"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// BenchmarkMarshal writes a synthetic model of 10,000 elements.
func BenchmarkMarshal(b *testing.B) {
	var src bytes.Buffer
	if err := synth.Generate(&src, synth.Options{Elements: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	l, diags := model.Parse("synth.yaml", src.Bytes(), model.Options{})
	if len(diags) > 0 {
		b.Fatal(diags.Error())
	}
	imp := &interchange.Import{Model: l.Model}
	b.ResetTimer()
	for b.Loop() {
		out, err := Marshal(imp)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}
