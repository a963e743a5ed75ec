package render

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-graphviz"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Positions is where the diagram puts each element, boundary and flow, so
// that exporters to other drawing tools (Threat Dragon, draw.io) write a
// picture laid out like iotthreat's own diagrams instead of a heap of
// shapes at the origin. Units are points (1/72 inch); the origin is the
// top-left corner of the drawing and y grows downwards, as in SVG and in
// those tools.
type Positions struct {
	// Width and Height are the size of the whole drawing, legend included.
	Width, Height float64
	// Elements are the elements' shapes, by element id.
	Elements map[string]Box
	// Boundaries are the boxes drawn around boundaries, by boundary id.
	// A boundary with nothing drawn inside has none (see nest).
	Boundaries map[string]Box
	// Flows are the flows' lines, by flow id. Flows drawn as one line (same
	// ends, direction, protocol and protection) share a route.
	Flows map[string]Route
}

// Box is a rectangle: its top-left corner and its size, in points.
type Box struct {
	X, Y, W, H float64
}

// Center is the middle of the box.
func (b Box) Center() Point { return Point{b.X + b.W/2, b.Y + b.H/2} }

// Contains reports whether p lies inside the box or on its edge.
func (b Box) Contains(p Point) bool {
	return p.X >= b.X && p.X <= b.X+b.W && p.Y >= b.Y && p.Y <= b.Y+b.H
}

// Point is a position in points.
type Point struct {
	X, Y float64
}

// Route is a flow's line from its source element to its destination, in
// the model's direction even where the layout drew it the other way.
type Route struct {
	// Points are the line's cubic Bézier control points as Graphviz
	// computed them (start, then three per segment). A labelled flow is
	// drawn as two lines meeting at its label: the source's half, then
	// the destination's, so the first and last points touch the shapes.
	Points []Point
	// Label is the centre of the flow's label (on the line); for a compact
	// diagram, whose flows have no label, the middle control point.
	Label Point
}

// Layout lays the diagram out with the same Graphviz DOT the SVG and PNG
// diagrams use and returns where everything went. The model must be
// valid; rep may be nil. Like SVG it refuses a diagram too large to lay
// out (a *LayoutTooLargeError).
func Layout(l *model.Loaded, rep *engine.Report, opts Options) (*Positions, error) {
	d, dot, err := layoutDOT(l, rep, opts)
	if err != nil {
		return nil, err
	}
	out, err := layoutJSON(dot)
	if err != nil {
		return nil, err
	}
	return positionsFrom(d, out)
}

// layoutJSON runs Graphviz and returns its "json0" output: the laid-out
// graph with positions but without drawing operations.
func layoutJSON(dot []byte) ([]byte, error) { return runGraphviz(dot, graphviz.Format("json0")) }

// gvGraph is the part of Graphviz's json0 output Layout reads. Clusters
// and nodes are both "objects"; clusters have a bb, nodes a pos.
type gvGraph struct {
	BB      string     `json:"bb"`
	Objects []gvObject `json:"objects"`
	Edges   []gvEdge   `json:"edges"`
}

type gvObject struct {
	Name   string `json:"name"`
	ID     string `json:"id"`
	BB     string `json:"bb"`
	Pos    string `json:"pos"`
	Width  string `json:"width"`
	Height string `json:"height"`
}

type gvEdge struct {
	ID  string `json:"id"`
	Pos string `json:"pos"`
}

// positionsFrom reads Graphviz's output back into the diagram's terms.
func positionsFrom(d *diagram, out []byte) (*Positions, error) {
	var g gvGraph
	if err := json.Unmarshal(out, &g); err != nil {
		return nil, fmt.Errorf("graphviz layout: %w", err)
	}
	bb, err := parseFloats(g.BB, 4)
	if err != nil {
		return nil, fmt.Errorf("graphviz layout: graph bb: %w", err)
	}
	p := &Positions{Width: bb[2] - bb[0], Height: bb[3] - bb[1],
		Elements: map[string]Box{}, Boundaries: map[string]Box{}, Flows: map[string]Route{}}
	// Graphviz's y axis points up from the bottom of the drawing.
	flip := func(x, y float64) Point { return Point{x - bb[0], bb[3] - y} }
	labels := map[string]Point{}
	for _, o := range g.Objects {
		switch {
		case strings.HasPrefix(o.ID, "boundary-") && o.BB != "":
			v, err := parseFloats(o.BB, 4)
			if err != nil {
				return nil, fmt.Errorf("graphviz layout: %s bb: %w", o.Name, err)
			}
			tl := flip(v[0], v[3])
			p.Boundaries[strings.TrimPrefix(o.ID, "boundary-")] = Box{X: tl.X, Y: tl.Y, W: v[2] - v[0], H: v[3] - v[1]}
		case o.Pos != "":
			c, err := parseFloats(o.Pos, 2)
			if err != nil {
				return nil, fmt.Errorf("graphviz layout: %s pos: %w", o.Name, err)
			}
			w, errW := strconv.ParseFloat(o.Width, 64)
			h, errH := strconv.ParseFloat(o.Height, 64)
			if errW != nil || errH != nil {
				return nil, fmt.Errorf("graphviz layout: %s has no size", o.Name)
			}
			w, h = w*72, h*72 // inches
			centre := flip(c[0], c[1])
			switch {
			case strings.HasPrefix(o.ID, "element-"):
				p.Elements[strings.TrimPrefix(o.ID, "element-")] = Box{X: centre.X - w/2, Y: centre.Y - h/2, W: w, H: h}
			case strings.HasPrefix(o.ID, "flow-"):
				labels[strings.TrimPrefix(o.ID, "flow-")] = centre
			}
		}
	}
	splines := map[string][]Point{}
	for _, e := range g.Edges {
		pts, err := splinePoints(e.Pos, flip)
		if err != nil {
			return nil, fmt.Errorf("graphviz layout: edge %s: %w", e.ID, err)
		}
		splines[e.ID] = pts
	}
	for _, e := range d.edges {
		r := routeOf(e, splines, labels, d.compact)
		for _, id := range e.ids {
			p.Flows[id] = r
		}
	}
	return p, nil
}

// routeOf joins the DOT edges that draw e into one route from e's source
// to its destination.
func routeOf(e *edge, splines map[string][]Point, labels map[string]Point, compact bool) Route {
	var pts []Point
	if compact {
		pts = append(pts, splines["flow-"+e.id]...)
	} else {
		first, second := splines["flow-"+e.id+"-from"], splines["flow-"+e.id+"-to"]
		if e.reversed {
			// Drawn destination → label → source: each half runs backwards.
			first, second = backwards(first), backwards(second)
		}
		pts = append(append(pts, first...), second...)
	}
	r := Route{Points: pts}
	if l, ok := labels[e.id]; ok && !compact {
		r.Label = l
	} else if len(pts) > 0 {
		r.Label = pts[len(pts)/2]
	}
	return r
}

func backwards(pts []Point) []Point {
	out := make([]Point, len(pts))
	for i, p := range pts {
		out[len(pts)-1-i] = p
	}
	return out
}

// splinePoints reads an edge's pos: optional "s,x,y" and "e,x,y" arrow
// ends, then the Bézier control points. The arrow ends are where the line
// touches the shapes, so they replace the first and last control points.
func splinePoints(pos string, flip func(x, y float64) Point) ([]Point, error) {
	// Several splines are separated by ";" (only for concentrate=true,
	// which the diagrams do not use); the first is kept.
	pos, _, _ = strings.Cut(pos, ";")
	var pts []Point
	var start, end *Point
	for _, f := range strings.Fields(pos) {
		kind := ""
		if strings.HasPrefix(f, "s,") || strings.HasPrefix(f, "e,") {
			kind, f = f[:1], f[2:]
		}
		v, err := parseFloats(f, 2)
		if err != nil {
			return nil, err
		}
		pt := flip(v[0], v[1])
		switch kind {
		case "s":
			start = &pt
		case "e":
			end = &pt
		default:
			pts = append(pts, pt)
		}
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("no points in %q", pos)
	}
	if start != nil {
		pts[0] = *start
	}
	if end != nil {
		pts[len(pts)-1] = *end
	}
	return pts, nil
}

// parseFloats reads n comma-separated numbers.
func parseFloats(s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("want %d numbers in %q", n, s)
	}
	out := make([]float64, n)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
