package model

import "testing"

// A model's own rules are checked for what needs only the vocabulary:
// target kinds, categories, ids, controls_at and references.
func TestRuleValidation(t *testing.T) {
	got := parseDiags(`iotthreat: 1
system: {name: Acme}
rules:
  - {id: ACME-X-001, title: t, target: {type: element, kinds: [devise]}, condition: "true", stride: [spoofing], likelihood: low, impact: low, mitigation: m, controls_at: [flow]}
  - {id: ACME-X-001, title: t, target: {type: flow}, condition: "true", likelihood: low, impact: low, mitigation: m, references: {cwe: [0]}}
`)
	checkDiags(t, got,
		"m.yaml:4:64: rules[ACME-X-001].target.kinds: unknown element kind \"devise\"\n\thint: did you mean \"device\"?",
		"m.yaml:4:172: rules[ACME-X-001].controls_at: invalid controls_at \"flow\"\n\thint: controls_at applies to flow rules: flow, source, destination",
		"m.yaml:5:5: rules[ACME-X-001]: rule \"ACME-X-001\" has no STRIDE or LINDDUN category\n\thint: add stride: [...] or linddun: [...]",
		"m.yaml:5:10: rules[ACME-X-001].id: duplicate rule id \"ACME-X-001\" (first defined at m.yaml:4:10)\n\thint: give each rule its own id",
		"m.yaml:5:137: rules[ACME-X-001].references.cwe: invalid CWE id 0\n\thint: write the number only: 798 for CWE-798")
}

// A rule says why no CWE fits only when it lists none.
func TestNoCWEExcludesCWE(t *testing.T) {
	got := parseDiags(`iotthreat: 1
system: {name: Acme}
rules:
  - {id: ACME-X-001, title: t, target: {type: system}, condition: "true", linddun: [unawareness], likelihood: low, impact: low, mitigation: m, references: {no_cwe: "a duty to inform"}}
  - {id: ACME-X-002, title: t, target: {type: system}, condition: "true", linddun: [unawareness], likelihood: low, impact: low, mitigation: m, references: {cwe: [359], no_cwe: "a duty to inform"}}
`)
	checkDiags(t, got,
		"m.yaml:5:177: rules[ACME-X-002].references.no_cwe: no_cwe says no CWE fits, but cwe lists [359]\n\thint: keep the CWE ids and remove no_cwe, or the reverse")
}
