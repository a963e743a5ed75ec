package drawio

import (
	"math"

	"github.com/iotthreat/iotthreat/render"
)

// waypoints turns a Graphviz route (cubic Bézier control points: a start,
// then three per segment) into draw.io waypoints: each segment's middle
// and the joins between segments, all on the curve. With curved=1
// draw.io draws a smooth line through them, close to Graphviz's own. at
// is where the label goes along the line, as draw.io measures it (-1 at
// the source, 0 halfway, 1 at the target): at the point of the route
// nearest Graphviz's label position.
func waypoints(r render.Route) (way []render.Point, at float64) {
	pts := r.Points
	line := []render.Point{pts[0]}
	for i := 0; i+3 < len(pts); i += 3 {
		line = append(line, bezier(pts[i], pts[i+1], pts[i+2], pts[i+3], 0.5), pts[i+3])
	}
	// The ends touch the shapes; draw.io finds those itself.
	way = line[1 : len(line)-1]
	total, best, bestDist, walked := 0.0, 0.0, math.Inf(1), 0.0
	for i := 1; i < len(line); i++ {
		total += dist(line[i-1], line[i])
	}
	for i, p := range line {
		if i > 0 {
			walked += dist(line[i-1], p)
		}
		if d := dist(p, r.Label); d < bestDist {
			best, bestDist = walked, d
		}
	}
	if total > 0 {
		at = 2*best/total - 1
	}
	return way, at
}

func bezier(p0, p1, p2, p3 render.Point, t float64) render.Point {
	u := 1 - t
	a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return render.Point{X: a*p0.X + b*p1.X + c*p2.X + d*p3.X, Y: a*p0.Y + b*p1.Y + c*p2.Y + d*p3.Y}
}

func dist(p, q render.Point) float64 { return math.Hypot(p.X-q.X, p.Y-q.Y) }
