package threatdragon

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/internal/interoptest"
	"github.com/iotthreat/iotthreat/model"
)

// schema compiles the published Threat Dragon v2 schema, or skips.
func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join(interop, "schemas", "threat-dragon-v2.schema.json")
	f, err := os.Open(path)
	if err != nil {
		interoptest.Missing(t, "no schema:", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("td.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("td.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func exportModel(t *testing.T, path string) ([]byte, *model.Loaded, *engine.Report) {
	t.Helper()
	l, diags, err := model.Load(path, model.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("load %s: %v %v", path, err, diags)
	}
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatalf("analyse: %v %v", err, diags)
	}
	var out bytes.Buffer
	if err := Export(&out, interchange.Export{Loaded: l, Report: res.Report, Producer: "iotthreat test"}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), l, res.Report
}

// TestExportSchemaAndRoundTrip exports the reference model and every
// domain example, validates each file against Threat Dragon's published
// v2 schema, checks that no stroke is null, and imports it back without
// the iotthreat data (as a Threat Dragon that dropped it would leave the
// file), from the drawing alone: the same elements, flows and every
// boundary (empty ones too) by id, name and kind, the same containment
// and nesting, and every finding carried as a threat.
func TestExportSchemaAndRoundTrip(t *testing.T) {
	s := schema(t)
	paths, _ := filepath.Glob("../../examples/*.yaml")
	if len(paths) < 5 {
		t.Fatalf("found %d examples", len(paths))
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out, l, rep := exportModel(t, path)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(inst); err != nil {
				t.Errorf("export fails the Threat Dragon v2 schema: %v", err)
			}
			if bytes.Contains(out, []byte(`"strokeDasharray": null`)) {
				t.Error("export writes a null strokeDasharray")
			}
			threats := strings.Count(string(out), `"iotthreatFinding"`)
			onCells := 0
			for _, f := range rep.Findings {
				if f.Target.Type != "data" && f.Target.Type != "system" {
					onCells++
				}
			}
			if threats != onCells {
				t.Errorf("%d threats written for %d findings on elements, flows and boundaries", threats, onCells)
			}
			imp, diags := Import("export.json", withoutItems(t, out))
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			valid(t, imp)
			m, back := l.Model, imp.Model
			type el struct{ id, name, kind, boundary string }
			var want, got []el
			for _, e := range m.Elements {
				want = append(want, el{e.ID, e.Name, e.Kind, e.Boundary})
			}
			for _, e := range back.Elements {
				got = append(got, el{e.ID, e.Name, e.Kind, e.Boundary})
			}
			if !slices.Equal(want, got) {
				t.Errorf("elements changed:\n got %v\nwant %v", got, want)
			}
			type fl struct{ id, name, from, to, protocol string }
			var wantF, gotF []fl
			for _, f := range m.Flows {
				wantF = append(wantF, fl{f.ID, f.Name, f.From, f.To, f.Protocol})
			}
			for _, f := range back.Flows {
				gotF = append(gotF, fl{f.ID, f.Name, f.From, f.To, f.Protocol})
			}
			if !slices.Equal(wantF, gotF) {
				t.Errorf("flows changed:\n got %v\nwant %v", gotF, wantF)
			}
			type bd struct{ id, kind, within string }
			var wantB, gotB []bd
			for _, b := range m.Boundaries {
				wantB = append(wantB, bd{b.ID, b.Kind, b.Within})
			}
			for _, b := range back.Boundaries {
				gotB = append(gotB, bd{b.ID, b.Kind, b.Within})
			}
			slices.SortFunc(wantB, func(a, b bd) int { return strings.Compare(a.id, b.id) })
			slices.SortFunc(gotB, func(a, b bd) int { return strings.Compare(a.id, b.id) })
			if !slices.Equal(wantB, gotB) {
				t.Errorf("boundaries changed:\n got %v\nwant %v", gotB, wantB)
			}
			if len(back.Threats) != 0 {
				t.Errorf("iotthreat's own findings came back as %d manual threats", len(back.Threats))
			}
		})
	}
}

// withoutItems removes the iotthreat keys from an export's summary and
// cells' data, leaving the Threat Dragon fields and iotthreatId,
// iotthreatKind and iotthreatEncryption.
func withoutItems(t *testing.T, data []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc["summary"].(map[string]any), itemKey)
	for _, d := range doc["detail"].(map[string]any)["diagrams"].([]any) {
		for _, c := range d.(map[string]any)["cells"].([]any) {
			delete(c.(map[string]any)["data"].(map[string]any), itemKey)
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
