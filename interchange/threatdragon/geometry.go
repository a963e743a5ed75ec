package threatdragon

// Threat Dragon boundaries are geometry. A trust boundary box holds the
// shapes whose centre lies inside it, the smallest such box when boxes
// overlap or nest; a box sits within the smallest larger box holding its
// centre. A trust boundary curve is a line: a flow crosses it when the
// flow's line (from its source's centre through its vertices to its
// target's centre) intersects the curve, drawn as straight segments
// through its vertices. Threat Dragon draws both lines smoothed, so a
// crossing near a bend can be missed or invented; these are the same
// approximations MANIFEST.md's counts use.

type rect struct{ x, y, w, h float64 }

func (r rect) centre() point { return point{r.x + r.w/2, r.y + r.h/2} }

func (r rect) contains(p point) bool {
	return p.X >= r.x && p.X <= r.x+r.w && p.Y >= r.y && p.Y <= r.y+r.h
}

func (r rect) area() float64 { return r.w * r.h }

// rectOf is a cell's rectangle; a cell without position or size is a
// point at the origin.
func rectOf(c *cell) rect {
	var r rect
	if c.Position != nil {
		r.x, r.y = c.Position.X, c.Position.Y
	}
	if c.Size != nil {
		r.w, r.h = c.Size.Width, c.Size.Height
	}
	return r
}

// innermost returns the index of the smallest box containing p, or -1.
// A box is never its own container: skip names the caller's own index.
func innermost(boxes []rect, p point, skip int, larger float64) int {
	best := -1
	for i, b := range boxes {
		if i == skip || !b.contains(p) || (larger >= 0 && b.area() <= larger) {
			continue
		}
		if best < 0 || b.area() < boxes[best].area() {
			best = i
		}
	}
	return best
}

// segmentsCross reports whether segment ab properly crosses cd (touching
// at an end does not count).
func segmentsCross(a, b, c, d point) bool {
	o := func(p, q, r point) float64 { return (q.X-p.X)*(r.Y-p.Y) - (q.Y-p.Y)*(r.X-p.X) }
	return o(a, b, c)*o(a, b, d) < 0 && o(c, d, a)*o(c, d, b) < 0
}

// polylinesCross reports whether two lines, each given by its points,
// cross anywhere.
func polylinesCross(p, q []point) bool {
	for i := 0; i+1 < len(p); i++ {
		for j := 0; j+1 < len(q); j++ {
			if segmentsCross(p[i], p[i+1], q[j], q[j+1]) {
				return true
			}
		}
	}
	return false
}
