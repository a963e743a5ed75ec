package model

import (
	"strings"
	"testing"
)

// threatBase is a small valid model the threat tests add threats to:
// data id "lock" clashes with element id "lock" on purpose.
const threatBase = `iotthreat: 1
system: {name: Acme}
data:
  - {id: code, classification: secret}
  - {id: lock}
boundaries:
  - {id: door, kind: physical}
elements:
  - {id: lock, kind: device, boundary: door}
  - {id: app, kind: mobile-client}
  - {id: api, kind: support-service}
flows:
  - {id: setup, from: app, to: lock, protocol: ble}
rules:
  - {id: ACME-R-001, title: t, target: {type: system}, condition: "false", stride: [spoofing], likelihood: low, impact: low, mitigation: m}
threats:
`

// A threat on each kind of target, rated either way, with controls that
// can count where it is, is valid; so is one with references and source.
func TestThreatsValid(t *testing.T) {
	got := parseDiags(threatBase + `  - {id: ACME-T-001, title: t, target: api, stride: [tampering], likelihood: high, impact: critical, controls: [rate-limiting]}
  - {id: ACME-T-002, title: t, target: setup, stride: [spoofing], severity: high, controls: [secure-boot, message-signing]}
  - {id: ACME-T-003, title: t, target: door, linddun: [linking], severity: low}
  - {id: ACME-T-004, title: t, target: code, stride: [information-disclosure], linddun: [data-disclosure], severity: medium}
  - {id: ACME-T-005, title: t, target: system, stride: [repudiation], severity: critical, controls: [vulnerability-disclosure]}
  - id: ACME-T-006
    title: Installer keeps the master code
    description: d
    target: api
    stride: [elevation-of-privilege]
    likelihood: medium
    impact: high
    mitigation: m
    references: {cwe: [262], capec: [560], owasp_iot: [I1]}
    source: imported from Threat Dragon
`)
	checkDiags(t, got)
}

// Every invalid threat is reported at its line and key, with a hint.
func TestThreatsInvalid(t *testing.T) {
	for _, tc := range []struct{ name, threat, want string }{
		{"duplicate id", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], severity: low}\n  - {id: ACME-T-001, title: t, target: app, stride: [spoofing], severity: low}",
			"m.yaml:18:10: threats[ACME-T-001].id: duplicate threat id \"ACME-T-001\" (first defined at m.yaml:17:10)\n\thint: give each threat its own id"},
		{"rule id", "  - {id: ACME-R-001, title: t, target: api, stride: [spoofing], severity: low}",
			"m.yaml:17:10: threats[ACME-R-001].id: threat id \"ACME-R-001\" is also the id of the rule defined at m.yaml:15:10\n\thint: threats and rules name their findings alike (ID@target); choose another id"},
		{"invalid id", "  - {id: acme-t-1, title: t, target: api, stride: [spoofing], severity: low}",
			"m.yaml:17:10: threats[acme-t-1].id: invalid threat id \"acme-t-1\"\n\thint: use capitals and digits in hyphen-separated parts, e.g. ACME-THREAT-001"},
		{"empty id", "  - {id: \"\", title: t, target: api, stride: [spoofing], severity: low}",
			"m.yaml:17:10: threats[0].id: empty threat id\n\thint: use capitals and digits in hyphen-separated parts, e.g. ACME-THREAT-001"},
		{"unknown target", "  - {id: ACME-T-001, title: t, target: sytem, stride: [spoofing], severity: low}",
			"m.yaml:17:40: threats[ACME-T-001].target: unknown target \"sytem\"\n\thint: did you mean \"system\"?"},
		{"unknown target far from any", "  - {id: ACME-T-001, title: t, target: zzzzzzzz, stride: [spoofing], severity: low}",
			"m.yaml:17:40: threats[ACME-T-001].target: unknown target \"zzzzzzzz\"\n\thint: write the id of an element, flow, boundary or data asset, or system"},
		{"empty target", "  - {id: ACME-T-001, title: t, target: \"\", stride: [spoofing], severity: low}",
			"m.yaml:17:40: threats[ACME-T-001].target: empty target id\n\thint: write the id of an element, flow, boundary or data asset, or system"},
		{"ambiguous target", "  - {id: ACME-T-001, title: t, target: lock, stride: [spoofing], severity: low}",
			"m.yaml:17:40: threats[ACME-T-001].target: target \"lock\" is ambiguous: it names an element and a data asset\n\thint: rename one of them: a threat's target must name one thing"},
		{"unknown stride", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofng], severity: low}",
			"m.yaml:17:54: threats[ACME-T-001].stride: unknown stride \"spoofng\"\n\thint: did you mean \"spoofing\"?"},
		{"unknown linddun", "  - {id: ACME-T-001, title: t, target: api, linddun: [linkng], severity: low}",
			"m.yaml:17:55: threats[ACME-T-001].linddun: unknown linddun \"linkng\"\n\thint: did you mean \"linking\"?"},
		{"no category", "  - {id: ACME-T-001, title: t, target: api, severity: low}",
			"m.yaml:17:5: threats[ACME-T-001]: threat \"ACME-T-001\" has no STRIDE or LINDDUN category\n\thint: add stride: [...] or linddun: [...]"},
		{"unknown level", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], likelihood: hihg, impact: low}",
			"m.yaml:17:77: threats[ACME-T-001].likelihood: unknown level \"hihg\"\n\thint: did you mean \"high\"?"},
		{"unknown severity", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], severity: severe}",
			"m.yaml:17:75: threats[ACME-T-001].severity: unknown level \"severe\"\n\thint: expected one of: low, medium, high, critical"},
		{"empty severity", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], severity: \"\"}",
			"m.yaml:17:75: threats[ACME-T-001].severity: empty severity\n\thint: expected one of: low, medium, high, critical"},
		{"no rating", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing]}",
			"m.yaml:17:5: threats[ACME-T-001]: threat \"ACME-T-001\" has no rating\n\thint: add likelihood and impact, or severity alone (low, medium, high or critical)"},
		{"likelihood alone", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], likelihood: low}",
			"m.yaml:17:77: threats[ACME-T-001].likelihood: likelihood without impact\n\thint: add impact: low, medium, high or critical"},
		{"impact alone", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], impact: low}",
			"m.yaml:17:73: threats[ACME-T-001].impact: impact without likelihood\n\thint: add likelihood: low, medium, high or critical"},
		{"severity and levels", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], severity: low, likelihood: low, impact: low}",
			"m.yaml:17:75: threats[ACME-T-001].severity: severity is set together with likelihood or impact\n\thint: keep likelihood and impact (the severity follows from them), or severity alone"},
		{"unknown control", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], severity: low, controls: [rate-limitng]}",
			"m.yaml:17:91: threats[ACME-T-001].controls: unknown control \"rate-limitng\"\n\thint: did you mean \"rate-limiting\"?"},
		{"control twice", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], severity: low, controls: [rate-limiting, rate-limiting]}",
			"m.yaml:17:106: threats[ACME-T-001].controls: control \"rate-limiting\" is listed twice\n\thint: list each control once"},
		{"control that never counts", "  - {id: ACME-T-001, title: t, target: code, stride: [spoofing], severity: low, controls: [secure-boot]}",
			"m.yaml:17:92: threats[ACME-T-001].controls: control \"secure-boot\" can never mitigate this threat\n\thint: it is declared on device, gateway; for this target controls count on system"},
		{"invalid CWE", "  - {id: ACME-T-001, title: t, target: api, stride: [spoofing], severity: low, references: {cwe: [0]}}",
			"m.yaml:17:99: threats[ACME-T-001].references.cwe: invalid CWE id 0\n\thint: write the number only: 798 for CWE-798"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkDiags(t, parseDiags(threatBase+tc.threat+"\n"), strings.Split(tc.want, "\n--\n")...)
		})
	}
}

// Threats in included files are merged after the root file's, and their
// ids are checked across files.
func TestThreatsMerge(t *testing.T) {
	fsys := mapFS(map[string]string{
		"model.yaml": `iotthreat: 1
system: {name: Acme}
include: [threats.yaml]
elements:
  - {id: lock, kind: device}
threats:
  - {id: ACME-T-001, title: t, target: lock, stride: [spoofing], severity: low}
`,
		"threats.yaml": `threats:
  - {id: ACME-T-002, title: t, target: lock, stride: [tampering], severity: high}
  - {id: ACME-T-001, title: t, target: system, stride: [tampering], severity: high}
`,
	})
	loaded, diags, err := LoadFS(fsys, "model.yaml", "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDiags(t, lines(diags),
		"threats.yaml:3:10: threats[ACME-T-001].id: duplicate threat id \"ACME-T-001\" (first defined at model.yaml:7:10)\n\thint: give each threat its own id")
	var ids []string
	for _, th := range loaded.Model.Threats {
		ids = append(ids, th.ID+"@"+th.Target)
	}
	if got := strings.Join(ids, " "); got != "ACME-T-001@lock ACME-T-002@lock ACME-T-001@system" {
		t.Errorf("merged threats: %s", got)
	}
}

// ThreatRuleClashes reports a threat named like a rule of the assembled
// set once: the model's own rules are left to Validate.
func TestThreatRuleClashes(t *testing.T) {
	loaded, diags := Parse("m.yaml", []byte(threatBase+"  - {id: IOT-NET-004, title: t, target: api, stride: [spoofing], severity: low}\n"), Options{})
	checkDiags(t, lines(diags))
	rules := append([]Rule{{ID: "IOT-NET-004"}}, loaded.Model.Rules...)
	checkDiags(t, lines(ThreatRuleClashes(loaded.Model, rules)),
		"m.yaml:17:10: threats[IOT-NET-004].id: threat id \"IOT-NET-004\" is also the id of the built-in rule\n\thint: threats and rules name their findings alike (ID@target); choose another id")
	loaded.Model.Threats[0].ID = "ACME-R-001" // Validate's to report
	checkDiags(t, lines(ThreatRuleClashes(loaded.Model, rules)))
}

// Only a bounded number of unknown targets get a suggestion, each
// measured against every id of the model; the rest get the plain hint.
func TestThreatTargetSuggestionsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(threatBase)
	for i := range maxTargetSuggestions + 5 {
		b.WriteString("  - {id: ACME-T-" + strings.Repeat("1", i+1) + ", title: t, target: sytem, stride: [spoofing], severity: low}\n")
	}
	suggested := 0
	for _, d := range parseDiags(b.String()) {
		if strings.Contains(d, "did you mean") {
			suggested++
		}
	}
	if suggested != maxTargetSuggestions {
		t.Errorf("%d suggestions, want %d", suggested, maxTargetSuggestions)
	}
}
