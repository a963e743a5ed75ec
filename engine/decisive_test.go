package engine

import (
	"strings"
	"testing"
)

// A finding quotes the facts that made its condition hold: the branches
// of an "or" that held, the failing parts of an "and" under a "not", the
// test and the branch taken of a conditional; not every fact it reads.
func TestWhyQuotesDecisiveFacts(t *testing.T) {
	rules := `
iotthreat: 1
system: {name: decisive}
rules:
  - id: T-OR-001
    title: Reachable somehow
    target: {type: element, kinds: [device]}
    condition: element.internet_reachable || element.physically_reachable || element.os == 'Linux'
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: Hide it.
  - id: T-NOT-001
    title: Not a public device with a debug port
    target: {type: element, kinds: [device]}
    condition: "!(element.physical_access == 'public' && size(element.debug_interfaces) > 0)"
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: None.
  - id: T-IF-001
    title: Conditional
    target: {type: element, kinds: [device]}
    condition: "element.physical_access == 'public' ? size(element.debug_interfaces) > 0 : element.internet_reachable"
    stride: [tampering]
    likelihood: low
    impact: low
    mitigation: None.
elements:
  - {id: lock, kind: device, physical_access: public, os: Linux, debug_interfaces: [uart]}
  - {id: tag, kind: device, physical_access: none, os: Linux}
`
	rep := analyze(t, rules)
	for _, tc := range []struct {
		finding  string
		quoted   []string
		unquoted []string
	}{
		// The first "or" branch that held decides; later ones are not read.
		{"T-OR-001@lock", []string{"element.physically_reachable = true"}, []string{"internet_reachable", "element.os"}},
		{"T-OR-001@tag", []string{"element.os = Linux"}, []string{"physically_reachable = true"}},
		// "not (A and B)" holds on tag because A failed; B is not a reason.
		{"T-NOT-001@tag", []string{"element.physical_access = none"}, []string{"debug_interfaces"}},
		// A conditional: its test and the branch taken.
		{"T-IF-001@lock", []string{"element.physical_access = public", "element.debug_interfaces = [uart]"}, []string{"internet_reachable"}},
	} {
		f := find(rep, tc.finding)
		if f == nil {
			t.Errorf("%s did not fire", tc.finding)
			continue
		}
		because := f.Why[0]
		for _, q := range tc.quoted {
			if !strings.Contains(because, q) {
				t.Errorf("%s: %q does not quote %q", tc.finding, because, q)
			}
		}
		for _, u := range tc.unquoted {
			if strings.Contains(because, u) {
				t.Errorf("%s: %q quotes %q, which did not decide it", tc.finding, because, u)
			}
		}
	}
	if f := find(rep, "T-NOT-001@lock"); f != nil {
		t.Errorf("T-NOT-001 fired on lock: %v", f.Why)
	}
}
