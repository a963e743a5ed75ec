// Package geom is the plane geometry that importers of drawing-based
// formats share (Threat Dragon, the Microsoft Threat Modeling Tool): both
// draw trust boundaries as boxes that hold the shapes inside them and as
// lines that flows cross, with no membership written down, so membership
// and crossings must be computed from coordinates.
package geom

// Point is a position on a diagram, in the diagram's own units.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Rect is an axis-aligned rectangle: its top-left corner and its size.
type Rect struct{ X, Y, W, H float64 }

// Centre is the rectangle's centre: a shape belongs to the box that holds
// its centre, so a shape drawn across a box's edge goes where most of it is.
func (r Rect) Centre() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Contains reports whether p lies inside r or on its edge.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.X && p.X <= r.X+r.W && p.Y >= r.Y && p.Y <= r.Y+r.H
}

// Area is the rectangle's area, by which nested boxes are ordered.
func (r Rect) Area() float64 { return r.W * r.H }

// Innermost returns the index of the smallest box containing p, or -1. A
// box is never its own container: skip names the caller's own index (-1
// for none). When larger is not negative, only boxes of a greater area
// count, so that two boxes of one size cannot each hold the other and
// nesting has no cycle. The boxes may be of any type defined as a Rect,
// so that a caller's slice is used as it is, not copied on every call.
func Innermost[R ~struct{ X, Y, W, H float64 }](boxes []R, p Point, skip int, larger float64) int {
	best, bestArea := -1, 0.0
	for i := range boxes {
		b := Rect(boxes[i])
		if i == skip || !b.Contains(p) || (larger >= 0 && b.Area() <= larger) {
			continue
		}
		if best < 0 || b.Area() < bestArea {
			best, bestArea = i, b.Area()
		}
	}
	return best
}

// SegmentsCross reports whether segment ab properly crosses cd (touching
// at an end does not count).
func SegmentsCross(a, b, c, d Point) bool {
	o := func(p, q, r Point) float64 { return (q.X-p.X)*(r.Y-p.Y) - (q.Y-p.Y)*(r.X-p.X) }
	return o(a, b, c)*o(a, b, d) < 0 && o(c, d, a)*o(c, d, b) < 0
}

// PolylinesCross reports whether two lines, each given by its points,
// cross anywhere. It compares every segment of one with every segment of
// the other: callers bound len(p)*len(q).
func PolylinesCross(p, q []Point) bool {
	for i := 0; i+1 < len(p); i++ {
		for j := 0; j+1 < len(q); j++ {
			if SegmentsCross(p[i], p[i+1], q[j], q[j+1]) {
				return true
			}
		}
	}
	return false
}

// SegmentsMeet reports whether segments ab and cd have a point in common,
// touching included.
func SegmentsMeet(a, b, c, d Point) bool {
	o := func(p, q, r Point) float64 { return (q.X-p.X)*(r.Y-p.Y) - (q.Y-p.Y)*(r.X-p.X) }
	on := func(p, q, r Point) bool { // r, collinear with pq, lies between them
		return min(p.X, q.X) <= r.X && r.X <= max(p.X, q.X) && min(p.Y, q.Y) <= r.Y && r.Y <= max(p.Y, q.Y)
	}
	d1, d2, d3, d4 := o(a, b, c), o(a, b, d), o(c, d, a), o(c, d, b)
	switch {
	case d1*d2 < 0 && d3*d4 < 0:
		return true
	case d1 == 0 && on(a, b, c), d2 == 0 && on(a, b, d), d3 == 0 && on(c, d, a), d4 == 0 && on(c, d, b):
		return true
	}
	return false
}

// PolylinesMeet reports whether two lines, each given by its points, have
// a point in common. Unlike PolylinesCross it counts a line that passes
// exactly through a vertex of the other, which is common when both are
// curves sampled at round coordinates; callers bound len(p)*len(q).
func PolylinesMeet(p, q []Point) bool {
	for i := 0; i+1 < len(p); i++ {
		for j := 0; j+1 < len(q); j++ {
			if SegmentsMeet(p[i], p[i+1], q[j], q[j+1]) {
				return true
			}
		}
	}
	return false
}
