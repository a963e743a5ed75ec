package drawio

import (
	"math"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/render"
)

// Sizes of the grid layout and of boundaries the Graphviz layout leaves
// out, in draw.io units (pixels, the same as Graphviz's points here).
const (
	gridW, gridH   = 150.0, 60.0 // an element
	gridGap        = 24.0        // between items and around them
	gridHeader     = 28.0        // room for a boundary's name
	emptyW, emptyH = 170.0, 44.0 // an empty boundary
)

// place lays the model out: the diagram command's Graphviz layout when
// it can (graphviz is true), else a grid per boundary for a model too
// large for Graphviz. Every element and boundary gets a box in absolute
// coordinates.
func place(l *model.Loaded) (pos *render.Positions, graphviz bool) {
	pos, err := render.Layout(l, nil, render.Options{Plain: true})
	if err != nil {
		return gridLayout(l.Model), false
	}
	placeEmpty(l.Model, pos)
	return pos, true
}

// placeEmpty gives a box to each boundary the Graphviz layout did not draw
// (it draws a boundary only around what is inside): at the bottom of its
// parent, which grows to hold it, or below the drawing for a top-level
// one. Parents come first, so an empty boundary inside an empty one
// finds its parent placed.
func placeEmpty(m *model.Model, pos *render.Positions) {
	parent := map[string]string{}
	for _, b := range m.Boundaries {
		parent[b.ID] = b.Within
	}
	nextTop := 0.0
	for _, id := range boundaryOrder(m) {
		if _, ok := pos.Boundaries[id]; ok {
			continue
		}
		p, ok := pos.Boundaries[parent[id]]
		if !ok { // top level
			box := render.Box{X: nextTop, Y: pos.Height + gridGap, W: emptyW, H: emptyH}
			nextTop += emptyW + gridGap
			pos.Boundaries[id] = box
			pos.Width = math.Max(pos.Width, box.X+box.W)
			pos.Height = math.Max(pos.Height, box.Y+box.H)
			continue
		}
		box := render.Box{X: p.X + gridGap/2, Y: p.Y + p.H, W: emptyW, H: emptyH}
		pos.Boundaries[id] = box
		// Grow the parent and every boundary around it to hold the box.
		for anc := parent[id]; anc != ""; anc = parent[anc] {
			a, ok := pos.Boundaries[anc]
			if !ok {
				break
			}
			a.H = math.Max(a.H, box.Y+box.H+gridGap/2-a.Y)
			a.W = math.Max(a.W, box.X+box.W+gridGap/2-a.X)
			pos.Boundaries[anc] = a
			box = a
		}
		pos.Width = math.Max(pos.Width, box.X+box.W)
		pos.Height = math.Max(pos.Height, box.Y+box.H)
	}
}

// boundaryOrder lists the boundary ids parents first, otherwise in model
// order: the order draw.io needs containers in (before what they hold).
// A boundary in a cycle or under an unknown parent (which a valid model
// has not) comes last, in model order.
func boundaryOrder(m *model.Model) []string {
	known := map[string]bool{}
	for _, b := range m.Boundaries {
		known[b.ID] = true
	}
	done := map[string]bool{}
	var out []string
	for progress := true; progress; {
		progress = false
		for _, b := range m.Boundaries {
			if done[b.ID] || (b.Within != "" && known[b.Within] && !done[b.Within]) {
				continue
			}
			done[b.ID] = true
			out = append(out, b.ID)
			progress = true
		}
	}
	for _, b := range m.Boundaries {
		if !done[b.ID] {
			done[b.ID] = true
			out = append(out, b.ID)
		}
	}
	return out
}

// gridLayout places each boundary's elements and inner boundaries in
// rows of about the square root of their number, boundaries first. It is
// the layout for models too large for Graphviz: readable, deterministic
// and linear in the model's size. Flows get no routes: draw.io draws them
// straight.
func gridLayout(m *model.Model) *render.Positions {
	g := &grid{pos: &render.Positions{Elements: map[string]render.Box{}, Boundaries: map[string]render.Box{},
		Flows: map[string]render.Route{}}, inner: map[string][]string{}, elems: map[string][]string{}}
	for _, b := range m.Boundaries {
		g.inner[b.Within] = append(g.inner[b.Within], b.ID)
	}
	for _, e := range m.Elements {
		g.elems[e.Boundary] = append(g.elems[e.Boundary], e.ID)
	}
	w, h := g.fill("", 0, 0, 0)
	g.pos.Width, g.pos.Height = w, h
	return g.pos
}

type grid struct {
	pos   *render.Positions
	inner map[string][]string // boundary ids by parent ("" for top level)
	elems map[string][]string // element ids by boundary
}

// fill places what boundary id holds from (x, y) on and returns the size
// it took. depth stops a cycle (which a valid model has not) from
// recursing without end.
func (g *grid) fill(id string, x, y float64, depth int) (w, h float64) {
	items := len(g.inner[id]) + len(g.elems[id])
	perRow := max(1, int(math.Ceil(math.Sqrt(float64(items)))))
	cx, cy, rowH, n := x+gridGap, y+gridGap, 0.0, 0
	next := func(iw, ih float64) {
		cx += iw + gridGap
		rowH = math.Max(rowH, ih)
		w = math.Max(w, cx-x)
		if n++; n%perRow == 0 {
			cx, cy, rowH = x+gridGap, cy+rowH+gridGap, 0
		}
	}
	if depth <= len(g.inner) {
		for _, b := range g.inner[id] {
			bw, bh := g.fill(b, cx, cy+gridHeader, depth+1)
			bw, bh = math.Max(bw, emptyW), bh+gridHeader
			g.pos.Boundaries[b] = render.Box{X: cx, Y: cy, W: bw, H: bh}
			next(bw, bh)
		}
	}
	for _, e := range g.elems[id] {
		g.pos.Elements[e] = render.Box{X: cx, Y: cy, W: gridW, H: gridH}
		next(gridW, gridH)
	}
	return math.Max(w, gridGap), cy + rowH + gridGap - y
}
