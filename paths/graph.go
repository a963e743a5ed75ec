package paths

import "github.com/iotthreat/iotthreat/engine"

// A node is a position an attacker can hold. Its id says which:
//
//	internet, radio:ble, physical, local:B,   an entry point
//	third-party:E, insider:E
//	reach:E     can send traffic to element E
//	control:E   controls E (runs code on it, or acts with its authority)
//	unit:E      controls one unit of E (a device opened on the bench)
//	alter:F     can read, alter and inject into flow F
//	read:F      can read flow F
//
// Ids are the JSON contract's "from" and "to" values: they name model ids
// only, so they are stable across unrelated edits.
type node struct {
	id      string
	edges   []edge
	targets []int // indexes into graph.targets reached by holding this node
}

// edge is one step: from the node holding it to node to, for the reason
// the justification gives.
type edge struct {
	to  int32
	why *justification
}

// justification is what allows a step: a finding or a model fact, never
// both.
type justification struct {
	finding *engine.Finding // nil for a fact
	// alternatives are the other findings that allow the same step (say
	// three flaws each let the internet take over one API): the step is
	// shown once, with the most likely finding, and is cut only when all
	// of them are.
	alternatives []*engine.Finding
	fact         string // fact name, when finding is nil
	reason       string
	location     string
	likelihood   int  // the finding's likelihood rank; noLikelihood for a fact
	unknown      bool // the finding exists because the model leaves a fact unstated
	sortKey      string
}

// key identifies a justification for sorting and for path ids.
func (j *justification) key() string {
	if j.sortKey == "" {
		if j.finding != nil {
			j.sortKey = j.finding.ID + "|" + j.reason
		} else {
			j.sortKey = j.fact + "|" + j.reason
		}
	}
	return j.sortKey
}

// noLikelihood marks a fact step: it does not weaken the path.
const noLikelihood = 4

// graph is the attack graph of one analysis.
type graph struct {
	nodes   []node
	index   map[string]int
	targets []Target
	entries []Entry
}

func newGraph() *graph { return &graph{index: map[string]int{}} }

// node returns the index of the node with id, adding it when new. Callers
// add nodes in an order that depends only on model ids (never on YAML
// order), so indexes, and with them the search's tie-breaking, are
// deterministic.
func (g *graph) node(id string) int {
	if i, ok := g.index[id]; ok {
		return i
	}
	g.nodes = append(g.nodes, node{id: id})
	g.index[id] = len(g.nodes) - 1
	return len(g.nodes) - 1
}

// step adds an edge from one node id to another.
func (g *graph) step(from, to string, why *justification) {
	f, t := g.node(from), g.node(to)
	if f == t {
		return
	}
	g.nodes[f].edges = append(g.nodes[f].edges, edge{to: int32(t), why: why})
}
