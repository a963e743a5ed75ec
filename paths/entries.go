package paths

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/model"
)

// Entry is a place an attacker starts from, derived from the model's
// facts.
type Entry struct {
	ID     string `json:"id"`     // internet, radio:PROTOCOL, physical, local:BOUNDARY, third-party:ELEMENT, insider:ELEMENT
	Kind   string `json:"kind"`   // internet, radio, physical, local-network, third-party, insider
	Reason string `json:"reason"` // why the model has this entry point
}

// EntryKinds are the kinds of entry point, in the order docs list them.
var EntryKinds = model.PathEntryPoints

// entryKind returns the kind of an entry node id, or "" when the id is not
// an entry point.
func entryKind(id string) string {
	prefix, _, _ := strings.Cut(id, ":")
	switch prefix {
	case "internet", "physical", "radio", "third-party", "insider":
		return prefix
	case "local":
		return "local-network"
	}
	return ""
}

// addEntries adds the entry nodes and the fact steps that lead from them
// to the elements they reach. The steps that need a finding (a cleartext
// flow, a debug port) are added with the other finding steps.
func (b *builder) addEntries() {
	in := b.in
	for _, i := range in.elements {
		e, ef := &in.m.Elements[i], &in.facts.Elements[i]
		target := "reach:" + e.ID
		if ef.InternetReachable {
			b.entry("internet", "some element is reachable from the internet")
			b.fact("internet", target, "internet_reachable", fmt.Sprintf("anyone on the internet can send %s traffic", e.ID), in.elementKeyAt(i, "internet_facing"))
		}
		for _, p := range b.radios(i) {
			id := "radio:" + p
			b.entry(id, fmt.Sprintf("some element talks %s over the air", p))
			b.fact(id, target, "radio_reachable", fmt.Sprintf("anyone within %s range can talk to %s", p, e.ID), in.elementKeyAt(i, "radios"))
		}
		for _, bd := range ef.Boundaries {
			if in.exposure[bd] != "local" {
				continue
			}
			id := "local:" + bd
			b.entry(id, fmt.Sprintf("boundary %s is a local network others share", bd))
			b.fact(id, target, "local_network", fmt.Sprintf("a neighbour on %s can send %s traffic", bd, e.ID), in.elementKeyAt(i, "boundary"))
		}
		if ef.ThirdParty {
			id := "third-party:" + e.ID
			b.entry(id, fmt.Sprintf("%s is run by a third party", e.ID))
			b.fact(id, "control:"+e.ID, "third_party", fmt.Sprintf("a malicious or compromised %s operator controls it", e.ID), in.elementAt(i))
		}
		if e.Kind == "user" && (e.Role == "support" || e.Role == "administrator") {
			id := "insider:" + e.ID
			b.entry(id, fmt.Sprintf("%s has the %s role", e.ID, e.Role))
			b.fact(id, "control:"+e.ID, "role", fmt.Sprintf("an insider acting as %s (%s) has that role's access", e.ID, e.Role), in.elementKeyAt(i, "role"))
		}
		if ef.PhysicallyReachable && (len(ef.DebugInterfaces) > 0 || len(ef.Stores) > 0) {
			b.entry("physical", "some unit with debug interfaces or stored data can be touched")
		}
	}
}

// radios lists the radio protocols over which an element can be reached:
// its radios and the radio flows it receives, sorted.
func (b *builder) radios(i int) []string {
	in := b.in
	ps := slices.Clone(in.facts.Elements[i].Radios)
	for _, fi := range in.in[in.m.Elements[i].ID] {
		if ff := &in.facts.Flows[fi]; ff.Medium == "radio" {
			ps = append(ps, ff.Protocol)
		}
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// flowPositions lists the entry points from which an attacker is on a
// flow's way: the internet for a flow over the internet, radio range for
// a radio flow, a local network one of its ends sits in (for a flow over
// IP or a wire: a neighbour on the home network is not on a BLE link).
func (b *builder) flowPositions(fi int) []string {
	in := b.in
	ff, f := &in.facts.Flows[fi], &in.m.Flows[fi]
	var ps []string
	if ff.OverInternet {
		ps = append(ps, "internet")
	}
	if ff.Medium == "radio" {
		ps = append(ps, "radio:"+ff.Protocol)
	}
	if ff.Medium == "ip" || ff.Medium == "wired" {
		for _, end := range []string{f.From, f.To} {
			if ei, ok := in.element[end]; ok {
				for _, bd := range in.facts.Elements[ei].Boundaries {
					if in.exposure[bd] == "local" {
						ps = append(ps, "local:"+bd)
					}
				}
			}
		}
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// entry records an entry point the first time it is seen.
func (b *builder) entry(id, reason string) {
	if _, ok := b.entrySeen[id]; ok {
		return
	}
	b.entrySeen[id] = true
	b.g.entries = append(b.g.entries, Entry{ID: id, Kind: entryKind(id), Reason: reason})
}
