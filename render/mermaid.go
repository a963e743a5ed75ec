package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Mermaid writes the diagram as a Mermaid flowchart, which GitHub renders
// in Markdown (```mermaid blocks) and in .mmd files: boundaries become
// nested subgraphs, kinds become node shapes, severities classDef colours,
// and unencrypted boundary crossings dotted red links. Mermaid limits a
// diagram to 500 links by default; use Options.Focus for larger models.
// The model must be valid; rep may be nil (a plain diagram).
func Mermaid(w io.Writer, l *model.Loaded, rep *engine.Report, opts Options) error {
	d, err := build(l, rep, opts)
	if err != nil {
		return err
	}
	return writeMermaid(w, d)
}

// mermaidMaxEdges is Mermaid's default maxEdges setting.
const mermaidMaxEdges = 500

func writeMermaid(w io.Writer, d *diagram) error {
	b := bufio.NewWriter(w)
	p := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(b, format, args...)
		b.WriteByte('\n')
	}
	// A JSON string is a YAML double-quoted string: the front matter's
	// title is safe whatever the system name holds.
	var title bytes.Buffer
	enc := json.NewEncoder(&title)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(clean(d.title)); err != nil {
		return err
	}
	p(0, "---")
	p(0, "title: %s", bytes.TrimSpace(title.Bytes()))
	p(0, "---")
	p(0, "flowchart %s", d.direction)
	if len(d.edges) > mermaidMaxEdges {
		p(1, "%%%% %d links: more than Mermaid's default limit of %d, so GitHub will not render this;", len(d.edges), mermaidMaxEdges)
		p(1, "%%%% focus on one element (iotthreat diagram --focus), or use SVG")
	}
	ids := newMermaidIDs()
	writeMermaidCluster(p, d.top, ids, 1)
	var unencrypted, human []string
	for i, e := range d.edges {
		arrow := "-->"
		if e.unencrypted {
			arrow = "-.->"
			unencrypted = append(unencrypted, strconv.Itoa(i))
		} else if e.human {
			human = append(human, strconv.Itoa(i))
		}
		if e.bidirectional {
			arrow = "<" + arrow
		}
		p(1, `%s %s|"%s"| %s`, ids.element(e.from), arrow, mermaidEdgeLabel(e), ids.element(e.to))
	}
	writeMermaidStyles(p, d, ids, unencrypted, human)
	return b.Flush()
}

func writeMermaidCluster(p func(int, string, ...any), c *cluster, ids *mermaidIDs, indent int) {
	for _, n := range c.nodes {
		shape := styleOf(n.kind).mermaid
		p(indent, `%s%s"%s"%s`, ids.element(n.id), shape[0], mermaidNodeLabel(n), shape[1])
	}
	for _, ch := range c.children {
		p(indent, `subgraph %s["%s"]`, ids.boundary(ch.id), mermaidText(ch.name)+" · "+mermaidText(ch.kind))
		writeMermaidCluster(p, ch, ids, indent+1)
		p(indent, "end")
	}
}

func mermaidNodeLabel(n *node) string {
	s := "<b>" + mermaidText(n.name) + "</b><br>" + mermaidText(n.kind)
	if n.open > 0 {
		s += "<br>" + openCount(n.open) + ", worst " + n.severity
	}
	return s
}

func mermaidEdgeLabel(e *edge) string {
	lines := labelLines(e)
	for i := range lines {
		lines[i] = mermaidText(lines[i])
	}
	lines[0] = "<b>" + mermaidText(e.protocol) + "</b>" + lines[0]
	return strings.Join(lines, "<br>")
}

// writeMermaidStyles writes the colours: boundaries, severities (with a
// legend), and the links to mark.
func writeMermaidStyles(p func(int, string, ...any), d *diagram, ids *mermaidIDs, unencrypted, human []string) {
	var walk func(c *cluster)
	walk = func(c *cluster) {
		for _, ch := range c.children {
			p(1, "style %s fill:%s,stroke:%s,stroke-dasharray:5 3", ids.boundary(ch.id), boundaryFill(ch.depth), colorBoundary)
			walk(ch)
		}
	}
	walk(d.top)
	bySeverity := map[string][]string{}
	for _, n := range d.nodes {
		bySeverity[n.severity] = append(bySeverity[n.severity], ids.element(n.id))
	}
	for _, s := range append(append([]string{}, severities...), sevPlain) {
		if len(bySeverity[s]) == 0 && (!d.findings || s == sevPlain) {
			continue
		}
		pal := palettes[s]
		p(1, "classDef sev_%s fill:%s,stroke:%s,color:#000", s, pal.fill, pal.border)
		if len(bySeverity[s]) > 0 {
			p(1, "class %s sev_%s", strings.Join(bySeverity[s], ","), s)
		}
	}
	if d.findings || len(unencrypted) > 0 || d.path != nil {
		writeMermaidLegend(p, d, len(unencrypted))
	}
	if len(unencrypted) > 0 {
		p(1, "linkStyle %s stroke:%s,stroke-width:2px,color:%s", strings.Join(unencrypted, ","), colorUnencrypted, colorUnencrypted)
	}
	if len(human) > 0 {
		p(1, "linkStyle %s stroke:#90a4ae", strings.Join(human, ","))
	}
	writeMermaidPath(p, d, ids)
}

// writeMermaidLegend draws the legend as a subgraph of labelled boxes.
func writeMermaidLegend(p func(int, string, ...any), d *diagram, unencrypted int) {
	p(1, `subgraph legend["Legend"]`)
	if d.findings {
		for _, s := range d.bySev {
			p(2, `legend_%s["worst open finding: %s (%d)"]:::sev_%s`, s.severity, s.severity, s.elements, s.severity)
		}
	}
	if d.path != nil {
		p(2, `legend_path["%s"]`, mermaidText("—— "+d.path.Label))
	}
	if unencrypted > 0 {
		p(2, `legend_unencrypted["dotted red flow: boundary crossed without encryption (%d)"]`, unencrypted)
		p(1, "end")
		p(1, "style legend_unencrypted fill:#fff,stroke:%s,color:%s,stroke-dasharray:4 3", colorUnencrypted, colorUnencrypted)
	} else {
		p(1, "end")
	}
	if d.path != nil {
		p(1, "style legend_path fill:#fff,stroke:%s,stroke-width:3px,color:%s", colorPath, colorPath)
	}
	p(1, "style legend fill:#fff,stroke:#b0bec5")
}

// mermaidIDs gives model ids Mermaid-safe node ids: letters, digits and
// underscores, prefixed so that no id is a Mermaid keyword (end, graph,
// …), unique even when two model ids differ only in punctuation.
type mermaidIDs struct {
	byKey map[string]string
	used  map[string]bool
}

func newMermaidIDs() *mermaidIDs {
	return &mermaidIDs{byKey: map[string]string{}, used: map[string]bool{}}
}

func (m *mermaidIDs) element(id string) string  { return m.get("e_", id) }
func (m *mermaidIDs) boundary(id string) string { return m.get("b_", id) }

func (m *mermaidIDs) get(prefix, id string) string {
	key := prefix + id
	if s, ok := m.byKey[key]; ok {
		return s
	}
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range id {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	for n := 2; m.used[s]; n++ {
		s = b.String() + "_" + strconv.Itoa(n)
	}
	m.used[s] = true
	m.byKey[key] = s
	return s
}
