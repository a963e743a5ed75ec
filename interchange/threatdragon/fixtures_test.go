package threatdragon

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/internal/interoptest"
)

// tdFile writes a minimal Threat Dragon v2 document around cells.
func tdFile(cells ...string) []byte {
	return []byte(`{"version": "2.3.0", "summary": {"title": "Fixture"},
"detail": {"diagrams": [{"title": "D", "cells": [
` + strings.Join(cells, ",\n") + `]}]}}`)
}

func shape(id, typ, name string, x, y, w, h float64) string {
	return fmt.Sprintf(`{"id": %q, "shape": "x", "position": {"x": %g, "y": %g}, "size": {"width": %g, "height": %g}, "data": {"type": %q, "name": %q}}`,
		id, x, y, w, h, typ, name)
}

func flow(id, from, to, extra string) string {
	return fmt.Sprintf(`{"id": %q, "shape": "flow", "source": {"cell": %q}, "target": {"cell": %q}, "data": {"type": "tm.Flow", "name": "" %s}}`,
		id, from, to, extra)
}

// TestFixtureGeometry covers nested boxes (innermost wins, a box within
// the smallest larger box), duplicate names, a bidirectional flow, a
// curve crossed by one flow and not another, and threat statuses.
func TestFixtureGeometry(t *testing.T) {
	data := tdFile(
		shape("outer", "tm.BoundaryBox", "Home network", 0, 0, 400, 400),
		shape("inner", "tm.BoundaryBox", "Device enclosure", 50, 50, 100, 100),
		shape("a", "tm.Process", "Sensor\nnode", 60, 60, 40, 40), // centre 80,80: inner
		shape("b", "tm.Process", "Hub", 250, 250, 40, 40),        // centre 270,270: outer only
		shape("c", "tm.Store", "Cloud DB", 600, 100, 40, 40),     // outside
		shape("d", "tm.Store", "Cloud DB", 600, 300, 40, 40),     // duplicate name
		`{"id": "curve", "shape": "trust-boundary-curve", "source": {"x": 500, "y": 0}, "target": {"x": 500, "y": 500}, "data": {"type": "tm.Boundary", "name": "Internet"}}`,
		flow("f1", "a", "b", `, "isBidirectional": true, "protocol": "Zigbee", "threats": [
			{"title": "Sniffing", "type": "Information disclosure", "status": "Mitigated", "severity": "High"},
			{"title": "Replay", "type": "Linkability", "status": "NotApplicable", "severity": "TBA"},
			{"title": "Loss", "type": "Availability", "status": "Open", "severity": "Low"}]`),
		flow("f2", "b", "c", `, "protocol": "MQTTS"`),
		flow("f3", "c", "d", ``),
	)
	imp, diags := Import("fixture.json", data)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	valid(t, imp)
	m := imp.Model
	where := map[string]string{}
	for _, e := range m.Elements {
		where[e.Name+"/"+e.ID] = e.Boundary
	}
	want := map[string]string{"Sensor node/sensor-node": "device-enclosure", "Hub/hub": "home-network",
		"Cloud DB/cloud-db": "", "Cloud DB/cloud-db-2": ""}
	if fmt.Sprint(where) != fmt.Sprint(want) {
		t.Errorf("membership %v, want %v", where, want)
	}
	if m.Boundaries[1].Within != "home-network" || m.Boundaries[0].Within != "" {
		t.Errorf("nesting: %+v", m.Boundaries)
	}
	if !m.Flows[0].Bidirectional || m.Flows[0].Protocol != "zigbee" || m.Flows[1].Protocol != "mqtt" || m.Flows[1].Encryption != "tls" {
		t.Errorf("flows: %+v", m.Flows)
	}
	crossing := func(id string) bool {
		for _, n := range imp.Notes["flows["+id+"]"] {
			if strings.Contains(n, `curve "Internet"`) {
				return true
			}
		}
		return false
	}
	if !crossing(m.Flows[1].ID) || crossing(m.Flows[0].ID) || crossing(m.Flows[2].ID) {
		t.Errorf("crossings wrong: %v", imp.Notes)
	}
	if len(m.Threats) != 3 || m.Threats[1].LINDDUN[0] != "linking" || m.Threats[2].STRIDE[0] != "denial-of-service" || m.Threats[1].Severity != "medium" {
		t.Errorf("threats: %+v", m.Threats)
	}
	if len(m.Tracking) != 2 || m.Tracking["TD-THREAT-001@"+m.Flows[0].ID].Status != "mitigated" ||
		m.Tracking["TD-THREAT-002@"+m.Flows[0].ID].Status != "false-positive" {
		t.Errorf("tracking: %+v", m.Tracking)
	}
}

// TestFixtureErrors checks that each bad file is refused with a located
// error naming the problem.
func TestFixtureErrors(t *testing.T) {
	cases := map[string]struct {
		data []byte
		want string // file:line:col: message part
	}{
		"syntax":    {[]byte("{\"version\": \"2.0\",\n  \"summary\": {\"title\": \"x\",}}"), "bad.json:2:28: malformed JSON"},
		"v1":        {[]byte(`{"summary": {"title": "x"}, "detail": {"diagrams": [{"diagramJson": {}}]}}`), "bad.json:1:1: version: no version"},
		"version":   {[]byte(`{"version": "3.0", "summary": {"title": "x"}, "detail": {"diagrams": []}}`), `unsupported Threat Dragon version "3.0"`},
		"type":      {[]byte("{\"version\": \"2.0\", \"summary\": {\"title\": 7},\n\"detail\": {\"diagrams\": []}}"), "bad.json:1:41: summary.title: expected a string"},
		"dangling":  {tdFile(shape("a", "tm.Actor", "A", 0, 0, 10, 10), flow("f", "a", "ghost", "")), `bad.json:4:1: detail.diagrams[0].cells[1].target.cell: the flow's target is cell "ghost"`},
		"duplicate": {tdFile(shape("a", "tm.Actor", "A", 0, 0, 10, 10), shape("a", "tm.Store", "B", 0, 0, 10, 10)), `bad.json:4:1: detail.diagrams[0].cells[1].id: duplicate cell id "a"`},
		"to box":    {tdFile(shape("a", "tm.Actor", "A", 0, 0, 10, 10), shape("b", "tm.BoundaryBox", "B", 0, 0, 10, 10), flow("f", "a", "b", "")), "the flow's target is a tm.BoundaryBox"},
		"truncated": {[]byte(`{"version": "2.0", "summary": {`), "bad.json:1:32: malformed JSON"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			imp, diags := Import("bad.json", c.data)
			if imp != nil || len(diags) == 0 {
				t.Fatal("accepted")
			}
			if got := diags.Error(); !strings.Contains(got, c.want) {
				t.Errorf("got\n%s\nwant it to contain %q", got, c.want)
			}
		})
	}
}

// TestLimits checks the cell and vertex limits.
func TestLimits(t *testing.T) {
	var many []string
	for i := 0; i <= MaxBoundaryCells; i++ {
		many = append(many, shape(fmt.Sprint("b", i), "tm.BoundaryBox", "B", 0, 0, 10, 10))
	}
	if _, diags := Import("big.json", tdFile(many...)); !strings.Contains(diags.Error(), "trust boundaries: the import limit") {
		t.Errorf("boundary limit: %v", diags)
	}
	verts := strings.Repeat(`{"x": 1, "y": 2},`, MaxVertices+1)
	curve := `{"id": "c", "shape": "trust-boundary-curve", "vertices": [` + strings.TrimSuffix(verts, ",") + `]}`
	if _, diags := Import("big.json", tdFile(curve)); !strings.Contains(diags.Error(), "over the limit of") {
		t.Errorf("vertex limit: %v", diags)
	}
}

// FuzzImport checks that no input makes import panic, and that whatever
// it accepts validates.
func FuzzImport(f *testing.F) {
	f.Add(tdFile(shape("a", "tm.Actor", "A", 0, 0, 10, 10), shape("b", "tm.Process", "B\nx", 50, 0, 10, 10),
		shape("z", "tm.BoundaryBox", "", 40, -5, 40, 40), flow("f", "a", "b", `, "threats": [{"title": "t", "status": "Open"}]`)))
	f.Add([]byte(`{"version": "2.0", "summary": {"title": ""}, "detail": {"diagrams": []}}`))
	// An iotthreat export in miniature: items carried whole, a box index,
	// a finding's status.
	f.Add([]byte(`{"version": "2.3.0", "summary": {"title": "L", "iotthreat": {"system": {"name": "L"},
"threats": [{"id": "A-1", "title": "t", "target": "a", "stride": ["tampering"]}], "tracking": {"A-1@a": {"status": "mitigated"}}}},
"detail": {"diagrams": [{"title": "D", "cells": [
{"id": "z", "shape": "trust-boundary-box", "position": {"x": 0, "y": 0}, "size": {"width": 100, "height": 100},
 "data": {"type": "tm.BoundaryBox", "name": "Z", "iotthreatIndex": 0, "iotthreat": {"id": "z", "kind": "local-network"}}},
{"id": "a", "shape": "process", "position": {"x": 10, "y": 10}, "size": {"width": 20, "height": 20},
 "data": {"type": "tm.Process", "name": "a", "iotthreat": {"id": "a", "kind": "gateway", "boundary": "z"},
 "threats": [{"title": "t", "status": "Open", "iotthreatFinding": "A-1@a", "iotthreatStatus": "mitigated"}]}},
{"id": "b", "shape": "process", "position": {"x": 200, "y": 10}, "size": {"width": 20, "height": 20},
 "data": {"type": "tm.Process", "name": "b", "iotthreat": {"id": "b", "kind": "support-service"}}},
{"id": "f", "shape": "flow", "source": {"cell": "a"}, "target": {"cell": "b"},
 "data": {"type": "tm.Flow", "name": "f", "iotthreat": {"id": "f", "from": "a", "to": "b", "protocol": "https"}}}]}]}}`))
	interoptest.Check(f)
	paths, _ := filepath.Glob(filepath.Join(interop, "td", "*.json"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, diags := Import("fuzz.json", data)
		if imp == nil {
			if len(diags) == 0 {
				t.Fatal("refused without a diagnostic")
			}
			return
		}
		valid(t, imp)
	})
}
