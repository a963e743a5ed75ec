package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
)

// The arrow a build pipeline is drawn as holds its label in the body of
// the arrow, not its head, and Graphviz sized that body for the label
// with no room to spare: the four lines of an element with findings ran
// over its top and bottom edges, and the last line into the head, once
// drawn (the PNG, a browser). The kind's own margin makes the body large
// enough. This reads the SVG as the PNG rasteriser does and measures each
// line in the font the PNG draws it with.
func TestArrowLabelFitsTheBody(t *testing.T) {
	l := load(t, "../examples/reference.yaml")
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	var b bytes.Buffer
	if err := SVG(&b, l, res.Report, Options{}); err != nil {
		t.Fatal(err)
	}
	doc := svgElement(t, b.String(), "build-pipeline")
	var body box
	var lines []*svgText
	for _, it := range doc.items {
		switch {
		case it.text != nil:
			lines = append(lines, it.text)
		case it.fill != nil && body == (box{}):
			body = arrowBody(t, it.path)
		}
	}
	if len(lines) != 4 {
		t.Fatalf("want the four lines of an element with findings, got %d", len(lines))
	}
	faces := newFaceCache()
	for _, ln := range lines {
		face := faces.face(ln.bold, ln.italic, ln.mono, ln.size)
		m := face.Metrics()
		top, bottom := ln.y-float64(m.Ascent)/64, ln.y+float64(m.Descent)/64
		left, right := ln.x, ln.x+float64(font.MeasureString(face, ln.s))/64
		if ln.anchor != "start" {
			t.Fatalf("%q is anchored %s; this test reads start-anchored lines", ln.s, ln.anchor)
		}
		if top < body.top || bottom > body.bottom || left < body.left || right > body.right {
			t.Errorf("%q is drawn over %.1f–%.1f × %.1f–%.1f, outside the arrow's body %.1f–%.1f × %.1f–%.1f",
				ln.s, left, right, top, bottom, body.left, body.right, body.top, body.bottom)
		}
	}
}

// svgElement reads the shape and label of element id out of an SVG
// diagram, in the group's own coordinates.
func svgElement(t *testing.T, svg, id string) *svgDoc {
	t.Helper()
	start := strings.Index(svg, `<g id="a_element&#45;`+strings.ReplaceAll(id, "-", "&#45;")+`">`)
	if start < 0 {
		t.Fatalf("no element %s in the SVG", id)
	}
	group := svg[start:]
	group = group[:strings.Index(group, "</g>")+len("</g>")]
	doc, err := readSVG([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">` + group + `</svg>`))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// box is a rectangle in the SVG's coordinates (y grows downwards).
type box struct{ left, right, top, bottom float64 }

// arrowBody is the rectangle of a Graphviz rarrow, left of its head: the
// outline's leftmost points give its top and bottom, and the middle one
// of its three distinct x values, where the head starts, its right edge.
func arrowBody(t *testing.T, outline []pathOp) box {
	t.Helper()
	var xs []float64
	for _, op := range outline {
		if op.op != 'Z' {
			xs = append(xs, op.p[0].x)
		}
	}
	slices.Sort(xs)
	if xs = slices.Compact(xs); len(xs) != 3 {
		t.Fatalf("not an arrow's outline: %v", outline)
	}
	b := box{left: xs[0], right: xs[1], top: 1e9, bottom: -1e9}
	for _, op := range outline {
		if op.op != 'Z' && op.p[0].x == b.left {
			b.top, b.bottom = min(b.top, op.p[0].y), max(b.bottom, op.p[0].y)
		}
	}
	return b
}
