package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the loader. It must never panic or
// hang, and every diagnostic must say where the problem is.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../templates/files/*.yaml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "iotthreat: 1", "- a\n- b", "iotthreat: 1\nelements: [{id: a, kind: device, boundary: *x}]",
		"a: &a [*a]", "iotthreat: 1\nsystem: {name: x}\nboundaries: [{id: a, kind: internet, within: a}]",
		"iotthreat: 1\nflows:\n  - {id: f, from: a, to: a, protocol: https, encryption: none, options: {x: y}}",
		"{[", "? [a]\n: b", "<<: [1]", "a: !!binary aGVsbG8=", "iotthreat: 1\ntracking: {x: {status: open}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		loaded, diags := Parse("fuzz.yaml", data, Options{})
		if loaded == nil {
			t.Fatal("Parse returned no model")
		}
		for _, d := range diags {
			if d.File != "fuzz.yaml" || d.Line < 1 || d.Message == "" {
				t.Fatalf("diagnostic without a location or message: %#v", d)
			}
			if strings.ContainsRune(d.Message, 0) {
				t.Fatalf("raw NUL in message: %q", d.Message)
			}
		}
	})
}
