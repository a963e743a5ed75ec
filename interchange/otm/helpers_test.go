package otm

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/importtest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

// interopDir is ../shared/interop beside the repository, or "" when it
// is absent (tests that need it skip).
func interopDir() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "interop"))
	if err != nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(dir, "expect.json")); err != nil {
		return ""
	}
	return dir
}

// mustImport imports data and fails on any error.
func mustImport(t *testing.T, name string, data []byte) *interchange.Import {
	t.Helper()
	return importtest.MustImport(t, Import, name, data)
}

// reparse writes an import as model YAML and parses it back: the model
// must validate with the built-in vocabulary.
func reparse(t *testing.T, imp *interchange.Import) (*model.Loaded, []byte) {
	t.Helper()
	return importtest.Reparse(t, imp)
}

// analyse runs the built-in rules on a loaded model.
func analyse(t *testing.T, l *model.Loaded) *engine.Report {
	t.Helper()
	all, diags := rules.Builtin()
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	set, diags := engine.Compile(append(all, l.Model.Rules...), l.Vocab, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	rep, err := engine.Analyze(l, set, engine.Options{Today: "2026-06-01", Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// export writes a loaded model and its analysis as OTM.
func export(t *testing.T, l *model.Loaded) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, interchange.Export{Loaded: l, Report: analyse(t, l), Producer: "iotthreat test"}); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatal("export is not JSON")
	}
	return buf.Bytes()
}

// loadExample loads a model from the repository's examples.
func loadExample(t *testing.T, name string) *model.Loaded {
	t.Helper()
	l, diags, err := model.Load(filepath.Join("..", "..", "examples", name), model.Options{})
	if err != nil || l == nil {
		t.Fatalf("load %s: %v %v", name, err, diags)
	}
	return l
}
