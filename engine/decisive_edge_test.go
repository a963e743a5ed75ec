package engine

import (
	"strings"
	"testing"
)

// A fact read only inside a comprehension's predicate, over an empty
// list, is never evaluated; it must not be quoted as a reason.
func TestDecisiveSkipsUnevaluatedPredicate(t *testing.T) {
	rules := `
iotthreat: 1
system: {name: decisive edge cases}
rules:
  - id: T-EX-001
    title: No radio named like its OS
    target: {type: element, kinds: [device]}
    condition: "!element.radios.exists(r, r == element.os)"
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: None.
  - id: T-ALL-001
    title: Every radio is the firmware
    target: {type: element, kinds: [device]}
    condition: "element.radios.all(r, r == element.firmware_version)"
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: None.
elements:
  - {id: tag, kind: device, os: Linux, firmware_version: "1.2"}
`
	rep := analyze(t, rules)
	for _, id := range []string{"T-EX-001@tag", "T-ALL-001@tag"} {
		f := find(rep, id)
		if f == nil {
			t.Fatalf("%s did not fire", id)
		}
		because := f.Why[0]
		t.Logf("%s: %s", id, because)
		if strings.Contains(because, "element.os") || strings.Contains(because, "firmware_version") {
			t.Errorf("%s: %q quotes a fact that was never evaluated (the list is empty)", id, because)
		}
	}
}

// Iterating over a map (flow.options) goes in Go's random map order: the
// facts met in the last iteration, and so the reasons, must not vary
// between runs of the same model.
func TestDecisiveIsDeterministicOverMaps(t *testing.T) {
	rules := `
iotthreat: 1
system: {name: decisive edge cases}
rules:
  - id: T-MAP-001
    title: Some option with a weak flow
    target: {type: flow}
    condition: "flow.options.exists(k, k == 'version' ? !flow.encrypted : !flow.authenticated)"
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: None.
elements:
  - {id: a, kind: device}
  - {id: b, kind: gateway}
flows:
  - {id: f, from: a, to: b, protocol: mqtt, encryption: none, authentication: none, options: {version: "5", topic_acl: shared, client_id: bound}}
`
	seen := map[string]bool{}
	for range 40 {
		rep := analyze(t, rules)
		f := find(rep, "T-MAP-001@f")
		if f == nil {
			t.Fatal("T-MAP-001 did not fire")
		}
		seen[f.Why[0]] = true
	}
	if len(seen) > 1 {
		t.Errorf("the same model gave %d different reasons: %v", len(seen), seen)
	}
}

// An "or" whose failing branch is an error still fires (CEL's
// commutative or); only the branch that held is quoted.
func TestDecisiveOrWithError(t *testing.T) {
	rules := `
iotthreat: 1
system: {name: decisive edge cases}
rules:
  - id: T-ERR-001
    title: Error or plain
    target: {type: flow}
    condition: "flow.options['missing'] == 'x' || !flow.encrypted"
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: None.
  - id: T-NOR-001
    title: Neither
    target: {type: flow}
    condition: "!(flow.encrypted || flow.authenticated)"
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: None.
elements:
  - {id: a, kind: device}
  - {id: b, kind: gateway}
flows:
  - {id: f, from: a, to: b, protocol: mqtt, encryption: none, authentication: none}
`
	rep := analyze(t, rules)
	f := find(rep, "T-ERR-001@f")
	if f == nil {
		t.Fatal("T-ERR-001 did not fire")
	}
	if w := f.Why[0]; !strings.Contains(w, "flow.encrypted = false") || strings.Contains(w, "flow.options") {
		t.Errorf("T-ERR-001: %q", w)
	}
	f = find(rep, "T-NOR-001@f")
	if f == nil {
		t.Fatal("T-NOR-001 did not fire")
	}
	if w := f.Why[0]; !strings.Contains(w, "flow.encrypted = false") || !strings.Contains(w, "flow.authenticated = false") {
		t.Errorf("T-NOR-001: %q", w)
	}
}
