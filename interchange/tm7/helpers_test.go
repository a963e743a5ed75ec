package tm7

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/internal/interoptest"
	"github.com/iotthreat/iotthreat/model"
)

// sample reads a file of the shared conformance set (see MANIFEST.md
// there), or skips the test where the set is absent (fails in CI).
func sample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(interoptest.Dir(t), name))
	if err != nil {
		interoptest.Missing(t, "no conformance set:", err)
	}
	return data
}

// mustImport imports data and fails on any error.
func mustImport(t testing.TB, name string, data []byte) *interchange.Import {
	t.Helper()
	imp, diags := Import(name, data)
	if len(diags) > 0 || imp == nil {
		t.Fatalf("import %s: %v", name, diags)
	}
	return imp
}

// reparse writes an import as model YAML and parses it back: the model
// must validate with the built-in vocabulary.
func reparse(t testing.TB, imp *interchange.Import) (*model.Loaded, []byte) {
	t.Helper()
	out, err := modelyaml.Marshal(imp)
	if err != nil {
		t.Fatal(err)
	}
	loaded, diags := model.Parse("imported.yaml", out, model.Options{})
	var errs []string
	for _, d := range diags {
		if d.Severity == "" {
			errs = append(errs, d.String())
		}
	}
	if len(errs) > 0 || loaded == nil {
		t.Fatalf("the imported model does not validate:\n%v\n---\n%s", errs, out)
	}
	return loaded, out
}
