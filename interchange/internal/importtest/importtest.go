// Package importtest holds the test helpers that the importers' tests
// share: import and fail on any error, check that an import is a model
// iotthreat reads back, read a mapping file from text, and list the
// kinds an import gave. It is imported only by tests.
package importtest

import (
	"testing"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/model"
)

// ImportFunc is a format's Import function.
type ImportFunc func(file string, data []byte) (*interchange.Import, diag.List)

// MustImport imports data (named name) with imp and fails t on any
// diagnostic or a nil import.
func MustImport(t testing.TB, imp ImportFunc, name string, data []byte) *interchange.Import {
	t.Helper()
	out, diags := imp(name, data)
	if len(diags) > 0 || out == nil {
		t.Fatalf("import %s: %v", name, diags)
	}
	return out
}

// Reparse writes an import as model YAML and parses it back, failing t
// unless the model validates with the built-in vocabulary (warnings are
// allowed). It returns the loaded model and the YAML.
func Reparse(t testing.TB, imp *interchange.Import) (*model.Loaded, []byte) {
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

// Options returns import options with the mapping file mapText (named
// kinds.yaml, as the tests' expected notes say), or none when mapText is
// empty, failing t when the mapping does not parse.
func Options(t testing.TB, mapText string) interchange.Options {
	t.Helper()
	var opts interchange.Options
	if mapText != "" {
		m, diags := interchange.ParseMapping("kinds.yaml", []byte(mapText))
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		opts.Map = m
	}
	return opts
}

// Kinds lists what an import made of each item, by id: "KIND in
// BOUNDARY" for an element (BOUNDARY empty at the top level), the kind
// for a boundary.
func Kinds(imp *interchange.Import) map[string]string {
	kinds := map[string]string{}
	for _, e := range imp.Model.Elements {
		kinds[e.ID] = e.Kind + " in " + e.Boundary
	}
	for _, b := range imp.Model.Boundaries {
		kinds[b.ID] = b.Kind
	}
	return kinds
}
