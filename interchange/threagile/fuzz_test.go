package threagile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/internal/interoptest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// FuzzImport feeds arbitrary bytes to the importer: it must never panic,
// and whatever model it returns must validate, so that the import
// command never writes a model iotthreat itself refuses.
func FuzzImport(f *testing.F) {
	f.Add([]byte("title: t\ntechnical_assets:\n  A: {id: a, communication_links: {L: {target: a, protocol: https}}}\n"))
	f.Add([]byte("trust_boundaries:\n  X: {id: x, trust_boundaries_nested: [x]}\n"))
	f.Add([]byte("data_assets:\n  D: &d {id: d}\n  E: {<<: *d, id: e}\n"))
	interoptest.Check(f)
	for _, p := range []string{"testdata/fixture.yaml", filepath.Join(interop, "threagile", "example.yaml"), filepath.Join(interop, "threagile", "stub.yaml")} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, diags := Import("fuzz.yaml", data)
		if imp == nil {
			if len(diags) == 0 {
				t.Fatal("no model and no diagnostics")
			}
			return
		}
		v, vd := vocab.Builtin().Extend(&imp.Model.Vocabulary)
		if len(vd) > 0 {
			t.Fatalf("vocabulary: %v", vd)
		}
		for _, d := range model.Validate(imp.Model, v) {
			if d.Severity == "" {
				t.Fatalf("imported model does not validate: %s", d)
			}
		}
	})
}
