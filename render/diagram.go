package render

import (
	"sort"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// diagram is what every output format draws: the selected elements,
// flows and boundaries with everything decided about their look.
type diagram struct {
	title     string
	direction string         // TB or LR
	findings  bool           // elements are coloured by finding severity
	compact   bool           // more than MaxLabelledFlows flows: DOT leaves them unlabelled
	top       *cluster       // the outermost level: top-level boundaries and unplaced elements
	nodes     []*node        // every drawn element, in model order
	edges     []*edge        // every drawn flow, in model order
	bySev     []sevStat      // legend: how many drawn elements have each severity
	crossing  int            // number of unencrypted boundary-crossing flows drawn
	path      *PathHighlight // an attack path drawn highlighted, or nil
}

// cluster is a trust boundary (or, for diagram.top, the outside).
type cluster struct {
	id, name, kind string
	depth          int
	children       []*cluster
	nodes          []*node
	edges          []*edge // flows whose ends both lie inside, and in no inner cluster
}

// node is an element.
type node struct {
	id, name, kind, description string
	severity                    string   // a severity, sevNone or sevPlain
	open                        int      // open and in-progress findings
	findings                    []string // the first maxTooltipFindings of them, worst first
	focus                       bool
	onPath                      bool // on the highlighted attack path
}

// edge is a flow, or several flows between the same two elements in the
// same direction with the same protocol and protection (see buildEdges).
type edge struct {
	id                             string   // the first flow's id
	ids, names                     []string // every flow's id and name
	from, to, protocol, encryption string
	port                           int
	data                           []string // the data of all its flows, each once
	bidirectional                  bool
	human                          bool   // a person's interaction: encryption does not apply
	unencrypted                    bool   // crosses a boundary without encryption
	reversed                       bool   // laid out from to towards from (see kindLayers)
	via                            string // the boundaries the flows travel through, comma-separated, or ""
	onPath                         bool   // one of its flows is on the highlighted attack path
}

// sevStat counts the elements drawn with one severity.
type sevStat struct {
	severity string
	elements int
}

// maxTooltipFindings bounds the findings listed in an element's tooltip.
const maxTooltipFindings = 8

// build selects and styles what to draw. It fails only on options that
// do not apply to the model (see CheckOptions).
func build(l *model.Loaded, rep *engine.Report, opts Options) (*diagram, error) {
	if err := checkDirection(opts.Direction); err != nil {
		return nil, err
	}
	m := l.Model
	keep, err := selectElements(m, opts.Focus)
	if err != nil {
		return nil, err
	}
	d := &diagram{title: opts.Title, findings: rep != nil && !opts.Plain, direction: opts.Direction}
	if d.title == "" {
		d.title = m.System.Name
	}
	nodes := d.buildNodes(m, keep, rep, opts.Focus)
	facts := opts.Facts
	if facts == nil {
		facts = engine.Derive(l)
	}
	d.edges = buildEdges(m, facts, nodes, opts.Focus)
	for _, e := range d.edges {
		if e.unencrypted {
			d.crossing += len(e.ids)
		}
	}
	d.markPath(opts.Path)
	d.top = nest(m, d.nodes, d.edges)
	d.compact = len(d.edges) > MaxLabelledFlows
	if d.direction == "" {
		d.direction = chooseDirection(d.nodes)
	}
	if d.findings {
		for _, s := range severities {
			st := sevStat{severity: s}
			for _, n := range d.nodes {
				if n.severity == s {
					st.elements++
				}
			}
			d.bySev = append(d.bySev, st)
		}
	}
	return d, nil
}

// buildNodes adds the elements to draw (all when keep is nil), each with
// its worst open finding when the diagram shows findings.
func (d *diagram) buildNodes(m *model.Model, keep map[string]bool, rep *engine.Report, focus string) map[string]*node {
	open := openFindings(rep)
	// Sized for all elements: grown one by one, at 100,000 elements,
	// rehashing was a tenth of drawing.
	nodes := make(map[string]*node, len(m.Elements))
	for i := range m.Elements {
		e := &m.Elements[i]
		if keep != nil && !keep[e.ID] {
			continue
		}
		n := &node{id: e.ID, name: nameOr(e.Name, e.ID), kind: e.Kind, description: e.Description,
			severity: sevPlain, focus: e.ID == focus}
		if d.findings {
			n.severity = sevNone
			for _, f := range open[e.ID] {
				n.open++
				if severityRank(f.Severity) > severityRank(n.severity) {
					n.severity = f.Severity
				}
				if len(n.findings) < maxTooltipFindings {
					n.findings = append(n.findings, f.Severity+" "+f.ID+": "+f.Title)
				}
			}
		}
		nodes[e.ID] = n
		d.nodes = append(d.nodes, n)
	}
	return nodes
}

// chooseDirection lays out top to bottom unless a kind layer is too
// broad to sit side by side.
func chooseDirection(nodes []*node) string {
	perLayer := map[int]int{}
	for _, n := range nodes {
		perLayer[layerOf(n.kind)]++
		if perLayer[layerOf(n.kind)] > MaxLayerTB {
			return "LR"
		}
	}
	return "TB"
}

// selectElements returns the ids to draw for a focus (the element and
// every element it has a flow with), or nil for all.
func selectElements(m *model.Model, focus string) (map[string]bool, error) {
	if focus == "" {
		return nil, nil
	}
	ids := make([]string, 0, len(m.Elements))
	found := false
	for _, e := range m.Elements {
		ids = append(ids, e.ID)
		found = found || e.ID == focus
	}
	if !found {
		sort.Strings(ids)
		return nil, &FocusError{ID: focus, Hint: diag.DidYouMean(focus, ids)}
	}
	keep := map[string]bool{focus: true}
	for _, fl := range m.Flows {
		switch focus {
		case fl.From:
			keep[fl.To] = true
		case fl.To:
			keep[fl.From] = true
		}
	}
	return keep, nil
}

// openFindings groups the open and in-progress findings on elements by
// element id, each group sorted by severity (worst first), then id. The
// groups point into the report: a Finding is large, and copying them all
// was most of what drawing a large model allocated.
func openFindings(rep *engine.Report) map[string][]*engine.Finding {
	if rep == nil {
		return map[string][]*engine.Finding{}
	}
	out := make(map[string][]*engine.Finding, len(rep.Findings)/8)
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Target.Type != "element" || (f.Status != "open" && f.Status != "in-progress") {
			continue
		}
		out[f.Target.ID] = append(out[f.Target.ID], f)
	}
	for _, fs := range out {
		sort.Slice(fs, func(i, j int) bool {
			ri, rj := severityRank(fs[i].Severity), severityRank(fs[j].Severity)
			if ri != rj {
				return ri > rj
			}
			return fs[i].ID < fs[j].ID
		})
	}
	return out
}

// nest builds the boundary tree holding the drawn nodes. Boundaries with
// nothing drawn inside are left out: Graphviz cannot draw an empty
// cluster, and an empty box says nothing about the flows.
func nest(m *model.Model, nodes []*node, edges []*edge) *cluster {
	top := &cluster{depth: -1}
	clusters := map[string]*cluster{}
	for i := range m.Boundaries {
		b := &m.Boundaries[i]
		clusters[b.ID] = &cluster{id: b.ID, name: nameOr(b.Name, b.ID), kind: b.Kind}
	}
	within := make(map[string]string, len(m.Boundaries))
	for _, b := range m.Boundaries {
		within[b.ID] = b.Within
	}
	used := map[string]bool{}
	elementBoundary := make(map[string]string, len(m.Elements))
	for _, e := range m.Elements {
		elementBoundary[e.ID] = e.Boundary
	}
	for _, n := range nodes {
		c := clusters[elementBoundary[n.id]]
		if c == nil {
			top.nodes = append(top.nodes, n)
			continue
		}
		c.nodes = append(c.nodes, n)
		// Mark the boundary and its ancestors; validation guarantees no
		// cycles, and the used check keeps a bad model from looping.
		for id := elementBoundary[n.id]; id != "" && !used[id]; id = within[id] {
			used[id] = true
		}
	}
	for i := range m.Boundaries {
		b := &m.Boundaries[i]
		if !used[b.ID] {
			continue
		}
		parent := top
		if p := clusters[b.Within]; p != nil && b.Within != b.ID {
			parent = p
		}
		parent.children = append(parent.children, clusters[b.ID])
	}
	setDepth(top, -1)
	for _, e := range edges {
		c := clusters[commonBoundary(elementBoundary[e.from], elementBoundary[e.to], within)]
		if c == nil {
			c = top
		}
		c.edges = append(c.edges, e)
	}
	return top
}

// commonBoundary is the innermost boundary holding both a and b (boundary
// ids), or "" when none does.
func commonBoundary(a, b string, within map[string]string) string {
	inA := map[string]bool{}
	for id := a; id != "" && !inA[id]; id = within[id] {
		inA[id] = true
	}
	seen := map[string]bool{}
	for id := b; id != "" && !seen[id]; id = within[id] {
		if inA[id] {
			return id
		}
		seen[id] = true
	}
	return ""
}

func setDepth(c *cluster, depth int) {
	c.depth = depth
	for _, ch := range c.children {
		setDepth(ch, depth+1)
	}
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
