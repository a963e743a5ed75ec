package paths

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Target is something the product must protect, derived from the model's
// facts. Its id is KIND:ID, the id being a data asset's for data and an
// element's otherwise.
type Target struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`   // data, safety-action, device-control, fleet-command, update-service, signing-key
	Impact string `json:"impact"` // on the findings' level scale
	Reason string `json:"reason"`
}

// TargetKinds are the kinds of target, in the order docs list them.
var TargetKinds = model.PathTargetKinds

// targetSet builds targets once and remembers where each is reached.
type targetSet struct {
	g     *graph
	index map[string]int
}

func (t *targetSet) add(node, id, kind, impact, reason string) {
	ti, ok := t.index[id]
	if !ok {
		t.g.targets = append(t.g.targets, Target{ID: id, Kind: kind, Impact: impact, Reason: reason})
		ti = len(t.g.targets) - 1
		t.index[id] = ti
	}
	n := &t.g.nodes[t.g.node(node)]
	if !slices.Contains(n.targets, ti) {
		n.targets = append(n.targets, ti)
	}
}

// set adds a target, or gives an existing one the kind, impact and
// reason the model declares for it.
func (t *targetSet) set(id, kind, impact, reason string) {
	if ti, ok := t.index[id]; ok {
		tg := &t.g.targets[ti]
		tg.Kind, tg.Impact, tg.Reason = kind, impact, reason
		return
	}
	t.g.targets = append(t.g.targets, Target{ID: id, Kind: kind, Impact: impact, Reason: reason})
	t.index[id] = len(t.g.targets) - 1
}

// addTargets marks the nodes at which each target is reached: controlling
// an element reaches what it stores, processes and exchanges and what it
// is (a fleet-command service, a safety-relevant actuator); altering a
// flow reaches the data it carries and the commands it delivers; reading a
// flow reaches only its data.
func (b *builder) addTargets() {
	in, ts := b.in, &targetSet{g: b.g, index: map[string]int{}}
	for _, i := range in.elements {
		e, ef := &in.m.Elements[i], &in.facts.Elements[i]
		holders := []string{"control:" + e.ID, "unit:" + e.ID}
		var own []func(node string)
		if ef.ReceivesSafety || ef.SafetyCritical {
			own = append(own, func(n string) {
				ts.add(n, "safety-action:"+e.ID, "safety-action", "critical", safetyReason(ef))
			})
		} else if b.deviceControl(i) {
			own = append(own, func(n string) {
				ts.add(n, "device-control:"+e.ID, "device-control", "high", fmt.Sprintf("%s carries out commands it receives", e.ID))
			})
		}
		if ef.FleetCommand {
			own = append(own, func(n string) {
				ts.add(n, "fleet-command:"+e.ID, "fleet-command", "critical", fmt.Sprintf("%s can command every unit", e.ID))
			})
		}
		if b.updateService(i) {
			own = append(own, func(n string) {
				ts.add(n, "update-service:"+e.ID, "update-service", "critical", fmt.Sprintf("%s sends firmware to devices", e.ID))
			})
		}
		if e.Kind == "signing-service" && ef.StoresSecrets {
			own = append(own, func(n string) {
				ts.add(n, "signing-key:"+e.ID, "signing-key", "critical", fmt.Sprintf("%s holds the keys that sign releases", e.ID))
			})
		}
		for _, h := range holders {
			for _, f := range own {
				f(h)
			}
			for _, d := range b.elementData(i) {
				b.dataTarget(ts, h, d)
			}
		}
	}
	for _, fi := range in.flows {
		f, ff := &in.m.Flows[fi], &in.facts.Flows[fi]
		for _, d := range ff.Data {
			b.dataTarget(ts, "alter:"+f.ID, d)
			b.dataTarget(ts, "read:"+f.ID, d)
		}
		di, ok := in.element[f.To]
		if !ok || !(len(ff.Actions) > 0 || b.commands(ff)) {
			continue
		}
		df := &in.facts.Elements[di]
		switch {
		case ff.SafetyActions || df.SafetyCritical:
			ts.add("alter:"+f.ID, "safety-action:"+f.To, "safety-action", "critical", safetyReason(df))
		case b.deviceControl(di):
			ts.add("alter:"+f.ID, "device-control:"+f.To, "device-control", "high", fmt.Sprintf("%s carries out commands it receives", f.To))
		}
	}
	b.addDeclaredTargets(ts)
}

func safetyReason(ef *engine.ElementFacts) string {
	if ef.SafetyCritical {
		return fmt.Sprintf("%s is safety-critical: misuse can cause physical harm", ef.ID)
	}
	return fmt.Sprintf("%s carries out safety-relevant actions (%s)", ef.ID, strings.Join(ef.ReceivesActions, ", "))
}

// deviceControl reports whether a device or gateway acts on what it
// receives: it has actuators, or receives actions or data whose integrity
// is critical (commands).
func (b *builder) deviceControl(i int) bool {
	ef := &b.in.facts.Elements[i]
	if ef.Kind != "device" && ef.Kind != "gateway" {
		return false
	}
	if len(ef.Actuators) > 0 || len(ef.ReceivesActions) > 0 {
		return true
	}
	for _, fi := range b.in.in[ef.ID] {
		if b.commands(&b.in.facts.Flows[fi]) {
			return true
		}
	}
	return false
}

// commands reports whether a flow carries data of the highest integrity
// level: what the receiver acts on.
func (b *builder) commands(ff *engine.FlowFacts) bool {
	return ff.IntegrityRank >= 0 && ff.IntegrityRank == b.criticalIntegrity
}

// updateService reports whether an element sends firmware to devices or
// gateways (see firmwareFlow).
func (b *builder) updateService(i int) bool {
	ef := &b.in.facts.Elements[i]
	if !ef.CommandsDevices {
		return false
	}
	for _, fi := range b.in.out[ef.ID] {
		if b.firmwareFlow(fi) {
			return true
		}
	}
	return false
}

// firmwareFlow reports whether a flow delivers firmware to a device or
// gateway: it says so (format firmware-image, action firmware-update), or
// it carries a data asset whose id or name says firmware.
func (b *builder) firmwareFlow(fi int) bool {
	in := b.in
	f, ff := &in.m.Flows[fi], &in.facts.Flows[fi]
	di, ok := in.element[f.To]
	if !ok || (in.facts.Elements[di].Kind != "device" && in.facts.Elements[di].Kind != "gateway") {
		return false
	}
	if slices.Contains(ff.Formats, "firmware-image") || slices.Contains(ff.Actions, "firmware-update") {
		return true
	}
	for _, d := range ff.Data {
		if strings.Contains(strings.ToLower(d), "firmware") || strings.Contains(strings.ToLower(in.data[d].Name), "firmware") {
			return true
		}
	}
	return false
}

// elementData lists the data an element stores, processes or exchanges.
func (b *builder) elementData(i int) []string {
	in := b.in
	ef := &in.facts.Elements[i]
	ds := append(slices.Clone(ef.Stores), ef.Processes...)
	for _, fi := range in.out[ef.ID] {
		ds = append(ds, in.facts.Flows[fi].Data...)
	}
	for _, fi := range in.in[ef.ID] {
		ds = append(ds, in.facts.Flows[fi].Data...)
	}
	slices.Sort(ds)
	return slices.Compact(ds)
}

// dataTarget marks node as reaching data asset id when the asset is secret
// or sensitive. Data only a signing service stores is left to that
// service's signing-key target.
func (b *builder) dataTarget(ts *targetSet, node, id string) {
	d, ok := b.in.data[id]
	if !ok || d.ClassificationRank < b.in.sensitive || b.signingOnly[id] {
		return
	}
	impact, what := "high", "sensitive"
	if d.ClassificationRank >= b.in.secret {
		impact, what = "critical", "secret"
	}
	ts.add(node, "data:"+id, "data", impact, fmt.Sprintf("%s is classified %s", id, what))
}
