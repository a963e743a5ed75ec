package render

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
)

// MaxPixels bounds the size of a rasterised diagram (about 150 MB of
// memory while drawing). Larger diagrams are drawn at a smaller scale.
const MaxPixels = 36_000_000

// Rasterize draws a Graphviz SVG document at scale pixels per SVG unit
// (Graphviz's unit is the point, so scale 1 is 72 dpi). The scale is
// reduced when the image would exceed MaxPixels.
func Rasterize(svg []byte, scale float64) (*image.RGBA, error) {
	doc, err := readSVG(svg)
	if err != nil {
		return nil, err
	}
	if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("rasterize: scale must be positive, got %v", scale)
	}
	scale = fitScale(doc.width, doc.height, scale)
	w, h := int(math.Ceil(doc.width*scale)), int(math.Ceil(doc.height*scale))
	if w < 1 || h < 1 {
		return nil, fmt.Errorf("rasterize: the drawing is empty (%gx%g)", doc.width, doc.height)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := newRasterizer(img, matrix{a: scale, d: scale, e: -doc.minX * scale, f: -doc.minY * scale})
	for i := range doc.items {
		r.draw(&doc.items[i])
	}
	return img, nil
}

// fitScale reduces scale so that a width×height drawing fits MaxPixels.
func fitScale(width, height, scale float64) float64 {
	if px := width * height * scale * scale; px > MaxPixels {
		// A little under the exact root, so rounding up the pixel size
		// cannot cross the limit.
		scale *= math.Sqrt(MaxPixels/px) * 0.999
	}
	return scale
}

// rasterizer paints svgItems onto an image through the view transform.
type rasterizer struct {
	img    *image.RGBA
	view   matrix
	scan   *boxScanner
	filler *rasterx.Filler
	dasher *rasterx.Dasher
	fonts  *faceCache
}

func newRasterizer(img *image.RGBA, view matrix) *rasterizer {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	scan := newBoxScanner(img)
	return &rasterizer{img: img, view: view, scan: scan,
		filler: rasterx.NewFiller(w, h, scan), dasher: rasterx.NewDasher(w, h, scan), fonts: newFaceCache()}
}

func (r *rasterizer) draw(it *svgItem) {
	if it.text != nil {
		r.drawText(it.text)
		return
	}
	if it.fill != nil {
		r.filler.Clear()
		r.filler.SetColor(it.fill)
		r.addPath(r.filler, it.path)
		r.filler.Draw()
	}
	if it.stroke != nil {
		s := r.view.scale()
		var dashes []float64
		for _, d := range it.dashes {
			dashes = append(dashes, d*s)
		}
		// Graphviz strokes with butt caps and miter joins, SVG's defaults.
		r.dasher.Clear()
		r.dasher.SetStroke(fixed.Int26_6(it.width*s*64), 4*64, rasterx.ButtCap, nil, rasterx.FlatGap, rasterx.Miter, dashes, 0)
		r.dasher.SetColor(it.stroke)
		r.addPath(r.dasher, it.path)
		r.dasher.Draw()
	}
}

// addPath feeds a path to a rasterx adder in pixel coordinates.
func (r *rasterizer) addPath(a rasterx.Adder, path []pathOp) {
	fp := func(p point) fixed.Point26_6 {
		q := r.view.apply(p)
		return fixed.Point26_6{X: fixed.Int26_6(math.Round(q.x * 64)), Y: fixed.Int26_6(math.Round(q.y * 64))}
	}
	open := false
	for _, op := range path {
		switch op.op {
		case 'M':
			if open {
				a.Stop(false)
			}
			a.Start(fp(op.p[0]))
			open = true
		case 'L':
			a.Line(fp(op.p[0]))
		case 'C':
			a.CubeBezier(fp(op.p[0]), fp(op.p[1]), fp(op.p[2]))
		case 'Z':
			if open {
				a.Stop(true)
				open = false
			}
		}
	}
	if open {
		a.Stop(false)
	}
}

// drawText draws a line of text with the Go fonts, anchored as the SVG
// says; the Go fonts' widths match the Helvetica metrics Graphviz used
// to size the shapes around the text.
func (r *rasterizer) drawText(t *svgText) {
	if t.fill == nil {
		return
	}
	p := r.view.apply(point{t.x, t.y})
	face := r.fonts.face(t.bold, t.italic, t.mono, t.size*r.view.scale())
	d := &fontDrawer{dst: r.img, face: face, src: image.NewUniform(t.fill)}
	s := t.s
	if !t.mono {
		// The Go fonts' hyphen-minus is a wide minus sign; their soft
		// hyphen is a hyphen of Helvetica's width. Ids are full of them.
		s = strings.ReplaceAll(s, "-", "\u00ad")
	}
	width := d.measure(s)
	switch t.anchor {
	case "middle":
		p.x -= width / 2
	case "end":
		p.x -= width
	}
	d.draw(s, p)
}
