package regulatory

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// lockModel has one asset of each kind the pre-fill derives and
// interfaces that pass and fail: a lock (the equipment) that keeps its
// key in a secure element, a hub with a hard-coded password and an
// unauthenticated telnet, commands arriving over BLE with and without
// protection, and readings sent to the cloud over TLS 1.0.
const lockModel = `iotthreat: 1
system: {name: Lock, controls: [sbom]}
product:
  en_18031_parts: [1, 2]
  not_applicable:
    en-18031-2: {UNM-1: "The lock has no display and no app notifications."}
data:
  - {id: lock-key, classification: secret, scope: unit}
  - {id: fleet-key, classification: secret, scope: fleet}
  - {id: readings, classification: personal}
  - {id: notes, classification: public}
  - {id: commands, classification: confidential, integrity: critical}
  - {id: wallet, tags: [financial-asset]}
boundaries: [{id: net, kind: internet}]
elements:
  - {id: lock, kind: device, radios: [ble], stores: [lock-key, readings], credentials: unique, firmware_update: ota,
     hardware_security: secure-element, debug_interfaces: [uart], controls: [encrypted-storage, debug-disabled, security-monitoring]}
  - id: hub
    kind: gateway
    radios: [wifi, ble]
    firmware_update: none
    credentials: hard-coded
    stores: [fleet-key]
    services: [{name: telnetd, protocol: telnet, port: 23, authentication: none, encryption: none}]
  - {id: app, kind: mobile-client}
  - {id: cloud, kind: support-service, boundary: net, stores: [wallet]}
flows:
  - {id: app-to-lock, from: app, to: lock, protocol: ble, data: [commands], encryption: link, authentication: pairing}
  - {id: lock-to-cloud, from: lock, to: cloud, protocol: https, data: [readings], encryption: tls, authentication: certificate, tls_version: "1.0"}
  - {id: hub-to-lock, from: hub, to: lock, protocol: ble, data: [commands], encryption: none, authentication: none}
`

// lockPrefill builds the pre-fill of lockModel with hand-made findings:
// an open one on the lock that secure-boot mitigates (SSM-1, SSM-2) and
// one on the cloud, which no lock asset may cite.
func lockPrefill(t *testing.T) *EN18031Prefill {
	t.Helper()
	l, diags := model.Parse("lock.yaml", []byte(lockModel), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	rep := &engine.Report{Findings: []engine.Finding{
		{ID: "BOOT@lock", RuleFacts: &engine.RuleFacts{Title: "Unverified boot", Controls: []string{"secure-boot"}}, Status: "open",
			Target: engine.Target{Type: "element", ID: "lock"}},
		{ID: "BOOT@cloud", RuleFacts: &engine.RuleFacts{Title: "Unverified boot", Controls: []string{"secure-boot"}}, Status: "open",
			Target: engine.Target{Type: "element", ID: "cloud"}},
	}}
	return buildEN18031(l, nil, rep, compliance.AssessRequirements(l, rep), newFindingRefs(rep.Findings))
}

func findPart(t *testing.T, p *EN18031Prefill, std string) *EN18031Part {
	t.Helper()
	for i := range p.Parts {
		if p.Parts[i].Standard == std {
			return &p.Parts[i]
		}
	}
	t.Fatalf("no part %s", std)
	return nil
}

func findDecision(t *testing.T, part *EN18031Part, asset, req string) (*AssetAssessment, *Decision) {
	t.Helper()
	for i := range part.Assets {
		a := &part.Assets[i]
		if a.ID != asset {
			continue
		}
		for j := range a.Decisions {
			if a.Decisions[j].Requirement == req {
				return a, &a.Decisions[j]
			}
		}
	}
	t.Fatalf("%s: no decision on %s for %s", part.Standard, req, asset)
	return nil, nil
}

// Each family decides pass, fail and not applicable from the model
// facts, and every decision names the fact (a fail what is missing).
func TestEN18031Decisions(t *testing.T) {
	p := lockPrefill(t)
	for _, tt := range []struct {
		std, asset, req, outcome, fact string
	}{
		// Access control: debug port closed by a declared control.
		{"en-18031-1", "lock-key", "ACM-1", Pass, "control debug-disabled declared on lock"},
		{"en-18031-1", "commands", "ACM-1", Fail, "flow hub-to-lock reaches lock without authentication"},
		// Authentication: per interface that delivers the asset.
		{"en-18031-1", "network-functions@lock", "AUM-3", Fail, "flow hub-to-lock reaches lock without authentication"},
		{"en-18031-1", "network-functions@hub", "AUM-1", Fail, "service telnetd (telnet) on hub accepts callers without authentication"},
		{"en-18031-1", "lock-key", "AUM-1", NotApplicable, "no flow, service or setup delivers it to the equipment"},
		{"en-18031-1", "network-functions@hub", "AUM-5", Fail, "hub's credentials are hard-coded"},
		{"en-18031-1", "lock-key", "AUM-5-1", Pass, "lock's credentials are unique per unit, set at manufacture"},
		{"en-18031-1", "lock-key", "AUM-5-2", NotApplicable, "passwords are set per unit at manufacture"},
		{"en-18031-1", "lock-key", "AUM-6", Fail, "nothing on lock meets it: declare, for example, login-throttling"},
		// Secure update: the equipment's update facts.
		{"en-18031-1", "network-functions@lock", "SUM-1", Pass, "lock can be updated (firmware_update ota)"},
		{"en-18031-1", "network-functions@hub", "SUM-1", Fail, "hub cannot be updated (firmware_update none)"},
		// Secure storage: where the equipment stores the asset.
		{"en-18031-1", "lock-key", "SSM-3", Pass, "lock protects keys in hardware (hardware_security secure-element)"},
		{"en-18031-1", "lock-key", "SSM-2", Fail, "finding BOOT@lock is open: Unverified boot"},
		{"en-18031-1", "commands", "SSM-1", NotApplicable, "no device or gateway stores it"},
		// Secure communication and cryptography: per interface.
		{"en-18031-1", "commands", "SCM-1", Fail, "flow hub-to-lock carries it unencrypted"},
		{"en-18031-2", "readings", "SCM-1", Pass, "flow lock-to-cloud carries it with tls, sender authenticated by certificate"},
		{"en-18031-1", "lock-key", "SCM-1", NotApplicable, "no flow, service or setup of the equipment carries it"},
		{"en-18031-2", "readings", "CRY-1", Fail, "flow lock-to-cloud accepts TLS 1.0, below best practice (1.2)"},
		{"en-18031-1", "lock-key", "CRY-1", NotApplicable, "no flow, service or setup of the equipment carries it"},
		// Keys: security assets only.
		{"en-18031-1", "lock-key", "CCK-1", Pass, "it is unique per unit (scope unit)"},
		{"en-18031-1", "commands", "CCK-1", NotApplicable, "concerns confidential cryptographic keys (security assets); commands is a network asset"},
		{"en-18031-1", "fleet-key", "CCK-1", Fail, "it is the same on every unit (scope fleet): one opened unit reveals it for all"},
		{"en-18031-1", "commands", "CRY-1", Pass, "flow app-to-lock uses the radio's link-layer encryption"},
		{"en-18031-1", "network-functions@hub", "SUM-3", Fail, "hub is not updated automatically (firmware_update none)"},
		{"en-18031-1", "lock-key", "GEC-1", Pass, "control sbom declared on system"},
		{"en-18031-2", "readings", "LGM-1", Fail, "nothing on lock meets it: declare, for example, audit-logging"},
		// Network assets: resilience, monitoring, traffic control.
		{"en-18031-1", "network-functions@lock", "NMM-1", Pass, "control security-monitoring declared on lock"},
		{"en-18031-1", "network-functions@hub", "TCM-1", Fail, "nothing on hub meets it: declare, for example, gateway-traffic-filtering, network-segmentation"},
		{"en-18031-1", "lock-key", "RLM-1", NotApplicable, "concerns network assets"},
		// Privacy families, and the product block's justification.
		{"en-18031-2", "readings", "DLM-1", Fail, "nothing on lock meets it: declare, for example, factory-reset, user-data-deletion"},
		{"en-18031-2", "lock-key", "DLM-1", NotApplicable, "concerns personal data (privacy assets); lock-key is a security asset"},
		{"en-18031-2", "readings", "UNM-1", NotApplicable, "judged not applicable in product.not_applicable: The lock has no display and no app notifications."},
		{"en-18031-2", "readings", "ACM-3", Fail, "the model does not say whether lock is a toy or childcare equipment"},
		{"en-18031-2", "lock-key", "ACM-3", NotApplicable, "concerns children's privacy assets"},
	} {
		part := findPart(t, p, tt.std)
		_, d := findDecision(t, part, tt.asset, tt.req)
		if d.Outcome != tt.outcome || !slices.ContainsFunc(d.Facts, func(f string) bool { return strings.Contains(f, tt.fact) }) {
			t.Errorf("%s %s %s: %s %q; want %s with %q", tt.std, tt.asset, tt.req, d.Outcome, d.Facts, tt.outcome, tt.fact)
		}
		if len(d.Facts) == 0 {
			t.Errorf("%s %s %s: no fact justifies %s", tt.std, tt.asset, tt.req, d.Outcome)
		}
	}
}

// The assets of each part follow their categories; the data left out
// are named with why; counts add up; findings on other elements are
// not cited; restrictions stay on the decision.
func TestEN18031Scope(t *testing.T) {
	p := lockPrefill(t)
	one := findPart(t, p, "en-18031-1")
	var ids []string
	for _, a := range one.Assets {
		ids = append(ids, a.ID+":"+a.Category)
	}
	if want := []string{"lock-key:security", "fleet-key:security", "commands:network", "network-functions@lock:network", "network-functions@hub:network"}; !slices.Equal(ids, want) {
		t.Errorf("part 1 assets %v, want %v", ids, want)
	}
	for _, want := range []string{"readings: privacy asset, assessed under EN 18031-2", "notes: no EN 18031 category", "wallet: financial asset, assessed under EN 18031-3"} {
		if !slices.ContainsFunc(one.Excluded, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("part 1 does not leave out %q: %v", want, one.Excluded)
		}
	}
	two := findPart(t, p, "en-18031-2")
	if two.Reason != "product.en_18031_parts lists part 2" {
		t.Errorf("part 2 reason %q", two.Reason)
	}
	if three := findPart(t, p, "en-18031-3"); three.Applicable || len(three.Assets) != 0 || three.Reason == "" {
		t.Errorf("part 3 applicable %v with %d assets, reason %q", three.Applicable, len(three.Assets), three.Reason)
	}
	for _, part := range p.Parts {
		total := 0
		for _, a := range part.Assets {
			if a.CategoryReason == "" {
				t.Errorf("%s %s: no reason for category %s", part.Standard, a.ID, a.Category)
			}
			total += len(a.Decisions)
			for _, d := range a.Decisions {
				for _, f := range d.Findings {
					if f.ID == "BOOT@cloud" {
						t.Errorf("%s %s %s cites a finding on the cloud", part.Standard, a.ID, d.Requirement)
					}
				}
			}
		}
		if got := part.Counts[Pass] + part.Counts[Fail] + part.Counts[NotApplicable]; got != total {
			t.Errorf("%s counts %v add up to %d, not %d decisions", part.Standard, part.Counts, got, total)
		}
	}
	_, d := findDecision(t, one, "lock-key", "AUM-5")
	if !strings.Contains(d.Restriction, "No presumption of conformity") {
		t.Errorf("AUM-5 restriction %q", d.Restriction)
	}
	a, _ := findDecision(t, one, "commands", "SCM-1")
	if !slices.Contains(a.Mechanisms, "flow app-to-lock: link encryption, authenticated by pairing") ||
		!slices.Contains(a.Mechanisms, "flow hub-to-lock: unencrypted") {
		t.Errorf("commands mechanisms %q", a.Mechanisms)
	}
}

// Product assets, when listed, are the scope, in their order, and an
// asset the equipment never handles is kept with every decision not
// applicable, saying so.
func TestEN18031ListedAssets(t *testing.T) {
	src := strings.Replace(lockModel, "  en_18031_parts: [1, 2]\n", "  en_18031_parts: [1, 2, 3]\n  assets: [wallet, lock-key]\n", 1)
	l, diags := model.Parse("lock.yaml", []byte(src), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	rep := &engine.Report{}
	p := buildEN18031(l, nil, rep, compliance.AssessRequirements(l, rep), nil)
	three := findPart(t, p, "en-18031-3")
	if len(three.Assets) != 2 || three.Assets[0].ID != "wallet" || three.Assets[0].Category != "financial" {
		t.Fatalf("part 3 assets %+v", three.Assets)
	}
	for _, d := range three.Assets[0].Decisions {
		if d.Outcome != NotApplicable || !strings.Contains(d.Facts[0], "neither stores, processes, receives nor sends it") {
			t.Errorf("wallet %s: %s %q", d.Requirement, d.Outcome, d.Facts)
		}
	}
	if _, d := findDecision(t, three, "lock-key", "SUM-2"); d.Restriction == "" {
		t.Error("the part 3 update restriction is not on SUM-2")
	}
}

// A model without equipment or data, and nil inputs, give an empty
// pre-fill rather than a panic.
func TestEN18031Empty(t *testing.T) {
	if p := buildEN18031(nil, nil, nil, nil, nil); p == nil || len(p.Parts) != 0 {
		t.Errorf("nil inputs: %+v", p)
	}
	l, diags := model.Parse("empty.yaml", []byte("iotthreat: 1\nsystem: {name: Empty}\n"), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	p := buildEN18031(l, nil, nil, compliance.AssessRequirements(l, &engine.Report{}), nil)
	for _, part := range p.Parts {
		if part.Applicable || len(part.Assets) != 0 || part.Counts == nil || part.Excluded == nil {
			t.Errorf("%s: %+v", part.Standard, part)
		}
	}
}

// An asset on many interfaces, with many findings, gives decisions of
// bounded size that still say how much they leave out; every finding
// still decides the outcome.
func TestEN18031Bounds(t *testing.T) {
	const n = 100
	var b strings.Builder
	b.WriteString("iotthreat: 1\nsystem: {name: Fleet}\nproduct: {en_18031_parts: [1]}\ndata: [{id: key, classification: secret}]\nelements:\n  - {id: app, kind: mobile-client}\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: d%d, kind: device, radios: [ble], stores: [key]}\n", i)
	}
	b.WriteString("flows:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: f%d, from: app, to: d%d, protocol: ble, data: [key], encryption: none, authentication: none}\n", i, i)
	}
	l, diags := model.Parse("fleet.yaml", []byte(b.String()), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	rep := &engine.Report{}
	for i := range 2 * MaxDecisionFindings {
		rep.Findings = append(rep.Findings, engine.Finding{ID: fmt.Sprintf("X-%02d@d0", i), Status: "open", RuleFacts: &engine.RuleFacts{Controls: []string{"encrypted-storage"}},
			Target: engine.Target{Type: "element", ID: "d0"}})
	}
	rep.Findings[len(rep.Findings)-1].Status = "mitigated"
	p := buildEN18031(l, nil, rep, compliance.AssessRequirements(l, rep), nil)
	part := findPart(t, p, "en-18031-1")
	a, scm := findDecision(t, part, "key", "SCM-1")
	if scm.Outcome != Fail || len(scm.Facts) != MaxDecisionFacts+1 || scm.Facts[MaxDecisionFacts] != "70 more shortcomings of the same kinds, not listed" {
		t.Errorf("SCM-1: %s with %d facts, last %q", scm.Outcome, len(scm.Facts), scm.Facts[len(scm.Facts)-1])
	}
	if len(a.Mechanisms) != MaxAssetMechanisms || a.Mechanisms[MaxAssetMechanisms-1] != "41 more mechanisms, not listed" {
		t.Errorf("%d mechanisms, last %q", len(a.Mechanisms), a.Mechanisms[len(a.Mechanisms)-1])
	}
	_, ssm := findDecision(t, part, "key", "SSM-1")
	if ssm.Outcome != Fail || len(ssm.Findings) != MaxDecisionFindings || ssm.Findings[0].ID != "X-00@d0" ||
		!slices.Contains(ssm.Facts, "30 more related findings are not listed here; the findings report has them all") {
		t.Errorf("SSM-1: %s, %d findings, facts %q", ssm.Outcome, len(ssm.Findings), ssm.Facts)
	}
}
