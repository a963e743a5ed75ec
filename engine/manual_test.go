package engine

import (
	"slices"
	"testing"
)

// manualModel has the engine test rules, a small system and threats
// written by hand on each kind of target.
const manualModel = testRules + `
data: [{id: d, classification: personal}]
boundaries: [{id: home, kind: local-network}, {id: cloud, kind: vendor-cloud}]
elements:
  - {id: lock, kind: device, boundary: home, physical_access: public, debug_interfaces: [uart], controls: [secure-boot]}
  - {id: api, kind: support-service, boundary: cloud, internet_facing: true}
flows:
  - {id: up, from: lock, to: api, protocol: mqtt, data: [d], encryption: none, controls: [message-signing]}
threats:
  - id: ACME-T-001
    title: Stolen operator session replays commands
    description: d
    target: api
    stride: [spoofing]
    likelihood: medium
    impact: medium
    mitigation: Bind sessions to the device.
    references: {cwe: [287], capec: [60]}
    source: pen test 2026-02
  - {id: ACME-T-002, title: t, target: up, stride: [tampering], severity: high, controls: [message-signing, secure-boot]}
  - {id: ACME-T-003, title: t, target: up, stride: [tampering], severity: critical, controls: [message-signing, replay-protection]}
  - {id: ACME-T-004, title: t, target: d, linddun: [linking], severity: low}
  - {id: ACME-T-005, title: t, target: system, stride: [repudiation], severity: low}
  - {id: ACME-T-006, title: t, target: home, stride: [tampering], likelihood: low, impact: critical}
tracking:
  ACME-T-004@d: {status: accepted, reason: only aggregates leave the home}
  ACME-T-005@*: {status: false-positive, reason: audit log exists}
`

// A threat written in the model is a finding like a rule's: id
// THREAT@target, its rating as written (the internet-facing target does
// not raise it), its references, marked manual and located at the threat.
func TestManualThreatFinding(t *testing.T) {
	rep := analyze(t, manualModel)
	f := find(rep, "ACME-T-001@api")
	if f == nil {
		t.Fatal("no finding ACME-T-001@api")
	}
	if f.Rule != "ACME-T-001" || f.Target.Type != "element" || f.Target.Kind != "support-service" || f.Origin != OriginManual {
		t.Errorf("finding: rule %s, target %+v, origin %q", f.Rule, f.Target, f.Origin)
	}
	if f.Severity != "medium" || f.Likelihood != "medium" || f.Impact != "medium" || f.Status != "open" {
		t.Errorf("rated %s (%s × %s), %s; want medium (medium × medium), open", f.Severity, f.Likelihood, f.Impact, f.Status)
	}
	if !slices.Equal(f.CWE, []int{287}) || !slices.Equal(f.CAPEC, []int{60}) || !slices.Equal(f.STRIDE, []string{"spoofing"}) {
		t.Errorf("references: cwe %v, capec %v, stride %v", f.CWE, f.CAPEC, f.STRIDE)
	}
	if f.Source.File != "test.yaml" || f.Source.Line != 32 {
		t.Errorf("source %+v, want the threat's line, test.yaml:32", f.Source)
	}
	wantWhy := []string{
		"manual threat from the model's threats: section; source: pen test 2026-02",
		"severity medium: likelihood medium × impact medium as written in the threat",
	}
	if !slices.Equal(f.Why, wantWhy) || !slices.Equal(f.Mitigations, []string{"Bind sessions to the device."}) {
		t.Errorf("why %q, mitigations %q", f.Why, f.Mitigations)
	}
	// A rule's finding stays unmarked.
	if r := find(rep, "T-DEV-001@lock"); r == nil || r.Origin != "" {
		t.Errorf("rule finding: %+v", r)
	}
}

// Controls close a threat where they would close a rule's finding: on a
// flow, the flow and both its ends count. One missing leaves it open and
// says which.
func TestManualThreatControls(t *testing.T) {
	rep := analyze(t, manualModel)
	closed := find(rep, "ACME-T-002@up")
	if closed == nil || closed.Status != "mitigated" || !slices.Equal(closed.MitigatedBy, []string{"message-signing", "secure-boot"}) {
		t.Fatalf("ACME-T-002@up: %+v", closed)
	}
	if last := closed.Why[len(closed.Why)-1]; last != "mitigated by design: declared controls message-signing, secure-boot" {
		t.Errorf("why ends %q", last)
	}
	open := find(rep, "ACME-T-003@up")
	if open == nil || open.Status != "open" || !slices.Equal(open.MitigatedBy, []string{"message-signing"}) {
		t.Fatalf("ACME-T-003@up: %+v", open)
	}
	want := []string{noMitigation, "Implement and declare the control(s): replay-protection"}
	if !slices.Equal(open.Mitigations, want) {
		t.Errorf("mitigations %q, want %q", open.Mitigations, want)
	}
}

// Tracking triages threats as it does rule findings, by exact id and by
// THREAT@*; the summary and the report order count them like the rest.
func TestManualThreatTrackedAndSorted(t *testing.T) {
	rep := analyze(t, manualModel)
	if f := find(rep, "ACME-T-004@d"); f == nil || f.Status != "accepted" || f.Tracking.Entry != "ACME-T-004@d" || f.Target.Type != "data" {
		t.Errorf("ACME-T-004@d: %+v", f)
	}
	if f := find(rep, "ACME-T-005@system"); f == nil || f.Status != "false-positive" || f.Tracking.Entry != "ACME-T-005@*" || f.Target.Type != "system" {
		t.Errorf("ACME-T-005@system: %+v", f)
	}
	if f := find(rep, "ACME-T-006@home"); f == nil || f.Severity != "medium" || f.Target.Type != "boundary" {
		t.Errorf("ACME-T-006@home: %+v", f)
	}
	if len(rep.Orphaned) != 0 {
		t.Errorf("orphaned tracking entries: %+v", rep.Orphaned)
	}
	if !slices.IsSortedFunc(rep.Findings, compareFindings) {
		t.Error("findings are not worst first, then by rule and target id")
	}
	manual := 0
	for _, f := range rep.Findings {
		if f.Origin == OriginManual {
			manual++
		}
	}
	if manual != 6 || rep.Summary.Total != len(rep.Findings) || rep.Summary.ByStatus["accepted"] != 1 {
		t.Errorf("%d manual findings of %d, summary %+v", manual, len(rep.Findings), rep.Summary)
	}
}

// A severity alone stands for likelihood and impact both at its level,
// and comes out of the matrix unchanged.
func TestManualSeverityAlone(t *testing.T) {
	for _, l := range Levels {
		if got := Severity(l, l); got != l {
			t.Errorf("Severity(%s, %s) = %s", l, l, got)
		}
	}
	rep := analyze(t, manualModel)
	f := find(rep, "ACME-T-003@up")
	if f == nil || f.Severity != "critical" || f.Likelihood != "critical" || f.Impact != "critical" {
		t.Fatalf("ACME-T-003@up: %+v", f)
	}
	if f.Why[1] != "severity critical as written in the threat (likelihood and impact both taken as critical)" {
		t.Errorf("why %q", f.Why)
	}
}

// mergeFindings keeps the order of both lists and loses nothing.
func TestMergeFindings(t *testing.T) {
	mk := func(sev, rule, target string) Finding {
		return Finding{Severity: sev, Rule: rule, Target: Target{ID: target}}
	}
	rules := []Finding{mk("critical", "A-X-1", "a"), mk("high", "A-X-1", "b"), mk("low", "Z-X-1", "a")}
	manual := []Finding{mk("critical", "B-X-1", "a"), mk("high", "A-X-1", "a"), mk("medium", "A-X-2", "a"), mk("low", "Z-X-2", "a")}
	got := mergeFindings(rules, manual)
	var ids []string
	for _, f := range got {
		ids = append(ids, f.Severity+" "+f.Rule+"@"+f.Target.ID)
	}
	want := []string{"critical A-X-1@a", "critical B-X-1@a", "high A-X-1@a", "high A-X-1@b", "medium A-X-2@a", "low Z-X-1@a", "low Z-X-2@a"}
	if !slices.Equal(ids, want) {
		t.Errorf("merged %q\nwant %q", ids, want)
	}
}
