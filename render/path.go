package render

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/paths"
)

// PathHighlight is an attack path to draw over the diagram: its elements
// and flows get a thick line in colorPath, and the legend names the path.
// Build one with HighlightPath.
type PathHighlight struct {
	// Label is what the legend says: the path id, its ends and its risk.
	Label string
	// Elements and Flows are the model ids the path passes through.
	Elements, Flows map[string]bool
}

// colorPath marks an attack path: a strong blue, apart from the severity
// reds and oranges and from the boundaries' purple.
const colorPath = "#1565c0"

// HighlightPath finds what an attack path passes through in the model:
// the elements its positions name (reach:E, control:E, unit:E, a
// third-party or insider entry, the target's element), the flows it gets
// on the way of (alter:F, read:F), and, for a step from one element to
// another (sending, operating, updating, a trusted sender, lateral
// movement), the flows between the two that carry it.
func HighlightPath(m *model.Model, p paths.Path) *PathHighlight {
	h := &PathHighlight{Elements: map[string]bool{}, Flows: map[string]bool{},
		Label: fmt.Sprintf("attack path %s: %s → %s (%s risk)", p.ID, p.Entry, p.Target, p.Risk)}
	elements := make(map[string]bool, len(m.Elements))
	for _, e := range m.Elements {
		elements[e.ID] = true
	}
	element := func(pos string) string {
		kind, id, _ := strings.Cut(pos, ":")
		switch kind {
		case "reach", "control", "unit", "third-party", "insider", "safety-action", "fleet-command",
			"update-service", "signing-key", "device-control":
			if elements[id] {
				return id
			}
		}
		return ""
	}
	for _, s := range p.Steps {
		for _, pos := range []string{s.From, s.To} {
			if e := element(pos); e != "" {
				h.Elements[e] = true
			}
			if kind, id, _ := strings.Cut(pos, ":"); kind == "alter" || kind == "read" {
				h.Flows[id] = true
			}
		}
		if a, b := element(s.From), element(s.To); a != "" && b != "" && a != b {
			for _, id := range flowsBetween(m, a, b) {
				h.Flows[id] = true
			}
		}
	}
	if e := element(p.Target); e != "" {
		h.Elements[e] = true
	}
	return h
}

// flowsBetween returns the flows that carry a step from element a to
// element b: those from a to b, else bidirectional ones from b to a (a
// server answering a device), else any between the two.
func flowsBetween(m *model.Model, a, b string) []string {
	var forward, answer, other []string
	for _, f := range m.Flows {
		switch {
		case f.From == a && f.To == b:
			forward = append(forward, f.ID)
		case f.From == b && f.To == a && f.Bidirectional:
			answer = append(answer, f.ID)
		case f.From == b && f.To == a:
			other = append(other, f.ID)
		}
	}
	switch {
	case len(forward) > 0:
		return forward
	case len(answer) > 0:
		return answer
	}
	return other
}

// markPath flags the drawn nodes and edges the path passes through. An
// edge drawing several flows is on the path when one of them is.
func (d *diagram) markPath(h *PathHighlight) {
	if h == nil {
		return
	}
	d.path = h
	for _, n := range d.nodes {
		n.onPath = h.Elements[n.id]
	}
	for _, e := range d.edges {
		for _, id := range e.ids {
			e.onPath = e.onPath || h.Flows[id]
		}
	}
}

// pathNodeAttrs draws an element on the path with a thick border in
// colorPath, keeping its fill (the severity of its worst open finding).
func pathNodeAttrs(attrs []string) []string {
	for i, a := range attrs {
		switch {
		case strings.HasPrefix(a, "color="):
			attrs[i] = "color=" + dotString(colorPath)
		case strings.HasPrefix(a, "penwidth="):
			attrs[i] = "penwidth=4"
		}
	}
	return attrs
}

// pathLineAttrs draws a flow on the path thick in colorPath; a flow that
// crosses a boundary unencrypted stays dashed, so that fact still shows.
func pathLineAttrs(e *edge) []string {
	attrs := []string{"color=" + dotString(colorPath), "penwidth=3.5"}
	if e.unencrypted {
		attrs = append(attrs, "style=dashed")
	}
	return attrs
}

// pathLegendCell is the legend's entry for the highlighted path.
func pathLegendCell(h *PathHighlight) string {
	return fmt.Sprintf(`<TD ALIGN="LEFT"><FONT COLOR=%q><B>——</B>&#160;%s</FONT></TD>`, colorPath, htmlText(h.Label))
}

// writeMermaidPath styles the path's elements and links in Mermaid: a
// style line per element (it overrides the severity class's border) and
// one linkStyle for the links.
func writeMermaidPath(p func(int, string, ...any), d *diagram, ids *mermaidIDs) {
	if d.path == nil {
		return
	}
	for _, n := range d.nodes {
		if n.onPath {
			p(1, "style %s stroke:%s,stroke-width:4px", ids.element(n.id), colorPath)
		}
	}
	var links []string
	for i, e := range d.edges {
		if e.onPath {
			links = append(links, fmt.Sprint(i))
		}
	}
	if len(links) > 0 {
		p(1, "linkStyle %s stroke:%s,stroke-width:4px", strings.Join(links, ","), colorPath)
	}
}
