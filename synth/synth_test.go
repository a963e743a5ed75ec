package synth

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/iotthreat/iotthreat/strictyaml"
)

// The bytes of a model depend only on size and seed, and stay what they
// were when Generate built the model in memory: benchmarks and tests
// compare results across versions. The hashes were taken from that
// version's output.
func TestGenerateIsStable(t *testing.T) {
	for _, tt := range []struct {
		elements int
		seed     uint64
		sha256   string
	}{
		{1, 1, "433d950740319dbf4f291522273a9a199e790e9085631d3d65160a5a94c2642d"},
		{20, 7, "91f21b8d28943ee9a2344e2f9a002c82dcd7bec17c2ea897f1152e7b09e9420c"},
		{100, 1, "3955a8e0c2f07e6f3ec4a0c1c04a78f820a70cdc9a0f8d14130bda968960ebac"},
		{1000, 7, "6203c7f03a46f0a21f907c7ce1a2acfd89438d388d5e5c43ed164c9f5a1e6ea7"},
		{10000, 1, "37bd1d4059204edb8f3dece79cb99e6c29bff6839760520a4ca90aacbf5ece31"},
	} {
		h := sha256.New()
		if err := Generate(h, Options{Elements: tt.elements, Seed: tt.seed}); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", h.Sum(nil)); got != tt.sha256 {
			t.Errorf("%d elements, seed %d: sha256 %s, want %s", tt.elements, tt.seed, got, tt.sha256)
		}
	}
}

type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}

// The largest model fits the loader's size limit, whatever the seed.
func TestMaxElementsFitsTheLoader(t *testing.T) {
	if testing.Short() {
		t.Skip("writes several 64 MB models")
	}
	for seed := uint64(1); seed <= 4; seed++ {
		var c counter
		if err := Generate(&c, Options{Elements: MaxElements, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		if c.n > strictyaml.DefaultLimits.MaxBytes {
			t.Errorf("seed %d: %d bytes, over the %d-byte limit", seed, c.n, strictyaml.DefaultLimits.MaxBytes)
		}
	}
	if err := Generate(io.Discard, Options{Elements: MaxElements + 1}); err == nil {
		t.Error("Generate accepted more than MaxElements")
	}
}

type failAfter struct{ n, written int }

var errFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.written+len(p) > f.n {
		return 0, errFull
	}
	f.written += len(p)
	return len(p), nil
}

// A write error stops the generation at once and is returned.
func TestGenerateStopsOnWriteError(t *testing.T) {
	w := &failAfter{n: 1 << 20}
	if err := Generate(w, Options{Elements: MaxElements, Seed: 1}); !errors.Is(err, errFull) {
		t.Errorf("got %v, want the write error", err)
	}
}
