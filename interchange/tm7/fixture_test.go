package tm7

import (
	"os"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
)

func small(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/small.tm7")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func hasNote(imp *interchange.Import, path, part string) bool {
	for _, n := range imp.Notes[path] {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// TestFixture checks the hand-written file (testdata/small.tm7): nested
// boxes, duplicate names, kinds from stencils, flows left out with a
// note, protocol and encryption only where the file says them, a line
// boundary crossing, and every threat state.
func TestFixture(t *testing.T) {
	imp := mustImport(t, "small.tm7", small(t))
	reparse(t, imp)
	m := imp.Model
	if m.System.Name != "Smart lock" || m.System.Owner != "Security team" || m.System.Description == "" {
		t.Errorf("system %+v", m.System)
	}
	elems := map[string]model.Element{}
	for _, e := range m.Elements {
		elems[e.ID] = e
	}
	want := map[string][2]string{ // id → kind, boundary
		"home-owner": {"user", "home-network"}, "smart-lock": {"device", "home-network"},
		"api": {"support-service", "vendor-cloud"}, "api-2": {"support-service", "vendor-cloud"},
		"events": {"datastore", "database-subnet"},
	}
	if len(elems) != len(want) {
		t.Errorf("%d elements, want %d (the annotation is not one)", len(elems), len(want))
	}
	for id, w := range want {
		if e := elems[id]; e.Kind != w[0] || e.Boundary != w[1] {
			t.Errorf("%s: kind %q in %q, want %q in %q", id, e.Kind, e.Boundary, w[0], w[1])
		}
	}
	if got := elems["api-2"].Tags; len(got) != 1 || got[0] != "out-of-scope" || !hasNote(imp, "elements[api-2]", "retired next year") {
		t.Errorf("out of scope: tags %v, notes %v", got, imp.Notes["elements[api-2]"])
	}
	within := map[string]string{}
	for _, b := range m.Boundaries {
		within[b.ID] = b.Within
	}
	if within["database-subnet"] != "vendor-cloud" || within["vendor-cloud"] != "" || within["home-network"] != "" {
		t.Errorf("nesting %v", within)
	}
	flows := map[string]model.Flow{}
	for _, f := range m.Flows {
		flows[f.ID] = f
	}
	if len(flows) != 3 || !hasNote(imp, "", `"Dangling" has an end attached to no shape`) || !hasNote(imp, "", `"Loop" goes from api-2 to itself`) {
		t.Errorf("flows %v; head notes %v", flows, imp.Notes[""])
	}
	if f := flows["unlock"]; f.Protocol != "ui" {
		t.Errorf("a person's flow: protocol %q, want ui", f.Protocol)
	}
	if f := flows["telemetry-over-mqtt"]; f.Protocol != "mqtt" || f.Encryption != "tls" || f.Authentication != "" {
		t.Errorf("telemetry: %+v", f)
	}
	if !hasNote(imp, "flows[telemetry-over-mqtt]", `line "Internet Boundary"`) || hasNote(imp, "flows[store-events]", "Internet Boundary") {
		t.Errorf("crossings: %v / %v", imp.Notes["flows[telemetry-over-mqtt]"], imp.Notes["flows[store-events]"])
	}
	if !hasNote(imp, "flows[telemetry-over-mqtt]", "Wi-Fi") {
		t.Errorf("physical network not noted: %v", imp.Notes["flows[telemetry-over-mqtt]"])
	}
	if f := flows["store-events"]; f.Protocol != "http" || f.Encryption != "none" {
		t.Errorf("store events (HTTP stencil, confidentiality No chosen): %+v", f)
	}
	threats := map[string]model.Threat{}
	for _, th := range m.Threats {
		threats[th.ID] = th
	}
	checks := []struct {
		id, target, stride, severity string
	}{
		{"MTM-THREAT-001", "api", "tampering", "high"},
		{"MTM-THREAT-002", "events", "denial-of-service", "low"},
		{"MTM-THREAT-003", "smart-lock", "spoofing", "medium"}, // from type id S1; priority Urgent unknown
		{"MTM-THREAT-004", "system", "tampering", "medium"},    // category Custom; on a flow left out
	}
	for _, c := range checks {
		th := threats[c.id]
		if th.Target != c.target || len(th.STRIDE) != 1 || th.STRIDE[0] != c.stride || th.Severity != c.severity {
			t.Errorf("%s: %+v, want target %s, %s, %s", c.id, th, c.target, c.stride, c.severity)
		}
	}
	if th := threats["MTM-THREAT-001"]; th.Mitigation != "Sign it. Refer: https://example.com" {
		t.Errorf("mitigation keeps HTML: %q", th.Mitigation)
	}
	tr := m.Tracking
	if len(tr) != 2 || tr["MTM-THREAT-001@api"].Status != "mitigated" || !strings.Contains(tr["MTM-THREAT-001@api"].Reason, "signed since 2.1") ||
		tr["MTM-THREAT-002@events"].Status != "false-positive" || tr["MTM-THREAT-002@events"].Reason == "" {
		t.Errorf("tracking %+v", tr)
	}
	if !hasNote(imp, "threats[MTM-THREAT-004]", `state "Reviewed"`) {
		t.Errorf("unknown state not noted: %v", imp.Notes["threats[MTM-THREAT-004]"])
	}
}

// TestMapping checks that a mapping file decides kinds before the
// guesses, by stencil type id or by name.
func TestMapping(t *testing.T) {
	mp, diags := interchange.ParseMapping("map.yaml", []byte("elements:\n  \"SE.DS.TMCore.SQL\": device\nboundaries:\n  \"Database*\": local-network\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	imp, diags := ImportWith("small.tm7", small(t), interchange.Options{Map: mp})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	reparse(t, imp)
	for _, e := range imp.Model.Elements {
		if e.ID == "events" && (e.Kind != "device" || !hasNote(imp, "elements[events]", "map.yaml")) {
			t.Errorf("events: kind %s, notes %v", e.Kind, imp.Notes["elements[events]"])
		}
	}
	for _, b := range imp.Model.Boundaries {
		if b.ID == "database-subnet" && b.Kind != "local-network" {
			t.Errorf("database-subnet: kind %s, notes %v", b.Kind, imp.Notes["boundaries[database-subnet]"])
		}
	}
}

// TestFitPeople: an external interactor named as a person who talks
// straight to a back end is not a user; in a home network, where a
// third-party service cannot sit, it is the workstation they use.
func TestFitPeople(t *testing.T) {
	data := strings.Replace(string(small(t)), "<TargetGuid>e0000000-0000-0000-0000-000000000002</TargetGuid><TargetX>200</TargetX>",
		"<TargetGuid>e0000000-0000-0000-0000-000000000003</TargetGuid><TargetX>200</TargetX>", 1)
	imp := mustImport(t, "people.tm7", []byte(data))
	reparse(t, imp)
	for _, e := range imp.Model.Elements {
		if e.ID == "home-owner" && (e.Kind != "workstation" || e.Boundary != "home-network" || !hasNote(imp, "elements[home-owner]", "talks straight to api")) {
			t.Errorf("home-owner: %+v %v", e, imp.Notes["elements[home-owner]"])
		}
	}
}
