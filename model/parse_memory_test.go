package model

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/iotthreat/iotthreat/synth"
)

// Loading a large model allocates about 20 bytes per byte of YAML; when
// the pieces of its long lists were parsed into fresh memory instead of
// reused arenas (strictyaml/arena.go), it was 34, and on the machines the
// targets are measured on, fresh memory costs about as much as the work
// (docs/performance.md, "What a fresh page costs on this machine"). This
// keeps a change from silently giving the reuse up.
func TestParseAllocatesLittlePerByte(t *testing.T) {
	// Each core decoding pieces at the same time has an arena of its own,
	// about 3 bytes per byte of this model: the bound holds for two.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
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
	perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
	t.Logf("%.1f bytes allocated per byte of YAML", perByte)
	if perByte > most {
		t.Errorf("loading a %d-byte model allocated %.1f bytes per byte of YAML, more than %.0f", len(data), perByte, most)
	}
}
