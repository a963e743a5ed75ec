package tm7

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/importtest"
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
	return importtest.MustImport(t, Import, name, data)
}

// reparse writes an import as model YAML and parses it back: the model
// must validate with the built-in vocabulary.
func reparse(t testing.TB, imp *interchange.Import) (*model.Loaded, []byte) {
	t.Helper()
	return importtest.Reparse(t, imp)
}
