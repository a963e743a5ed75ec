package modeldiff

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
)

const rulesYAML = `rules:
  - id: ACME-NET-001
    title: Cleartext crossing
    target: {type: flow}
    condition: flow.crosses_boundary && !flow.encrypted
    stride: [information-disclosure]
    likelihood: medium
    impact: high
    mitigation: Encrypt it.
  - id: ACME-DEV-001
    title: Debug port
    target: {type: element, kinds: [device]}
    condition: size(element.debug_interfaces) > 0
    stride: [tampering]
    likelihood: low
    impact: high
    controls: [debug-disabled]
    mitigation: Disable it.
`

// diffOf analyses two models written to files with their own rules only.
func diffOf(t *testing.T, oldSrc, newSrc string) *Diff {
	t.Helper()
	return diffIn(t, t.TempDir(), oldSrc, newSrc)
}

func diffIn(t *testing.T, dir, oldSrc, newSrc string) *Diff {
	t.Helper()
	var results []*analysis.Result
	for _, f := range []struct{ name, src string }{{"old.yaml", oldSrc}, {"new.yaml", newSrc}} {
		path := filepath.Join(dir, f.name)
		write(t, path, f.src+rulesYAML)
		res, diags, err := Analyze(path, analysis.Options{NoBuiltin: true})
		if err != nil || len(diags) > 0 {
			t.Fatalf("Analyze(%s): %v %v", f.name, err, diags)
		}
		results = append(results, res)
	}
	return Compare("old.yaml", results[0], "new.yaml", results[1])
}

const lockV1 = `iotthreat: 1
system: {name: Acme Lock}
data: [{id: code, classification: secret}]
boundaries: [{id: door, kind: physical}, {id: phone, kind: mobile-device}]
elements:
  - {id: lock, kind: device, boundary: door, radios: [ble], debug_interfaces: [uart]}
  - {id: app, kind: mobile-client, boundary: phone}
flows:
  - {id: setup, from: app, to: lock, protocol: ble, data: [code], encryption: none}
`

// lockV2 encrypts the setup flow, disables the debug port, and adds a
// keypad with a debug port of its own.
const lockV2 = `iotthreat: 1
system: {name: Acme Lock}
data: [{id: code, classification: secret}]
boundaries: [{id: door, kind: physical}, {id: phone, kind: mobile-device}]
elements:
  - {id: lock, kind: device, boundary: door, radios: [ble], debug_interfaces: [uart], controls: [debug-disabled]}
  - {id: keypad, kind: device, boundary: door, debug_interfaces: [swd]}
  - {id: app, kind: mobile-client, boundary: phone}
flows:
  - {id: setup, from: app, to: lock, protocol: ble, data: [code], encryption: link}
`

func TestTable(t *testing.T) {
	d := diffOf(t, lockV1, lockV2)
	var b bytes.Buffer
	if err := Table(&b, d, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	want := `CHANGE    SEVERITY  STATUS            FINDING              TITLE
new       medium    open              ACME-DEV-001@keypad  Debug port
resolved  high      open              ACME-NET-001@setup   Cleartext crossing
changed   medium    open → mitigated  ACME-DEV-001@lock    Debug port

+ elements[keypad]
~ elements[lock]: controls +debug-disabled
~ flows[setup]: encryption none → link

attack paths: 0 new, 2 closed
- path high AP-7fcf0ff51e0f radio:ble -> data:code
- path medium AP-5e3815544c70 radio:ble -> data:code

findings: 1 new, 1 resolved, 1 changed (open 2 → 1); model: 1 added, 0 removed, 2 changed
`
	if b.String() != want {
		t.Errorf("Table =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestTableNoChanges(t *testing.T) {
	d := diffOf(t, lockV1, lockV1)
	var b bytes.Buffer
	if err := Table(&b, d, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "(no finding changes)\n\n(no model changes)\n\nfindings: 0 new, 0 resolved, 0 changed (open 2 → 2); model: 0 added, 0 removed, 0 changed\n"
	if b.String() != want {
		t.Errorf("Table =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSON(t *testing.T) {
	dir := t.TempDir()
	d := diffIn(t, dir, lockV1, lockV2)
	var b bytes.Buffer
	if err := JSON(&b, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "null") {
		t.Errorf("JSON has null:\n%s", b.String())
	}
	var got struct {
		Summary  map[string]int `json:"summary"`
		Findings struct {
			New []struct {
				ID string `json:"id"`
			} `json:"new"`
		} `json:"findings"`
		Model struct {
			Flows struct {
				Changed []Change `json:"changed"`
			} `json:"flows"`
		} `json:"model"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Summary["new_findings"] != 1 || got.Summary["model_changed"] != 2 {
		t.Errorf("summary = %v", got.Summary)
	}
	if len(got.Findings.New) != 1 || got.Findings.New[0].ID != "ACME-DEV-001@keypad" {
		t.Errorf("new findings = %+v", got.Findings.New)
	}
	if f := got.Model.Flows.Changed; len(f) != 1 || f[0].Fields[0].Field != "encryption" || f[0].Fields[0].New != "link" {
		t.Errorf("flow changes = %+v", f)
	}
	// Same input, same bytes.
	var again bytes.Buffer
	if err := JSON(&again, diffIn(t, dir, lockV1, lockV2)); err != nil || again.String() != b.String() {
		t.Errorf("JSON is not deterministic (%v)", err)
	}
}

func TestMarkdown(t *testing.T) {
	d := diffOf(t, lockV1, lockV2)
	var b bytes.Buffer
	if err := Markdown(&b, d); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"## Threat model diff: Acme Lock",
		"findings: 1 new, 1 resolved, 1 changed (open 2 → 1); model: 1 added, 0 removed, 2 changed (`old.yaml` → `new.yaml`)",
		"### New findings (1)",
		"| medium | open | `ACME-DEV-001@keypad` | Debug port |",
		"### Resolved findings (1)",
		"### Changed findings (1)",
		"| medium | open → mitigated | `ACME-DEV-001@lock` | Debug port |",
		"### Model changes (3)",
		"| changed | `flows[setup]` | encryption none → link |",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("Markdown lacks line %q:\n%s", line, b.String())
		}
	}
	if !strings.Contains(b.String(), "\n- `ACME-DEV-001@keypad`: fired because element.debug_interfaces = [swd]; ") ||
		!strings.Contains(b.String(), "**Mitigation:** Disable it.") {
		t.Errorf("Markdown lacks why and mitigation of the new finding:\n%s", b.String())
	}
}

func TestValueText(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "(unset)",
		"tls":                   "tls",
		"Acme Lock":             `"Acme Lock"`,
		"line\nbreak":           `"line\nbreak"`,
		strings.Repeat("x", 70): strings.Repeat("x", 59) + "…",
	} {
		if got := valueText(in, maxValue); got != want {
			t.Errorf("valueText(%q) = %q, want %q", in, got, want)
		}
	}
}
