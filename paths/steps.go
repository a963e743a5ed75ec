package paths

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// How a rule's findings become steps. Most rules need no entry here: an
// open spoofing, tampering or elevation-of-privilege finding on an element
// lets whoever can send to the element take it over, and one on a flow
// lets whoever is on the flow's way alter it (information disclosure
// alone: read it). The tables below name the rules whose threat needs
// another position, or is no way in at all.
var (
	// physicalRules need the unit in hand: debug ports, storage, tamper
	// protection, key storage, boot integrity.
	physicalRules = set("IOT-HW-001", "IOT-HW-003", "IOT-HW-004", "IOT-HW-005", "IOT-FW-006")
	// updateRules are exploited by whoever sends the unit its firmware,
	// or alters the flow that carries it.
	updateRules = set("IOT-FW-003", "IOT-FW-004", "IOT-FW-006")
	// fleetRules turn one opened unit into every unit: the secret or
	// credential taken from one works on all.
	fleetRules = set("IOT-FLEET-003", "IOT-FLEET-004", "IOT-FLEET-005", "IOT-CRED-001", "IOT-CRED-002", "IOT-CRED-004", "IOT-NET-006")
	// lateralRules let a controlled gateway take over the devices it
	// talks to.
	lateralRules = set("IOT-GW-001", "IOT-GW-003")
	// senderRules on a flow let whoever controls its sender take over its
	// receiver: an unverified build pushed to production, a third party's
	// output trusted as is.
	senderRules = set("IOT-BUILD-004", "IOT-TP-004")
	// networkToo are special rules that are also ways in over the network
	// (default or hard-coded credentials work for anyone who can connect).
	networkToo = set("IOT-CRED-001", "IOT-CRED-002", "IOT-NET-006", "IOT-FLEET-003", "IOT-FLEET-005")
	// notSteps describe missing preparation, consequences or privacy
	// duties rather than an attacker's move: no backup, no monitoring, no
	// automatic updates, no audit trail, nothing to erase, a model gap.
	notSteps = set("IOT-FW-001", "IOT-FW-002", "IOT-FW-005", "IOT-DEV-006", "IOT-DEV-008", "IOT-DEV-009",
		"IOT-SVC-007", "IOT-SVC-008", "IOT-SVC-009", "IOT-DS-003", "IOT-DS-006", "IOT-GW-002",
		"IOT-TP-001", "IOT-TP-003", "IOT-TP-005", "IOT-SVCP-003", "IOT-FLEET-002", "IOT-BUILD-005",
		"IOT-CLOUD-005", "IOT-SUP-001", "IOT-OPS-002", "IOT-RF-004")
	notStepPrefixes = []string{"IOT-PROG-", "IOT-PRIV-", "IOT-HYG-"}
	// unknownRules fire because the model leaves a fact unstated: their
	// steps are flagged unknown (and still taken: unknown is not safe).
	unknownRules = set("IOT-NET-013", "IOT-MOB-007")
)

func set(ids ...string) map[string]bool {
	s := make(map[string]bool, len(ids))
	for _, id := range ids {
		s[id] = true
	}
	return s
}

func isStep(rule string) bool {
	if notSteps[rule] {
		return false
	}
	for _, p := range notStepPrefixes {
		if strings.HasPrefix(rule, p) {
			return false
		}
	}
	return true
}

// networkRule reports whether a finding is a way in for whoever can send
// to its target.
func networkRule(rule string) bool {
	special := physicalRules[rule] || updateRules[rule] || fleetRules[rule] || lateralRules[rule] || senderRules[rule]
	return !special || networkToo[rule]
}

func has(f *engine.Finding, cats ...string) bool {
	for _, c := range cats {
		if slices.Contains(f.STRIDE, c) {
			return true
		}
	}
	return false
}

// takeover reports whether a finding can give control: spoofing,
// tampering or elevation of privilege.
func takeover(f *engine.Finding) bool {
	return has(f, "spoofing", "tampering", "elevation-of-privilege")
}

// justify makes the justification of a step from a finding.
func (b *builder) justify(f *engine.Finding, what string) *justification {
	if j, ok := b.justified[f.ID+"|"+what]; ok {
		return j
	}
	j := &justification{finding: f, reason: fmt.Sprintf("%s: %s", what, f.Title), location: b.in.findingAt(f),
		likelihood: engine.LevelRank(f.Likelihood), unknown: unknownRules[f.Rule]}
	if f.Status == "accepted" {
		j.reason += " (accepted risk)"
	}
	b.justified[f.ID+"|"+what] = j
	return j
}

// fact adds a step justified by a model fact.
func (b *builder) fact(from, to, fact, reason, location string) {
	b.g.step(from, to, &justification{fact: fact, reason: reason, location: location, likelihood: noLikelihood})
}

// addElementSteps adds the steps an element's findings and flows allow.
func (b *builder) addElementSteps() {
	in := b.in
	for _, i := range in.elements {
		e := &in.m.Elements[i]
		ef := &in.facts.Elements[i]
		for _, f := range in.findings["element:"+e.ID] {
			if !isStep(f.Rule) {
				continue
			}
			if takeover(f) && networkRule(f.Rule) {
				b.g.step("reach:"+e.ID, "control:"+e.ID, b.justify(f, "exploits"))
			}
			if physicalRules[f.Rule] && ef.PhysicallyReachable {
				b.entry("physical", "some unit with debug interfaces or stored data can be touched")
				b.g.step("physical", "unit:"+e.ID, b.justify(f, "opens a unit in hand"))
			}
			if updateRules[f.Rule] {
				for _, fi := range in.in[e.ID] {
					if b.firmwareFlow(fi) {
						fl := &in.m.Flows[fi]
						b.g.step("control:"+fl.From, "control:"+e.ID, b.justify(f, "sends it firmware"))
						b.g.step("alter:"+fl.ID, "control:"+e.ID, b.justify(f, "replaces the firmware on the way"))
					}
				}
			}
			if fleetRules[f.Rule] {
				b.g.step("unit:"+e.ID, "control:"+e.ID, b.justify(f, "uses one unit's secret on every unit"))
			}
			if lateralRules[f.Rule] {
				for _, fi := range in.out[e.ID] {
					fl := &in.m.Flows[fi]
					if di, ok := in.element[fl.To]; ok && isDevice(in.facts.Elements[di].Kind) {
						b.g.step("control:"+e.ID, "control:"+fl.To, b.justify(f, "takes over the device behind it"))
					}
				}
			}
		}
		b.pivots(i)
	}
}

func isDevice(kind string) bool { return kind == "device" || kind == "gateway" }

// pivots adds the fact steps out of a controlled element: it sends its
// flows' receivers traffic, answers whoever sends it a bidirectional flow,
// and a person operates the clients they use. One opened unit (unit:E)
// does the same with that unit's identity.
func (b *builder) pivots(i int) {
	in := b.in
	e := &in.m.Elements[i]
	for _, fi := range in.out[e.ID] {
		fl, ff := &in.m.Flows[fi], &in.facts.Flows[fi]
		if ff.Medium == "human" {
			if e.Kind == "user" {
				b.fact("control:"+e.ID, "control:"+fl.To, "flow", fmt.Sprintf("%s operates %s (flow %s)", e.ID, fl.To, fl.ID), in.flowAt(fi))
			}
			continue
		}
		why := &justification{fact: "flow", reason: fmt.Sprintf("%s sends to %s (flow %s)", e.ID, fl.To, fl.ID), location: in.flowAt(fi), likelihood: noLikelihood}
		b.g.step("control:"+e.ID, "reach:"+fl.To, why)
		b.g.step("unit:"+e.ID, "reach:"+fl.To, why)
	}
	for _, fi := range in.in[e.ID] {
		fl, ff := &in.m.Flows[fi], &in.facts.Flows[fi]
		if !ff.Bidirectional || ff.Medium == "human" {
			continue
		}
		why := &justification{fact: "bidirectional", reason: fmt.Sprintf("%s answers %s (flow %s)", e.ID, fl.From, fl.ID), location: in.flowAt(fi), likelihood: noLikelihood}
		b.g.step("control:"+e.ID, "reach:"+fl.From, why)
		b.g.step("unit:"+e.ID, "reach:"+fl.From, why)
	}
}

// addFlowSteps adds the steps a flow's findings allow: from each position
// on the flow's way, to altering it (spoofing, tampering) or reading it
// (information disclosure); and from altering it, to its receiver (and its
// sender, when it carries replies).
func (b *builder) addFlowSteps() {
	in := b.in
	for _, fi := range in.flows {
		fl, ff := &in.m.Flows[fi], &in.facts.Flows[fi]
		positions := b.flowPositions(fi)
		for _, f := range in.findings["flow:"+fl.ID] {
			if !isStep(f.Rule) {
				continue
			}
			if fleetRules[f.Rule] {
				b.g.step("unit:"+fl.From, "control:"+fl.From, b.justify(f, "uses one unit's credential for every unit"))
			}
			if senderRules[f.Rule] {
				b.g.step("control:"+fl.From, "control:"+fl.To, b.justify(f, "its sender is trusted"))
			}
			to := ""
			switch {
			case has(f, "spoofing", "tampering", "elevation-of-privilege"):
				to = "alter:" + fl.ID
			case has(f, "information-disclosure"):
				to = "read:" + fl.ID
			}
			if to == "" || !networkRule(f.Rule) {
				continue
			}
			for _, p := range positions {
				b.entry(p, positionReason(p))
				b.g.step(p, to, b.justify(f, "on the flow's way"))
			}
		}
		if ff.Medium == "human" {
			continue
		}
		b.fact("alter:"+fl.ID, "reach:"+fl.To, "flow", fmt.Sprintf("injects into %s to reach %s", fl.ID, fl.To), in.flowAt(fi))
		if ff.Bidirectional {
			b.fact("alter:"+fl.ID, "reach:"+fl.From, "bidirectional", fmt.Sprintf("answers %s in %s's replies", fl.From, fl.ID), in.flowAt(fi))
		}
	}
}

func positionReason(p string) string {
	switch k := entryKind(p); k {
	case "internet":
		return "some flow travels over the internet"
	case "radio":
		return fmt.Sprintf("some flow travels over %s", strings.TrimPrefix(p, "radio:"))
	default:
		return fmt.Sprintf("boundary %s is a local network others share", strings.TrimPrefix(p, "local:"))
	}
}
