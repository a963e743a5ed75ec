package scaffold

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

var update = flag.Bool("update", false, "rewrite examples/ from the templates")

const examplesDir = "../examples"

// TestTemplatesAreValid loads every template: each must be a complete
// model without a single diagnostic.
func TestTemplatesAreValid(t *testing.T) {
	if len(Names()) < 4 || Names()[0] != Default {
		t.Fatalf("Names() = %v, want the default first and at least four templates", Names())
	}
	for _, name := range Names() {
		tpl, err := Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if tpl.Summary == "" {
			t.Errorf("%s: no summary comment", name)
		}
		if !bytes.HasPrefix(tpl.Content, []byte("# yaml-language-server: $schema="+SchemaFile+"\n")) {
			t.Errorf("%s: first line must be the yaml-language-server modeline", name)
		}
		loaded, diags := model.Parse(name+".yaml", tpl.Content, model.Options{})
		if len(diags) > 0 {
			t.Errorf("%s is invalid:\n%v", name, diags)
			continue
		}
		if len(loaded.Model.Elements) < 8 || len(loaded.Model.Flows) < 10 {
			t.Errorf("%s: only %d elements and %d flows", name, len(loaded.Model.Elements), len(loaded.Model.Flows))
		}
	}
}

// TestReferenceCoversTheArchitecture checks the default template has every
// element kind of the reference architecture and every boundary kind.
func TestReferenceCoversTheArchitecture(t *testing.T) {
	tpl, _ := Get(Default)
	loaded, _ := model.Parse("reference.yaml", tpl.Content, model.Options{})
	kinds := map[string]bool{}
	for _, e := range loaded.Model.Elements {
		kinds[e.Kind] = true
	}
	for _, k := range []string{"device", "gateway", "support-service", "third-party-service", "mobile-client", "web-client", "user"} {
		if !kinds[k] {
			t.Errorf("reference template has no %s", k)
		}
	}
	boundaryKinds := map[string]bool{}
	for _, b := range loaded.Model.Boundaries {
		boundaryKinds[b.Kind] = true
	}
	for _, k := range []string{"physical", "local-network", "internet", "vendor-cloud", "third-party-cloud", "mobile-device", "browser"} {
		if !boundaryKinds[k] {
			t.Errorf("reference template has no %s boundary", k)
		}
	}
}

// TestExamplesMatchTemplates keeps examples/ identical to what init writes.
func TestExamplesMatchTemplates(t *testing.T) {
	schema, err := model.Schema(vocab.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{SchemaFile: append(schema, '\n')}
	for _, name := range Names() {
		tpl, _ := Get(name)
		want[name+".yaml"] = tpl.Content
	}
	for file, content := range want {
		path := filepath.Join(examplesDir, file)
		if *update {
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, content) {
			t.Errorf("%s differs from the template; run: go test ./scaffold -update", path)
		}
	}
}

func TestWriteRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	tpl, _ := Get(Default)
	if _, err := Write(dir, tpl, []byte("{}"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, tpl, []byte("{}"), false); err == nil {
		t.Fatal("second Write without force succeeded")
	}
	if _, err := Write(dir, tpl, []byte("{}"), true); err != nil {
		t.Fatalf("Write with force: %v", err)
	}
}

// TestHardenedExample checks the hardened reference: the same system with
// its controls declared shows its findings as mitigated, not missing, and
// leaves nothing open.
func TestHardenedExample(t *testing.T) {
	res, diags, err := analysis.Run(filepath.Join(examplesDir, "reference-hardened.yaml"), analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	s := res.Report.Summary
	if s.Open != 0 {
		for _, f := range res.Report.Findings {
			if f.Status == "open" {
				t.Errorf("open on the hardened example: %s %s", f.ID, f.Title)
			}
		}
	}
	if s.ByStatus["mitigated"] < 60 {
		t.Errorf("only %d findings mitigated by design on the hardened example", s.ByStatus["mitigated"])
	}
	plain, _, err := analysis.Run(filepath.Join(examplesDir, "reference.yaml"), analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Report.Summary.Open < 60 {
		t.Errorf("the reference example has only %d open findings", plain.Report.Summary.Open)
	}
}
