package render

import (
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// buildEdges turns the flows to draw into edges, in model order. Flows
// between the same two elements in the same direction, with the same
// protocol, port and protection, become one edge carrying all their data:
// a gateway sending a device commands and configuration over Zigbee is one
// line with one label, not two identical ones. Tooltips name every flow.
func buildEdges(m *model.Model, facts *engine.Facts, nodes map[string]*node, focus string) []*edge {
	var edges []*edge
	merged := make(map[edgeKey]*edge, len(m.Flows))
	firstWay := make(map[[2]string]bool, len(m.Flows)) // unordered pair → the first flow ran from the smaller id
	for i := range m.Flows {
		fl := &m.Flows[i]
		if nodes[fl.From] == nil || nodes[fl.To] == nil {
			continue
		}
		if focus != "" && fl.From != focus && fl.To != focus {
			continue
		}
		ff := &facts.Flows[i]
		human := ff.Medium == "human"
		e := &edge{id: fl.ID, from: fl.From, to: fl.To, protocol: fl.Protocol, port: fl.Port,
			encryption: ff.Encryption, bidirectional: fl.Bidirectional, human: human,
			unencrypted: ff.CrossesBoundary && !ff.Encrypted && !human, via: strings.Join(fl.Via, ", ")}
		key := edgeKey{e.from, e.to, e.protocol, e.encryption, e.via, e.port, e.bidirectional, e.human, e.unencrypted}
		if prev := merged[key]; prev != nil {
			e = prev
		} else {
			e.reversed = reversed(nodes[fl.From], nodes[fl.To], firstWay)
			merged[key] = e
			edges = append(edges, e)
		}
		e.ids = append(e.ids, fl.ID)
		e.names = append(e.names, nameOr(fl.Name, fl.ID))
		for _, d := range fl.Data {
			if !slices.Contains(e.data, d) {
				e.data = append(e.data, d)
			}
		}
	}
	return edges
}

// edgeKey is what flows must share to be drawn as one edge.
type edgeKey struct {
	from, to, protocol, encryption, via string
	port                                int
	bidirectional, human, unenc         bool
}

// reversed says whether a flow between a and b runs against the layout
// direction: from a later kind layer to an earlier one, or, within one
// layer, against the first flow seen between the same two elements.
func reversed(a, b *node, firstWay map[[2]string]bool) bool {
	la, lb := layerOf(a.kind), layerOf(b.kind)
	if la != lb {
		return la > lb
	}
	key, forward := [2]string{a.id, b.id}, a.id < b.id
	if !forward {
		key = [2]string{b.id, a.id}
	}
	first, seen := firstWay[key]
	if !seen {
		firstWay[key] = forward
		return false
	}
	return first != forward
}
