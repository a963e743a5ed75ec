package model

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/iotthreat/iotthreat/synth"
)

// BenchmarkParse loads synthetic models of growing size (parse, decode and
// validate). Run: go test ./model -run '^$' -bench Parse -benchmem
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		var buf bytes.Buffer
		if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		b.Run(fmt.Sprintf("elements=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, diags := Parse("synthetic.yaml", data, Options{}); len(diags) > 0 {
					b.Fatal(diags)
				}
			}
		})
	}
}
