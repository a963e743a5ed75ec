package paths

import (
	"cmp"
	"slices"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// builder builds the attack graph of one analysis.
type builder struct {
	in                *inputs
	g                 *graph
	entrySeen         map[string]bool
	justified         map[string]*justification
	signingOnly       map[string]bool
	criticalIntegrity int
}

// build derives the attack graph: entry points, steps and targets.
func build(l *model.Loaded, facts *engine.Facts, rep *engine.Report) *graph {
	b := &builder{in: newInputs(l, facts, rep), g: newGraph(), entrySeen: map[string]bool{},
		justified: map[string]*justification{}, criticalIntegrity: l.Vocab.Rank("level", "critical")}
	b.signingOnly = b.signingData()
	b.addEntries()
	b.addDeclaredEntries()
	b.addElementSteps()
	b.addFlowSteps()
	b.addTargets()
	for i := range b.g.nodes {
		n := &b.g.nodes[i]
		slices.SortFunc(n.edges, func(x, y edge) int {
			if x.to == y.to {
				return cmp.Compare(x.why.key(), y.why.key())
			}
			return cmp.Compare(b.g.nodes[x.to].id, b.g.nodes[y.to].id)
		})
		n.edges = merge(slices.CompactFunc(n.edges, func(x, y edge) bool { return x.to == y.to && x.why.key() == y.why.key() }))
		slices.SortFunc(n.targets, func(x, y int) int { return cmp.Compare(b.g.targets[x].ID, b.g.targets[y].ID) })
	}
	slices.SortFunc(b.g.entries, func(x, y Entry) int { return cmp.Compare(x.ID, y.ID) })
	return b.g
}

// signingData lists the data assets that only signing services hold: the
// signing-key target stands for them.
func (b *builder) signingData() map[string]bool {
	in := b.in
	only := map[string]bool{}
	other := map[string]bool{}
	for _, i := range in.elements {
		ef := &in.facts.Elements[i]
		for _, d := range append(slices.Clone(ef.Stores), ef.Processes...) {
			if ef.Kind == "signing-service" {
				only[d] = true
			} else {
				other[d] = true
			}
		}
	}
	for _, fi := range in.flows {
		for _, d := range in.facts.Flows[fi].Data {
			other[d] = true
		}
	}
	for d := range other {
		delete(only, d)
	}
	return only
}

// merge turns the edges from one node to the same node (sorted together)
// into one: a fact when one allows the step, else the most likely finding
// (one that is not unknown first, then by id), the others kept as
// alternatives.
func merge(edges []edge) []edge {
	out := edges[:0]
	for i := 0; i < len(edges); {
		j := i + 1
		for j < len(edges) && edges[j].to == edges[i].to {
			j++
		}
		group := edges[i:j]
		best := group[0]
		for _, e := range group[1:] {
			if better(e.why, best.why) {
				best = e
			}
		}
		if len(group) > 1 && best.why.finding != nil {
			merged := *best.why
			merged.alternatives = nil
			for _, e := range group {
				if e.why != best.why && e.why.finding != nil && !slices.Contains(merged.alternatives, e.why.finding) && e.why.finding != best.why.finding {
					merged.alternatives = append(merged.alternatives, e.why.finding)
				}
			}
			best.why = &merged
		}
		out = append(out, best)
		i = j
	}
	return out
}

func better(a, b *justification) bool {
	if a.likelihood != b.likelihood {
		return a.likelihood > b.likelihood
	}
	if a.unknown != b.unknown {
		return !a.unknown
	}
	return a.key() < b.key()
}
