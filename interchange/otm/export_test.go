package otm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iotthreat/iotthreat/internal/interoptest"
)

// otmSchema compiles the published OTM schema from ../shared/interop.
func otmSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := interopDir()
	if dir == "" {
		interoptest.Missing(t, "../shared/interop is absent")
	}
	f, err := os.Open(filepath.Join(dir, "schemas", "otm_schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("otm.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("otm.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// exampleModels are the repository's example models, every one exported
// in the tests.
func exampleModels(t *testing.T) []string {
	names, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil || len(names) < 2 {
		t.Fatalf("examples: %v %v", names, err)
	}
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	return names
}

// TestExportValidates exports every example model with its findings and
// validates the result against the published OTM schema; the schema
// itself is checked to reject a broken export, so the test can fail.
func TestExportValidates(t *testing.T) {
	s := otmSchema(t)
	for _, name := range exampleModels(t) {
		t.Run(name, func(t *testing.T) {
			l := loadExample(t, name)
			out := export(t, l)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(inst); err != nil {
				t.Fatalf("export does not validate: %v", err)
			}
			var doc map[string]any
			_ = json.Unmarshal(out, &doc)
			if len(doc["threats"].([]any)) == 0 || len(doc["mitigations"].([]any)) == 0 {
				t.Errorf("no threats or mitigations exported")
			}
		})
	}
	broken, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"otmVersion":"0.2.0","project":{"name":"x"}}`))
	if s.Validate(broken) == nil {
		t.Error("the schema accepts a project without id")
	}
}

// TestRoundTrip exports every example, imports the export, and checks
// that elements, flows, boundaries and data keep their ids, kinds,
// nesting and facts; that the re-imported model validates; and that
// exporting it again gives the same file.
func TestRoundTrip(t *testing.T) {
	for _, name := range exampleModels(t) {
		t.Run(name, func(t *testing.T) {
			l := loadExample(t, name)
			first := export(t, l)
			imp := mustImport(t, "export.otm.json", first)
			back, _ := reparse(t, imp)
			a, b := l.Model, back.Model
			if len(a.Elements) != len(b.Elements) || len(a.Flows) != len(b.Flows) || len(a.Boundaries) != len(b.Boundaries) || len(a.Data) != len(b.Data) {
				t.Fatalf("counts changed: elements %d→%d, flows %d→%d, boundaries %d→%d, data %d→%d",
					len(a.Elements), len(b.Elements), len(a.Flows), len(b.Flows), len(a.Boundaries), len(b.Boundaries), len(a.Data), len(b.Data))
			}
			for i, e := range a.Elements {
				g := b.Elements[i]
				if e.ID != g.ID || e.Kind != g.Kind || e.Boundary != g.Boundary || e.Technology != g.Technology {
					t.Errorf("element %s: %s/%s/%s became %s/%s/%s", e.ID, e.Kind, e.Boundary, e.Technology, g.ID+" "+g.Kind, g.Boundary, g.Technology)
				}
			}
			for i, f := range a.Flows {
				g := b.Flows[i]
				if f.ID != g.ID || f.From != g.From || f.To != g.To || f.Protocol != g.Protocol || f.Encryption != g.Encryption ||
					f.Authentication != g.Authentication || f.Port != g.Port || f.Bidirectional != g.Bidirectional {
					t.Errorf("flow %s changed: %s→%s %s/%s/%s became %s→%s %s/%s/%s", f.ID, f.From, f.To, f.Protocol, f.Encryption, f.Authentication,
						g.From, g.To, g.Protocol, g.Encryption, g.Authentication)
				}
			}
			for i, x := range a.Boundaries {
				g := b.Boundaries[i]
				if x.ID != g.ID || x.Kind != g.Kind || x.Within != g.Within {
					t.Errorf("boundary %s: %s within %q became %s within %q", x.ID, x.Kind, x.Within, g.Kind, g.Within)
				}
			}
			for i, d := range a.Data {
				g := b.Data[i]
				if d.ID != g.ID || d.Classification != g.Classification || d.Integrity != g.Integrity || d.Availability != g.Availability {
					t.Errorf("data %s changed: %s/%s/%s became %s/%s/%s", d.ID, d.Classification, d.Integrity, d.Availability,
						g.Classification, g.Integrity, g.Availability)
				}
			}
			if len(a.Threats) != len(b.Threats) {
				t.Errorf("manual threats %d became %d", len(a.Threats), len(b.Threats))
			}
			second := export(t, back)
			if !bytes.Equal(first, second) {
				t.Errorf("export, import, export is not stable:\n%s", firstDiff(first, second))
			}
		})
	}
}

// firstDiff shows the first line where two outputs differ.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			j := 0
			for j < len(al[i]) && j < len(bl[i]) && al[i][j] == bl[i][j] {
				j++
			}
			lo := max(0, j-60)
			return fmt.Sprintf("line %d, byte %d: …%s\n  vs: …%s", i+1, j, al[i][lo:min(len(al[i]), j+60)], bl[i][lo:min(len(bl[i]), j+60)])
		}
	}
	return "lengths differ"
}
