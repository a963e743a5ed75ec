package threatdragon

import "github.com/iotthreat/iotthreat/interchange/internal/geom"

// Threat Dragon boundaries are geometry. A trust boundary box holds the
// shapes whose centre lies inside it, the smallest such box when boxes
// overlap or nest; a box sits within the smallest larger box holding its
// centre. A trust boundary curve is a line: a flow crosses it when the
// flow's line (from its source's centre through its vertices to its
// target's centre) intersects the curve, drawn as straight segments
// through its vertices. Threat Dragon draws both lines smoothed, so a
// crossing near a bend can be missed or invented; these are the same
// approximations MANIFEST.md's counts use. The geometry itself is in
// package geom, shared with the Threat Modeling Tool importer; these are
// thin adapters to the types of this package's JSON.

type rect geom.Rect

func (r rect) centre() point { return point(geom.Rect(r).Centre()) }

func (r rect) area() float64 { return geom.Rect(r).Area() }

// rectOf is a cell's rectangle; a cell without position or size is a
// point at the origin.
func rectOf(c *cell) rect {
	var r rect
	if c.Position != nil {
		r.X, r.Y = c.Position.X, c.Position.Y
	}
	if c.Size != nil {
		r.W, r.H = c.Size.Width, c.Size.Height
	}
	return r
}

// innermost returns the index of the smallest box containing p, or -1
// (see geom.Innermost).
func innermost(boxes []rect, p point, skip int, larger float64) int {
	return geom.Innermost(boxes, geom.Point(p), skip, larger)
}

// polylinesCross reports whether two lines, each given by its points,
// cross anywhere.
func polylinesCross(p, q []point) bool {
	return geom.PolylinesCross(points(p), points(q))
}

func points(ps []point) []geom.Point {
	out := make([]geom.Point, len(ps))
	for i, p := range ps {
		out[i] = geom.Point(p)
	}
	return out
}
