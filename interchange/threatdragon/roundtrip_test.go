package threatdragon

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/model"
)

// exportYAML analyses a model given as YAML and exports it, as the export
// command does.
func exportYAML(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	l, diags := model.Parse(name, data, model.Options{})
	if len(diags) > 0 {
		t.Fatalf("parse %s: %v", name, diags)
	}
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatalf("analyse %s: %v %v", name, err, diags)
	}
	var out bytes.Buffer
	if err := Export(&out, interchange.Export{Loaded: l, Report: res.Report, Producer: "iotthreat test"}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// importYAML imports a Threat Dragon file and writes the model as the
// import command does.
func importYAML(t *testing.T, name string, data []byte) (*interchange.Import, []byte) {
	t.Helper()
	imp, diags := Import(name, data)
	if len(diags) > 0 {
		t.Fatalf("import %s: %v", name, diags)
	}
	valid(t, imp)
	return imp, mustMarshal(t, imp)
}

// bare is the model YAML of an import without its notes: the model
// alone, to compare two imports whose comments differ.
func bare(t *testing.T, imp *interchange.Import) string {
	t.Helper()
	out, err := modelyaml.Marshal(&interchange.Import{Model: imp.Model})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// modelJSON is a loaded model as JSON, every field the model sets. An
// empty list is left out as an unset one is: the model treats both alike
// (controls: [] says what no controls says), and the carried data does
// not tell them apart.
func modelJSON(t *testing.T, m *model.Model) string {
	t.Helper()
	c := *m
	c.Include = nil
	out, err := json.MarshalIndent(interchange.CarriedTree(&c), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return "…" + a[max(0, i-150):min(len(a), i+150)] + "\n---- vs ----\n…" + b[max(0, i-150):min(len(b), i+150)]
}

// TestRoundTripExact exports every example model, imports the file and
// exports the imported model again: the two files are byte for byte the
// same, and the imported model is the example, field for field (its
// includes merged). Importing the second file gives the same model YAML
// as the first, comments and all, and the import says nothing is
// unknown: no note but the file's heading. (The only difference is that
// an empty list, controls: [], comes back unset, which the model reads
// the same way.)
func TestRoundTripExact(t *testing.T) {
	paths, _ := filepath.Glob("../../examples/*.yaml")
	if len(paths) < 10 {
		t.Fatalf("found %d example models", len(paths))
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			first, l, _ := exportModel(t, path)
			imp, yaml1 := importYAML(t, "first.json", first)
			for p, notes := range imp.Notes {
				if p != "" || len(notes) != 1 {
					t.Errorf("notes on %q of an exact import: %q", p, notes)
				}
			}
			back, diags := model.Parse("back.yaml", yaml1, model.Options{})
			if len(diags) > 0 {
				t.Fatalf("the imported model does not load: %v", diags)
			}
			if want, got := modelJSON(t, l.Model), modelJSON(t, back.Model); want != got {
				t.Errorf("the imported model differs from %s:\n%s", path, firstDiff(want, got))
			}
			second := exportYAML(t, "back.yaml", yaml1)
			if !bytes.Equal(first, second) {
				t.Errorf("export → import → export changed the file:\n%s", firstDiff(string(first), string(second)))
			}
			_, yaml2 := importYAML(t, "first.json", second)
			if !bytes.Equal(yaml1, yaml2) {
				t.Errorf("import → export → import changed the model:\n%s", firstDiff(string(yaml1), string(yaml2)))
			}
		})
	}
}

// TestRoundTripFromThreatDragon imports Threat Dragon files drawn in
// Threat Dragon (the fixtures, and the demo models where the shared
// samples are), exports the model and imports that: the same model
// (without the first import's comments, which say what was guessed),
// hand-written threats and their tracking included, and exporting that
// again gives the same file.
func TestRoundTripFromThreatDragon(t *testing.T) {
	files := map[string][]byte{"fixture": fixtureFile()}
	paths, _ := filepath.Glob(filepath.Join(interop, "td", "*.json"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			if _, diags := Import(p, data); len(diags) == 0 {
				files[filepath.Base(p)] = data
			}
		}
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			imp1, yaml1 := importYAML(t, name, data)
			out1 := exportYAML(t, "first.yaml", yaml1)
			imp2, yaml2 := importYAML(t, "export.json", out1)
			if a, b := bare(t, imp1), bare(t, imp2); a != b {
				t.Errorf("import → export → import changed the model:\n%s", firstDiff(a, b))
			}
			if len(imp1.Model.Threats) != len(imp2.Model.Threats) || len(imp1.Model.Tracking) != len(imp2.Model.Tracking) {
				t.Errorf("threats %d → %d, tracking %d → %d", len(imp1.Model.Threats), len(imp2.Model.Threats),
					len(imp1.Model.Tracking), len(imp2.Model.Tracking))
			}
			if out2 := exportYAML(t, "second.yaml", yaml2); !bytes.Equal(out1, out2) {
				t.Errorf("the second export differs:\n%s", firstDiff(string(out1), string(out2)))
			}
		})
	}
}

// fixtureFile is a small drawing with nested boxes, a manual threat of
// each status and a curve.
func fixtureFile() []byte {
	return tdFile(
		shape("outer", "tm.BoundaryBox", "Home network", 0, 0, 400, 400),
		shape("inner", "tm.BoundaryBox", "Device enclosure", 50, 50, 100, 100),
		shape("a", "tm.Process", "Sensor node", 60, 60, 40, 40),
		shape("b", "tm.Process", "Hub", 250, 250, 40, 40),
		shape("c", "tm.Store", "Cloud DB", 600, 100, 40, 40),
		`{"id": "curve", "shape": "trust-boundary-curve", "source": {"x": 500, "y": 0}, "target": {"x": 500, "y": 500}, "data": {"type": "tm.Boundary", "name": "Internet"}}`,
		flow("f1", "a", "b", `, "protocol": "Zigbee", "threats": [
			{"title": "Sniffing", "type": "Information disclosure", "status": "Mitigated", "severity": "High"},
			{"title": "Replay", "type": "Linkability", "status": "NotApplicable", "severity": "Low"},
			{"title": "Loss", "type": "Availability", "status": "Open", "severity": "Low"}]`),
		flow("f2", "b", "c", `, "protocol": "MQTTS", "threats": [{"title": "Flood", "type": "Denial of service", "status": "Accepted", "severity": "Medium"}]`),
	)
}

// lockModel has hand-written threats on an element and on a data asset,
// and tracking with a reason, a date and a ticket.
const lockModel = `iotthreat: 1
system: {name: Front door, criticality: high}
data:
  - {id: door-events, classification: personal}
boundaries:
  - {id: home, kind: local-network, name: Home network}
  - {id: enclosure, kind: physical, within: home}
  - {id: cloud-zone, kind: vendor-cloud, name: Vendor cloud}
elements:
  - {id: lock, kind: device, boundary: enclosure, name: Front door lock, radios: [zigbee]}
  - {id: hub, kind: gateway, boundary: home, name: Zigbee hub}
  - {id: cloud, kind: support-service, boundary: cloud-zone, name: Event log, internet_facing: true}
flows:
  - {id: local, from: lock, to: hub, protocol: zigbee, encryption: link, data: [door-events]}
  - {id: events, from: hub, to: cloud, protocol: http, data: [door-events]}
threats:
  - {id: LOCK-001, title: Bolt forced with a magnet, target: lock, stride: [tampering], severity: high}
  - {id: LOCK-002, title: Door log leaked, target: door-events, stride: [information-disclosure], severity: medium}
tracking:
  LOCK-001@lock: {status: accepted, reason: Shielded solenoid in the next model, by: hw-team, date: 2026-11-01, ticket: HW-12}
`

// TestRoundTripManualThreats checks that hand-written threats (on a
// shape and on a data asset, which has no cell) and tracking with its
// reason, date and ticket come back exactly.
func TestRoundTripManualThreats(t *testing.T) {
	first := exportYAML(t, "lock.yaml", []byte(lockModel))
	imp, yaml1 := importYAML(t, "lock.json", first)
	m := imp.Model
	if len(m.Threats) != 2 || m.Threats[0].ID != "LOCK-001" || m.Threats[1].Target != "door-events" {
		t.Errorf("threats: %+v", m.Threats)
	}
	if tr := m.Tracking["LOCK-001@lock"]; tr.Ticket != "HW-12" || tr.Reason != "Shielded solenoid in the next model" {
		t.Errorf("tracking: %+v", m.Tracking)
	}
	if second := exportYAML(t, "back.yaml", yaml1); !bytes.Equal(first, second) {
		t.Errorf("export → import → export changed the file:\n%s", firstDiff(string(first), string(second)))
	}
}

// edit exports the reference model, lets change alter the decoded file
// (as a person would in Threat Dragon), and imports the result.
func edit(t *testing.T, change func(doc map[string]any, cells map[string]map[string]any)) (*interchange.Import, []byte) {
	t.Helper()
	out, _, _ := exportModel(t, "../../examples/reference.yaml")
	return editFile(t, out, change)
}

// editFile is edit on an exported file.
func editFile(t *testing.T, out []byte, change func(doc map[string]any, cells map[string]map[string]any)) (*interchange.Import, []byte) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	cells := map[string]map[string]any{}
	for _, c := range doc["detail"].(map[string]any)["diagrams"].([]any)[0].(map[string]any)["cells"].([]any) {
		cell := c.(map[string]any)
		cells[cell["data"].(map[string]any)["iotthreatId"].(string)] = cell
	}
	change(doc, cells)
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	imp, diags := Import("edited.json", data)
	if len(diags) > 0 {
		return nil, []byte(diags.Error())
	}
	valid(t, imp)
	return imp, mustMarshal(t, imp)
}

// noted reports whether any note of imp contains text (the written
// comments wrap notes across lines).
func noted(imp *interchange.Import, text string) bool {
	for _, notes := range imp.Notes {
		for _, n := range notes {
			if strings.Contains(n, text) {
				return true
			}
		}
	}
	return false
}

func element(m *model.Model, id string) *model.Element {
	for i := range m.Elements {
		if m.Elements[i].ID == id {
			return &m.Elements[i]
		}
	}
	return nil
}

// TestEditsInThreatDragon changes an export as a person would in Threat
// Dragon: each change in a field Threat Dragon shows is taken, with a
// note, and the carried facts stay.
func TestEditsInThreatDragon(t *testing.T) {
	t.Run("rename and describe", func(t *testing.T) {
		imp, _ := edit(t, func(doc map[string]any, cells map[string]map[string]any) {
			cells["gateway"]["data"].(map[string]any)["name"] = "Home hub"
			cells["vendor-cloud"]["data"].(map[string]any)["description"] = "Our AWS account."
			doc["summary"].(map[string]any)["title"] = "Acme Product"
		})
		m := imp.Model
		if g := element(m, "gateway"); g == nil || g.Name != "Home hub" || g.OS != "Yocto Linux 4.0" {
			t.Errorf("gateway after rename: %+v", g)
		}
		if m.System.Name != "Acme Product" || m.System.Criticality != "high" {
			t.Errorf("system: %+v", m.System)
		}
		for _, want := range []string{`Renamed in Threat Dragon (was "Home gateway")`, "Description changed in Threat Dragon.", `Renamed in Threat Dragon (was "Acme Connected Product")`} {
			if !noted(imp, want) {
				t.Errorf("no note %q", want)
			}
		}
	})
	t.Run("move out of a box", func(t *testing.T) {
		imp, _ := edit(t, func(doc map[string]any, cells map[string]map[string]any) {
			cells["mobile-app"]["position"] = map[string]any{"x": -500, "y": -500}
		})
		if e := element(imp.Model, "mobile-app"); e == nil || e.Boundary != "" {
			t.Errorf("mobile-app after the move: %+v", e)
		}
		if !noted(imp, "Moved in Threat Dragon: drawn outside every box (it was in user-phone).") {
			t.Errorf("no note on the move: %q", imp.Notes)
		}
	})
	t.Run("reconnect", func(t *testing.T) {
		imp, _ := edit(t, func(doc map[string]any, cells map[string]map[string]any) {
			cells["app-to-api"]["target"] = map[string]any{"cell": cells["device-api"]["id"]}
		})
		for _, f := range imp.Model.Flows {
			if f.ID == "app-to-api" && (f.From != "mobile-app" || f.To != "device-api" || f.Protocol != "https") {
				t.Errorf("flow after reconnecting: %+v", f)
			}
		}
		if !noted(imp, "Reconnected in Threat Dragon: from mobile-app to device-api (it was from mobile-app to app-api).") {
			t.Errorf("no note on the reconnection")
		}
	})
	t.Run("reopen", func(t *testing.T) {
		out, _, _ := exportModel(t, "../../examples/building-automation-hardened.yaml")
		imp, _ := editFile(t, out, func(doc map[string]any, cells map[string]map[string]any) {
			for _, th := range cells["room-units"]["data"].(map[string]any)["threats"].([]any) {
				if th := th.(map[string]any); th["iotthreatFinding"] == "IOT-FW-001@room-units" {
					th["status"] = "Open"
				}
			}
		})
		if _, ok := imp.Model.Tracking["IOT-FW-001@room-units"]; ok {
			t.Error("the reopened finding is still tracked")
		}
		if !noted(imp, "Finding IOT-FW-001@room-units was reopened in Threat Dragon (it was NotApplicable)") {
			t.Errorf("no note on reopening")
		}
	})
	t.Run("delete a shape", func(t *testing.T) {
		out := exportYAML(t, "lock.yaml", []byte(lockModel))
		imp, _ := editFile(t, out, func(doc map[string]any, cells map[string]map[string]any) {
			dg := doc["detail"].(map[string]any)["diagrams"].([]any)[0].(map[string]any)
			var kept []any
			for _, c := range dg["cells"].([]any) {
				if id := c.(map[string]any)["data"].(map[string]any)["iotthreatId"]; id != "lock" && id != "local" {
					kept = append(kept, c) // Threat Dragon deletes a shape's flows with it
				}
			}
			dg["cells"] = kept
		})
		if len(imp.Model.Threats) != 1 || imp.Model.Threats[0].ID != "LOCK-002" {
			t.Errorf("threats: %+v", imp.Model.Threats)
		}
		if !noted(imp, `Threat LOCK-001 ("Bolt forced with a magnet") is left out: its target lock is no longer in the file.`) {
			t.Errorf("no note on the threat left out: %q", imp.Notes)
		}
	})
	t.Run("status", func(t *testing.T) {
		var flowID, finding string
		imp, _ := edit(t, func(doc map[string]any, cells map[string]map[string]any) {
			for id, c := range cells {
				d := c["data"].(map[string]any)
				if d["type"] != "tm.Flow" {
					continue
				}
				for _, th := range d["threats"].([]any) {
					th := th.(map[string]any)
					if th["status"] == "Open" && flowID == "" {
						flowID, finding = id, th["iotthreatFinding"].(string)
						th["status"] = "Mitigated"
					}
				}
			}
		})
		if flowID == "" {
			t.Fatal("the reference export has no open threat on a flow")
		}
		if tr := imp.Model.Tracking[finding]; tr.Status != "mitigated" {
			t.Errorf("tracking of %s: %+v", finding, tr)
		}
		if !noted(imp, "Status changed in Threat Dragon from Open to Mitigated.") {
			t.Errorf("no note on the status")
		}
	})
	t.Run("unknown key in the data", func(t *testing.T) {
		imp, msg := edit(t, func(doc map[string]any, cells map[string]map[string]any) {
			cells["gateway"]["data"].(map[string]any)["iotthreat"].(map[string]any)["radioz"] = []any{}
		})
		if imp != nil || !strings.Contains(string(msg), `.data.iotthreat: iotthreat data that does not describe a model item: json: unknown field "radioz"`) {
			t.Errorf("got %v %s", imp, msg)
		}
	})
	t.Run("too deep", func(t *testing.T) {
		imp, msg := edit(t, func(doc map[string]any, cells map[string]map[string]any) {
			var v any = "x"
			for range MaxItemDepth + 1 {
				v = []any{v}
			}
			cells["gateway"]["data"].(map[string]any)["iotthreat"].(map[string]any)["tags"] = v
		})
		if imp != nil || !strings.Contains(string(msg), "over the limit of 64") {
			t.Errorf("got %v %s", imp, msg)
		}
	})
	t.Run("invalid model", func(t *testing.T) {
		imp, msg := edit(t, func(doc map[string]any, cells map[string]map[string]any) {
			cells["gateway"]["data"].(map[string]any)["iotthreat"].(map[string]any)["kind"] = "toaster"
		})
		if imp != nil || !strings.Contains(string(msg), "edited.json:1:1: iotthreat: the iotthreat data describes an invalid model") {
			t.Errorf("got %v %s", imp, msg)
		}
	})
}
