package otm

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iotthreat/iotthreat/internal/interoptest"
)

// small is a hand-written OTM file with nested zones, a component inside
// a component, duplicate names, a bidirectional flow, a flow named by its
// protocol, and a threat in every state.
const small = `otmVersion: 0.2.0
project: {id: p, name: Small}
trustZones:
  - {id: cloud, name: Vendor cloud, type: private, risk: {trustRating: 90}}
  - {id: dmz, name: Sandbox, parent: {trustZone: cloud}, risk: {trustRating: 60}}
  - {id: net, name: Internet, type: internet, risk: {trustRating: 10}}
components:
  - {id: api, name: Service, type: web-service, parent: {trustZone: cloud}, threats: [{threat: t1, state: exposed}, {threat: t1, state: mitigated}]}
  - {id: db, name: Service, type: database, parent: {component: api}, threats: [{threat: t2, state: not applicable}]}
  - {id: app, name: App, type: android-device-client, parent: {trustZone: net}, threats: [{threat: t2, state: accepted}]}
  - {id: thing, name: Thing, type: empty-component, parent: {trustZone: dmz}}
dataflows:
  - {id: f1, name: MQTT telemetry, source: app, destination: api, bidirectional: true}
  - {id: f2, name: store, source: api, destination: db, tags: [tcp, "5432"]}
threats:
  - {id: t1, name: Threat one, categories: [Spoofing], risk: {likelihood: 80, impact: 20}}
  - {id: t2, name: Threat two, categories: [Linkability, Bogus], cwes: [CWE-200], risk: {likelihood: null, impact: 60}}
`

func TestImportSmall(t *testing.T) {
	imp := mustImport(t, "small.otm.yaml", []byte(small))
	l, out := reparse(t, imp)
	m := l.Model
	if len(m.Elements) != 4 || len(m.Flows) != 2 || len(m.Boundaries) != 3 || len(m.Threats) != 4 {
		t.Fatalf("counts %d %d %d %d\n%s", len(m.Elements), len(m.Flows), len(m.Boundaries), len(m.Threats), out)
	}
	kinds := map[string]string{}
	for _, e := range m.Elements {
		kinds[e.ID] = e.Kind + "@" + e.Boundary
	}
	want := map[string]string{"api": "support-service@cloud", "db": "datastore@cloud", "app": "mobile-client@net", "thing": "support-service@dmz"}
	for id, w := range want {
		if kinds[id] != w {
			t.Errorf("%s: %s, want %s", id, kinds[id], w)
		}
	}
	if m.Boundaries[1].Within != "cloud" || m.Boundaries[2].Kind != "mobile-device" {
		t.Errorf("boundaries: %+v", m.Boundaries)
	}
	if m.Flows[0].Protocol != "mqtt" || !m.Flows[0].Bidirectional || m.Flows[1].Protocol != "postgresql" || m.Flows[1].Port != 5432 {
		t.Errorf("flows: %+v", m.Flows)
	}
	statuses := map[string]string{}
	for id, tr := range m.Tracking {
		statuses[id] = tr.Status
	}
	wantStatus := map[string]string{"OTM-T1-2@api": "mitigated", "OTM-T2@db": "false-positive", "OTM-T2-2@app": "accepted"}
	if len(statuses) != len(wantStatus) {
		t.Errorf("tracking %v, want %v", statuses, wantStatus)
	}
	for id, w := range wantStatus {
		if statuses[id] != w {
			t.Errorf("tracking %s = %q, want %q (all: %v)", id, statuses[id], w, statuses)
		}
	}
	text := string(out)
	for _, s := range []string{"inside component api", "not STRIDE or LINDDUN, not carried: Bogus", "guessed from port 5432",
		"severity high from the impact alone", "mobile-device boundary"} {
		if !strings.Contains(text, s) && !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(text, "#", " ")), " "), s) {
			t.Errorf("the model does not say %q:\n%s", s, out)
		}
	}
}

// TestImportJSONSameAsYAML checks the two encodings of the OTM example
// give the same model.
func TestImportJSONSameAsYAML(t *testing.T) {
	dir := interopDir()
	if dir == "" {
		interoptest.Missing(t, "../shared/interop is absent")
	}
	var outs [2]string
	for i, name := range []string{"EXAMPLE.json", "EXAMPLE.yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, "otm", name))
		if err != nil {
			t.Fatal(err)
		}
		_, out := reparse(t, mustImport(t, name, data))
		outs[i] = strings.ReplaceAll(string(out), name, "EXAMPLE")
	}
	if outs[0] != outs[1] {
		t.Errorf("JSON and YAML imports differ:\n%s\n---\n%s", outs[0], outs[1])
	}
}

// TestImportErrors checks that each kind of bad file gets a located error
// and no model.
func TestImportErrors(t *testing.T) {
	cases := []struct{ name, file, want string }{
		{"malformed JSON", "{\n  \"otmVersion\": \"0.2.0\",\n  \"project\": {\"id\": \"p\" \"name\": \"x\"}\n}", "bad.json:3:"},
		{"truncated JSON", "{\"otmVersion\": \"0.2.0\", \"project\": {", "unexpected end of file"},
		{"trailing text", `{"otmVersion": "0.2.0", "project": {"id": "p", "name": "x"}} {}`, "text after the end"},
		{"YAML syntax", "otmVersion: 0.2.0\nproject: [\n", "bad.json:"},
		{"not an object", `[1, 2]`, "expected an object"},
		{"no version", `{"project": {"id": "p", "name": "x"}}`, "missing otmVersion"},
		{"wrong version", `{"otmVersion": "1.0", "project": {"id": "p", "name": "x"}}`, `unsupported OTM version "1.0"`},
		{"wrong type", "{\"otmVersion\": \"0.2.0\", \"project\": {\"id\": \"p\", \"name\": \"x\"},\n \"components\": {\"a\": 1}}", "bad.json:2:16: components: expected a list"},
		{"duplicate id", "otmVersion: 0.2.0\nproject: {id: p, name: x}\ntrustZones: [{id: z, name: Z}]\ncomponents:\n  - {id: a, name: A, type: t, parent: {trustZone: z}}\n  - {id: a, name: B, type: t, parent: {trustZone: z}}\n", `bad.json:6:5: components.id: duplicate component id "a"`},
		{"dangling parent", "otmVersion: 0.2.0\nproject: {id: p, name: x}\ntrustZones: [{id: zone, name: Z}]\ncomponents:\n  - {id: a, name: A, type: t, parent: {trustZone: zonee}}\n", `parent trust zone "zonee" is not defined`},
		{"dangling flow", "otmVersion: 0.2.0\nproject: {id: p, name: x}\ncomponents: [{id: a, name: A, type: t, parent: {trustZone: z}}]\ntrustZones: [{id: z, name: Z}]\ndataflows: [{id: f, name: F, source: a, destination: z}]\n", "this names a trust zone"},
		{"dangling threat", "otmVersion: 0.2.0\nproject: {id: p, name: x}\ntrustZones: [{id: z, name: Z}]\ncomponents: [{id: a, name: A, type: t, parent: {trustZone: z}, threats: [{threat: nope, state: exposed}]}]\n", `threat "nope" is not defined`},
		{"zone cycle", "otmVersion: 0.2.0\nproject: {id: p, name: x}\ntrustZones:\n  - {id: a, name: A, parent: {trustZone: b}}\n  - {id: b, name: B, parent: {trustZone: a}}\n", "trust zone nesting cycle"},
		{"component cycle", "otmVersion: 0.2.0\nproject: {id: p, name: x}\ncomponents:\n  - {id: a, name: A, type: t, parent: {component: b}}\n  - {id: b, name: B, type: t, parent: {component: a}}\n", "component nesting cycle"},
		{"deep", strings.Repeat("[", 200) + strings.Repeat("]", 200), "levels deep"},
		{"deep JSON", "{\"a\":" + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "}", "levels deep"},
		{"alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", "bad.json:"},
		{"bad iotthreat attribute", "otmVersion: 0.2.0\nproject: {id: p, name: x}\ntrustZones: [{id: z, name: Z, attributes: {\"iotthreat:item\": '{\"id\":\"z\",\"kind\":\"nowhere\"}'}}]\n", "invalid model"},
		{"empty", "", "empty file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			imp, diags := Import("bad.json", []byte(c.file))
			if imp != nil || len(diags) == 0 {
				t.Fatalf("accepted")
			}
			all := diags.Error()
			if !strings.Contains(all, c.want) {
				t.Errorf("got %s\nwant %q", all, c.want)
			}
			for _, d := range diags {
				if d.Line == 0 {
					t.Errorf("unlocated: %s", d)
				}
			}
		})
	}
}

// TestImportLimits checks that over-long lists are refused.
func TestImportLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"otmVersion":"0.2.0","project":{"id":"p","name":"x"},"trustZones":[`)
	for i := 0; i <= maxItems; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"z","name":"z"}`)
	}
	b.WriteString("]}")
	_, diags := Import("big.json", []byte(b.String()))
	if !strings.Contains(diags.Error(), "over the OTM import limit") {
		t.Errorf("got %v", diags)
	}
}

// TestImportScales imports a file at the list limit with a long chain of
// nested components, many references to one threat and ids that clean
// to the same text: it must finish in linear time.
func TestImportScales(t *testing.T) {
	const n = 20_000
	var b strings.Builder
	b.WriteString(`{"otmVersion":"0.2.0","project":{"id":"p","name":"x"},"trustZones":[{"id":"z","name":"Cloud"}],"threats":[{"id":"t","name":"T","categories":["Tampering"],"risk":{"likelihood":50,"impact":50}}],"components":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		parent := `{"trustZone":"z"}`
		if i > 0 {
			parent = fmt.Sprintf(`{"component":"c %d"}`, i-1)
		}
		fmt.Fprintf(&b, `{"id":"c %d","name":"C","type":"web-service","parent":%s,"threats":[{"threat":"t","state":"exposed"}]}`, i, parent)
	}
	b.WriteString("]}")
	start := time.Now()
	imp, diags := Import("big.json", []byte(b.String()))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(imp.Model.Elements) != n || len(imp.Model.Threats) != n {
		t.Fatalf("%d elements, %d threats", len(imp.Model.Elements), len(imp.Model.Threats))
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	t.Logf("%d components imported in %v", n, time.Since(start))
}
