package geom

import "testing"

func TestInnermost(t *testing.T) {
	boxes := []Rect{{0, 0, 100, 100}, {10, 10, 30, 30}, {200, 0, 10, 10}}
	cases := []struct {
		p    Point
		skip int
		want int
	}{
		{Point{20, 20}, -1, 1},   // inside both: the smaller wins
		{Point{80, 80}, -1, 0},   // only the large one
		{Point{150, 5}, -1, -1},  // none
		{Point{100, 100}, -1, 0}, // on the edge counts
		{Point{20, 20}, 1, 0},    // skip the box itself
	}
	for _, c := range cases {
		if got := Innermost(boxes, c.p, c.skip, -1); got != c.want {
			t.Errorf("Innermost(%v, skip %d) = %d, want %d", c.p, c.skip, got, c.want)
		}
	}
	// Two boxes of equal size: neither is within the other.
	same := []Rect{{0, 0, 10, 10}, {0, 0, 10, 10}}
	if got := Innermost(same, same[0].Centre(), 0, same[0].Area()); got != -1 {
		t.Errorf("equal boxes nest: got %d", got)
	}
}

func TestCrossing(t *testing.T) {
	line := []Point{{0, 5}, {10, 5}}
	if !PolylinesCross(line, []Point{{5, 0}, {5, 10}}) {
		t.Error("a vertical line through the middle does not cross")
	}
	if PolylinesCross(line, []Point{{20, 0}, {20, 10}}) {
		t.Error("a line beside it crosses")
	}
	if PolylinesCross(line, []Point{{10, 5}, {10, 10}}) {
		t.Error("touching at an end counts as crossing")
	}
	if !PolylinesCross([]Point{{0, 0}, {10, 0}, {10, 10}}, []Point{{5, 5}, {15, 5}}) {
		t.Error("the second segment's crossing is missed")
	}
}

func TestMeet(t *testing.T) {
	flow := []Point{{0, 5}, {10, 5}}
	// The other line's vertex lies exactly on the flow: a crossing that
	// PolylinesCross misses.
	through := []Point{{5, 0}, {5, 5}, {5, 10}}
	if PolylinesCross(flow, through) {
		t.Error("PolylinesCross counts a vertex on the line (its documented behaviour changed)")
	}
	if !PolylinesMeet(flow, through) {
		t.Error("PolylinesMeet misses a line through a vertex")
	}
	if PolylinesMeet(flow, []Point{{20, 0}, {20, 10}}) || PolylinesMeet(flow, []Point{{0, 6}, {10, 6}}) {
		t.Error("lines apart meet")
	}
	if !PolylinesMeet(flow, []Point{{3, 5}, {20, 5}}) {
		t.Error("overlapping collinear lines do not meet")
	}
}
