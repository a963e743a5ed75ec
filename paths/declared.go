package paths

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/model"
)

// The model's attack_paths block adds entry points and targets the facts
// cannot show, and leaves out derived ones the assessment rules out (see
// model.AttackPaths). Added ones are fact steps like derived ones, so a
// path through them reads the same, with the block's line as location.

// addDeclaredEntries adds the model's own entry points: each puts the
// attacker at one position towards its element.
func (b *builder) addDeclaredEntries() {
	ap := b.in.m.AttackPaths
	if ap == nil {
		return
	}
	for _, e := range ap.Entries {
		i, ok := b.in.element[e.Element]
		if !ok {
			continue // validation refuses it; nothing to attach to
		}
		el := &b.in.m.Elements[i]
		var entry, to string
		switch e.From {
		case "internet":
			entry, to = "internet", "reach:"+el.ID
		case "local-network":
			// The network is the element's boundary; an element outside
			// every boundary names its own.
			net := el.Boundary
			if net == "" {
				net = el.ID
			}
			entry, to = "local:"+net, "reach:"+el.ID
		case "physical":
			entry, to = "physical", "unit:"+el.ID
		case "insider":
			entry, to = "insider:"+el.ID, "control:"+el.ID
		case "third-party":
			entry, to = "third-party:"+el.ID, "control:"+el.ID
		default:
			continue
		}
		b.entry(entry, "the model declares it: "+e.Reason)
		b.fact(entry, to, "attack_paths.entries", e.Reason, pos(e.Src.Pos))
	}
}

// addDeclaredTargets adds the model's own targets: an element is reached
// by controlling it or one unit of it, a data asset wherever it is
// stored, processed or carried. A declared data target takes the
// declared impact even when the classification already made it one.
func (b *builder) addDeclaredTargets(ts *targetSet) {
	ap := b.in.m.AttackPaths
	if ap == nil {
		return
	}
	for _, t := range ap.Targets {
		reason := "the model declares it: " + t.Reason
		if i, ok := b.in.element[t.Element]; ok && t.Element != "" {
			id := b.in.m.Elements[i].ID
			for _, n := range []string{"control:" + id, "unit:" + id} {
				ts.add(n, "named:"+id, "named", t.Impact, reason)
			}
			continue
		}
		if t.Data == "" {
			continue
		}
		ts.set("data:"+t.Data, "data", t.Impact, reason)
		for _, n := range b.dataHolders(t.Data) {
			ts.add(n, "data:"+t.Data, "data", t.Impact, reason)
		}
	}
}

// dataHolders lists the nodes that reach a data asset: controlling an
// element that stores, processes or exchanges it, one unit of it, and
// reading or altering a flow that carries it.
func (b *builder) dataHolders(id string) []string {
	in := b.in
	var out []string
	for _, i := range in.elements {
		for _, d := range b.elementData(i) {
			if d == id {
				e := in.m.Elements[i].ID
				out = append(out, "control:"+e, "unit:"+e)
				break
			}
		}
	}
	for _, fi := range in.flows {
		for _, d := range in.facts.Flows[fi].Data {
			if d == id {
				f := in.m.Flows[fi].ID
				out = append(out, "alter:"+f, "read:"+f)
				break
			}
		}
	}
	return out
}

// Excluded is a derived entry point or target the model leaves out, with
// its reason and how many it matched (0: it names nothing the search
// derived, and the reports say so).
type Excluded struct {
	ID       string `json:"id"`
	What     string `json:"what"` // entry or target
	Reason   string `json:"reason"`
	Location string `json:"location"`
	Matched  int    `json:"matched"`
}

// exclusions reads the model's not_entries and not_targets.
func exclusions(m *model.Model) []Excluded {
	out := []Excluded{}
	if m.AttackPaths == nil {
		return out
	}
	for _, x := range m.AttackPaths.NotEntries {
		out = append(out, Excluded{ID: x.ID, What: "entry", Reason: x.Reason, Location: pos(x.Src.Pos)})
	}
	for _, x := range m.AttackPaths.NotTargets {
		out = append(out, Excluded{ID: x.ID, What: "target", Reason: x.Reason, Location: pos(x.Src.Pos)})
	}
	return out
}

// excludes reports whether an exclusion of kind what names an id (as
// --from and --to match: the id, its kind, or the id after the colon),
// counting the match.
func excludes(xs []Excluded, what, id, kind string) bool {
	_, rest, _ := strings.Cut(id, ":")
	hit := false
	for i := range xs {
		x := &xs[i]
		if x.What == what && (x.ID == id || x.ID == kind || x.ID == rest) {
			x.Matched++
			hit = true
		}
	}
	return hit
}

// String says what an exclusion left out, for text outputs.
func (x Excluded) String() string {
	if x.Matched == 0 {
		return fmt.Sprintf("%s %s (%s): matches nothing derived (%s)", x.What, x.ID, x.Reason, x.Location)
	}
	return fmt.Sprintf("%s %s left out: %s (%s)", x.What, x.ID, x.Reason, x.Location)
}
