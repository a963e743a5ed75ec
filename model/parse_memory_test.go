package model

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/iotthreat/iotthreat/synth"
)

// Loading a large model allocates about 21 bytes per byte of YAML; when
// the pieces of its long lists were parsed into fresh memory instead of
// reused arenas (strictyaml/arena.go), it was 34, and on the machines the
// targets are measured on, fresh memory costs about as much as the work
// (docs/performance.md, "What a fresh page costs on this machine"). This
// keeps a change from silently giving the reuse up.
func TestParseAllocatesLittlePerByte(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.Options{Elements: 3000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	const most = 26.0 // bytes allocated per byte of YAML
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, diags := Parse("generated.yaml", data, Options{}); len(diags) > 0 {
		t.Fatal(diags)
	}
	runtime.ReadMemStats(&after)
	if perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data)); perByte > most {
		t.Errorf("loading a %d-byte model allocated %.1f bytes per byte of YAML, more than %.0f", len(data), perByte, most)
	}
}
