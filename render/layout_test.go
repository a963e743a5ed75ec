package render

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// TestLayoutSmall checks that Layout places every drawn element, boundary
// and flow, inside the drawing, with each element inside the boxes of its
// boundary and that boundary's ancestors, and each flow's route running
// from its source's shape to its destination's.
func TestLayoutSmall(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	for _, opts := range []Options{{}, {Direction: "LR"}} {
		pos, err := Layout(l, analyse(t, l), opts)
		if err != nil {
			t.Fatal(err)
		}
		m := l.Model
		if len(pos.Elements) != len(m.Elements) || len(pos.Flows) != len(m.Flows) || len(pos.Boundaries) != len(m.Boundaries) {
			t.Fatalf("%+v: placed %d elements, %d flows, %d boundaries; the model has %d, %d, %d", opts,
				len(pos.Elements), len(pos.Flows), len(pos.Boundaries), len(m.Elements), len(m.Flows), len(m.Boundaries))
		}
		whole := Box{W: pos.Width, H: pos.Height}
		within := map[string]string{}
		for _, b := range m.Boundaries {
			within[b.ID] = b.Within
		}
		for _, e := range m.Elements {
			box := pos.Elements[e.ID]
			if box.W <= 0 || box.H <= 0 || !whole.Contains(Point{box.X, box.Y}) || !whole.Contains(Point{box.X + box.W, box.Y + box.H}) {
				t.Errorf("%s: box %+v is empty or outside the drawing %+v", e.ID, box, whole)
			}
			for b := e.Boundary; b != ""; b = within[b] {
				if !pos.Boundaries[b].Contains(box.Center()) {
					t.Errorf("%s: centre %+v lies outside its boundary %s %+v", e.ID, box.Center(), b, pos.Boundaries[b])
				}
			}
		}
		for _, f := range m.Flows {
			r := pos.Flows[f.ID]
			if len(r.Points) < 4 {
				t.Fatalf("%s: route %+v has too few points", f.ID, r)
			}
			if d := distToBox(r.Points[0], pos.Elements[f.From]); d > 2 {
				t.Errorf("%s: starts %.1f pt away from its source %s", f.ID, d, f.From)
			}
			if d := distToBox(r.Points[len(r.Points)-1], pos.Elements[f.To]); d > 2 {
				t.Errorf("%s: ends %.1f pt away from its destination %s", f.ID, d, f.To)
			}
			if !whole.Contains(r.Label) {
				t.Errorf("%s: label %+v outside the drawing", f.ID, r.Label)
			}
		}
	}
}

// distToBox is how far p lies from the box's edge (0 inside or on it; the
// shapes are ellipses and cylinders within their boxes, so a line ending
// on the shape ends inside the box).
func distToBox(p Point, b Box) float64 {
	dx := math.Max(math.Max(b.X-p.X, 0), p.X-(b.X+b.W))
	dy := math.Max(math.Max(b.Y-p.Y, 0), p.Y-(b.Y+b.H))
	return math.Hypot(dx, dy)
}

// TestLayoutCompact lays out a model over MaxLabelledFlows, whose flows
// are single unlabelled edges: every flow still gets a route between its
// ends.
func TestLayoutCompact(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out a large model")
	}
	l := synthModel(t, 300)
	pos, err := Layout(l, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pos.Elements) != len(l.Model.Elements) || len(pos.Flows) != len(l.Model.Flows) {
		t.Fatalf("placed %d elements and %d flows of %d and %d", len(pos.Elements), len(pos.Flows), len(l.Model.Elements), len(l.Model.Flows))
	}
	for _, f := range l.Model.Flows {
		r := pos.Flows[f.ID]
		if len(r.Points) < 2 || distToBox(r.Points[0], pos.Elements[f.From]) > 2 || distToBox(r.Points[len(r.Points)-1], pos.Elements[f.To]) > 2 {
			t.Fatalf("%s: route %v does not join %s to %s", f.ID, r.Points, f.From, f.To)
		}
	}
}

// TestLayoutTooLarge checks that Layout refuses, before running Graphviz,
// a model larger than the SVG diagram would lay out.
func TestLayoutTooLarge(t *testing.T) {
	l := synthModel(t, MaxLayoutElements+100)
	_, err := Layout(l, nil, Options{})
	var tl *LayoutTooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("got %v, want a LayoutTooLargeError", err)
	}
}

func synthModel(t *testing.T, elements int) *model.Loaded {
	t.Helper()
	var src bytes.Buffer
	if err := synth.Generate(&src, synth.Options{Elements: elements, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	l, diags := model.Parse("synthetic.yaml", src.Bytes(), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return l
}
