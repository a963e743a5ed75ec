package engine

import (
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// testRules are small rules exercising the engine, independent of the
// built-in library.
const testRules = `
iotthreat: 1
system: {name: engine test}
rules:
  - id: T-FLOW-001
    title: Unencrypted crossing
    target: {type: flow}
    condition: flow.crosses_boundary && !flow.encrypted
    stride: [information-disclosure]
    likelihood: medium
    impact: "flow.data_classification >= PERSONAL ? 'high' : 'low'"
    controls: [message-signing]
    mitigation: Encrypt it.
  - id: T-DEV-001
    title: Debug port on a touchable device
    target: {type: element, kinds: [device]}
    condition: size(element.debug_interfaces) > 0 && element.physically_reachable
    stride: [tampering]
    likelihood: "element.physical_access == 'public' ? 'high' : 'medium'"
    impact: high
    controls: [debug-disabled]
    mitigation: Disable it.
`

// testCache keeps the built-in library compiled between the tests that
// analyse with it.
var testCache = NewCache()

func load(t *testing.T, text string) *model.Loaded {
	t.Helper()
	l, diags := model.Parse("test.yaml", []byte(text), model.Options{})
	if len(diags) > 0 {
		t.Fatalf("model invalid:\n%v", diags)
	}
	return l
}

func analyze(t *testing.T, text string) *Report {
	t.Helper()
	l := load(t, text)
	set, diags := Compile(l.Model.Rules, l.Vocab, nil)
	if len(diags) > 0 {
		t.Fatalf("rules invalid:\n%v", diags)
	}
	rep, err := Analyze(l, set, Options{Today: "2026-11-26"})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

const testSystem = `
data: [{id: d, classification: personal}]
boundaries: [{id: home, kind: local-network}, {id: cloud, kind: vendor-cloud}]
elements:
  - {id: lock, kind: device, boundary: home, physical_access: public, debug_interfaces: [uart]}
  - {id: api, kind: support-service, boundary: cloud, internet_facing: true}
flows:
  - {id: up, from: lock, to: api, protocol: mqtt, data: [d], encryption: none}
`

func find(rep *Report, id string) *Finding {
	for i := range rep.Findings {
		if rep.Findings[i].ID == id {
			return &rep.Findings[i]
		}
	}
	return nil
}

func TestFindingsExplainAndScore(t *testing.T) {
	rep := analyze(t, testRules+testSystem)
	up := find(rep, "T-FLOW-001@up")
	if up == nil {
		t.Fatalf("no finding on the flow: %+v", rep.Findings)
	}
	why := strings.Join(up.Why, "\n")
	for _, want := range []string{
		"fired because flow.crosses_boundary = true, flow.encrypted = false",
		"likelihood medium and impact high by the rule",
		"likelihood raised to high: the flow travels over the internet",
		"severity high: likelihood high × impact high",
	} {
		if !strings.Contains(why, want) {
			t.Errorf("why lacks %q:\n%s", want, why)
		}
	}
	if up.Source.File != "test.yaml" || up.Source.Line == 0 {
		t.Errorf("source = %+v", up.Source)
	}
	dev := find(rep, "T-DEV-001@lock")
	if dev == nil || dev.Likelihood != "high" || dev.Severity != "high" {
		t.Fatalf("device finding = %+v", dev)
	}
}

func TestDeclaredControlsMitigate(t *testing.T) {
	hardened := strings.Replace(testSystem, "debug_interfaces: [uart]}", "debug_interfaces: [uart], controls: [debug-disabled]}", 1)
	rep := analyze(t, testRules+hardened)
	f := find(rep, "T-DEV-001@lock")
	if f == nil || f.Status != "mitigated" || len(f.MitigatedBy) != 1 {
		t.Fatalf("finding = %+v, want mitigated by debug-disabled", f)
	}
	if rep.Summary.ByStatus["mitigated"] != 1 || rep.Summary.Open != 1 {
		t.Errorf("summary = %+v", rep.Summary)
	}
}

// TestFindingIDsAreStable checks that a finding keeps its id when
// unrelated parts of the model change: elements added before it, flows
// reordered, names edited.
func TestFindingIDsAreStable(t *testing.T) {
	before := analyze(t, testRules+testSystem)
	edited := strings.Replace(testSystem, "elements:\n", "elements:\n  - {id: other, kind: device, boundary: home}\n", 1)
	edited = strings.Replace(edited, "{id: api, kind: support-service,", "{id: api, name: Renamed API, kind: support-service,", 1)
	after := analyze(t, testRules+edited)
	for _, f := range before.Findings {
		if find(after, f.ID) == nil {
			t.Errorf("finding %s disappeared after unrelated edits", f.ID)
		}
	}
}

func TestTracking(t *testing.T) {
	text := testRules + testSystem + `
tracking:
  T-FLOW-001@up: {status: accepted, reason: legacy link, until: 2026-01-31}
  T-DEV-001@*: {status: false-positive, reason: "ports are potted"}
  T-GONE-001@up: {status: accepted, reason: old}
`
	rep := analyze(t, text)
	up := find(rep, "T-FLOW-001@up")
	if up.Status != "open" || !up.Tracking.Expired {
		t.Errorf("expired acceptance: status %s, tracking %+v", up.Status, up.Tracking)
	}
	dev := find(rep, "T-DEV-001@lock")
	if dev.Status != "false-positive" || dev.Tracking.Entry != "T-DEV-001@*" {
		t.Errorf("wildcard: status %s, tracking %+v", dev.Status, dev.Tracking)
	}
	if len(rep.Orphaned) != 1 || rep.Orphaned[0].ID != "T-GONE-001@up" || rep.Orphaned[0].Source.Line == 0 {
		t.Errorf("orphaned = %+v", rep.Orphaned)
	}
}

func TestCompileErrorsAreLocated(t *testing.T) {
	l := load(t, `
iotthreat: 1
system: {name: x}
rules:
  - id: T-BAD-001
    title: Unknown fact
    target: {type: flow}
    condition: flow.encrypton == false
    stride: [tampering]
    likelihood: medium
    impact: high
    mitigation: x
  - id: T-BAD-002
    title: Not a boolean
    target: {type: element}
    condition: element.kind
    stride: [tampering]
    likelihood: sometimes
    impact: high
    mitigation: x
`)
	_, diags := Compile(l.Model.Rules, vocab.Builtin(), nil)
	got := diags.Error()
	for _, want := range []string{
		"test.yaml:8:16: rules[T-BAD-001].condition: invalid CEL at expression line 1, column 5: undefined field 'encrypton'",
		"test.yaml:16:16: rules[T-BAD-002].condition: expression yields string, not bool",
		"test.yaml:18:17: rules[T-BAD-002].likelihood: invalid CEL",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
}

func TestSeverityMatrix(t *testing.T) {
	for _, c := range []struct{ l, i, want string }{
		{"low", "low", "low"}, {"low", "medium", "low"}, {"medium", "medium", "medium"},
		{"low", "critical", "medium"}, {"high", "high", "high"}, {"critical", "high", "critical"}, {"medium", "critical", "high"},
		{"critical", "critical", "critical"},
	} {
		if got := Severity(c.l, c.i); got != c.want {
			t.Errorf("Severity(%s, %s) = %s, want %s", c.l, c.i, got, c.want)
		}
	}
}

func TestSelectRejectsUnknownIDs(t *testing.T) {
	l := load(t, testRules+testSystem)
	set, _ := Compile(l.Model.Rules, l.Vocab, nil)
	if _, err := set.Select([]string{"T-NOPE-001"}, nil); err == nil {
		t.Error("unknown --only id accepted")
	}
	only, err := set.Select(nil, []string{"T-DEV-001"})
	if err != nil || len(only.Rules) != 1 {
		t.Errorf("disable: %v, %d rules", err, len(only.Rules))
	}
}
