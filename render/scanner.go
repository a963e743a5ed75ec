package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// boxScanner is a rasterx.Scanner that rasterises each path only over its
// bounding box. rasterx's own ScannerGV covers the whole image for every
// path, which makes a large diagram with thousands of paths take seconds.
type boxScanner struct {
	dst    *image.RGBA
	r      vector.Rasterizer
	src    image.Uniform
	points []scanPoint
	mask   *image.Alpha // coverage of the strip being drawn
	strips [][]int      // segment indexes per strip, reused
	min    fixed.Point26_6
	max    fixed.Point26_6
}

type scanPoint struct {
	p    fixed.Point26_6
	move bool
}

func newBoxScanner(dst *image.RGBA) *boxScanner {
	s := &boxScanner{dst: dst, src: image.Uniform{C: color.Black}}
	s.Clear()
	return s
}

func (s *boxScanner) track(p fixed.Point26_6) {
	s.min.X, s.min.Y = min(s.min.X, p.X), min(s.min.Y, p.Y)
	s.max.X, s.max.Y = max(s.max.X, p.X), max(s.max.Y, p.Y)
}

// Start begins a new subpath.
func (s *boxScanner) Start(a fixed.Point26_6) {
	s.track(a)
	s.points = append(s.points, scanPoint{p: a, move: true})
}

// Line adds a segment.
func (s *boxScanner) Line(b fixed.Point26_6) {
	s.track(b)
	s.points = append(s.points, scanPoint{p: b})
}

// Draw paints the accumulated path in the current colour.
func (s *boxScanner) Draw() {
	if len(s.points) == 0 {
		return
	}
	box := image.Rect(s.min.X.Floor()-1, s.min.Y.Floor()-1, s.max.X.Ceil()+1, s.max.Y.Ceil()+1).Intersect(s.dst.Bounds())
	if box.Empty() {
		return
	}
	// Rasterise in horizontal strips, each only as wide as the segments
	// that reach into it: a long diagonal edge then costs its length, not
	// the area of its bounding box.
	strips := s.bucket(box)
	for i, segs := range strips {
		if len(segs) == 0 {
			continue
		}
		y0 := box.Min.Y + i*stripHeight
		lo, hi := fixed.Int26_6(math.MaxInt32), fixed.Int26_6(math.MinInt32)
		for _, k := range segs {
			a, b := s.points[k-1].p, s.points[k].p
			lo, hi = min(lo, a.X, b.X), max(hi, a.X, b.X)
		}
		strip := image.Rect(lo.Floor()-1, y0, hi.Ceil()+1, min(y0+stripHeight, box.Max.Y)).Intersect(box)
		if strip.Empty() {
			continue
		}
		s.r.Reset(strip.Dx(), strip.Dy())
		s.r.DrawOp = draw.Src
		ox, oy := float32(strip.Min.X), float32(strip.Min.Y)
		// Each segment is added on its own: the rasteriser accumulates
		// signed area per segment, so no ClosePath is wanted (rasterx
		// strokes are soups of open segments; its filler closes paths).
		for _, k := range segs {
			a, b := s.points[k-1].p, s.points[k].p
			s.r.MoveTo(float32(a.X)/64-ox, float32(a.Y)/64-oy)
			s.r.LineTo(float32(b.X)/64-ox, float32(b.Y)/64-oy)
		}
		s.mask = resizeAlpha(s.mask, strip.Dx(), strip.Dy())
		s.r.Draw(s.mask, s.mask.Bounds(), image.Opaque, image.Point{})
		s.composite(strip)
	}
}

// stripHeight is the height in pixels of the strips Draw rasterises.
const stripHeight = 32

// bucket lists, for each strip of box, the indexes of the segments (by
// their end point) that reach into it.
func (s *boxScanner) bucket(box image.Rectangle) [][]int {
	n := (box.Dy() + stripHeight - 1) / stripHeight
	if cap(s.strips) < n {
		s.strips = make([][]int, n)
	}
	strips := s.strips[:n]
	for i := range strips {
		strips[i] = strips[i][:0]
	}
	for k := 1; k < len(s.points); k++ {
		if s.points[k].move {
			continue
		}
		a, b := s.points[k-1].p, s.points[k].p
		first := (min(a.Y, b.Y).Floor() - box.Min.Y) / stripHeight
		last := (max(a.Y, b.Y).Ceil() - box.Min.Y) / stripHeight
		for i := max(first, 0); i <= min(last, n-1); i++ {
			strips[i] = append(strips[i], k)
		}
	}
	return strips
}

// composite paints the current colour through the mask onto dst at r,
// skipping uncovered pixels and copying fully covered opaque ones.
func (s *boxScanner) composite(r image.Rectangle) {
	sr, sg, sb, sa := s.src.C.RGBA()
	for y := 0; y < r.Dy(); y++ {
		row := s.mask.Pix[y*s.mask.Stride : y*s.mask.Stride+r.Dx()]
		pix := s.dst.Pix[s.dst.PixOffset(r.Min.X, r.Min.Y+y):]
		for x, m8 := range row {
			if m8 == 0 {
				continue
			}
			i := 4 * x
			if m8 == 0xff && sa == 0xffff {
				pix[i], pix[i+1], pix[i+2], pix[i+3] = uint8(sr>>8), uint8(sg>>8), uint8(sb>>8), 0xff
				continue
			}
			m := uint32(m8) * 0x101
			a := 0xffff - sa*m/0xffff
			pix[i+0] = uint8((uint32(pix[i+0])*0x101*a/0xffff + sr*m/0xffff) >> 8)
			pix[i+1] = uint8((uint32(pix[i+1])*0x101*a/0xffff + sg*m/0xffff) >> 8)
			pix[i+2] = uint8((uint32(pix[i+2])*0x101*a/0xffff + sb*m/0xffff) >> 8)
			pix[i+3] = uint8((uint32(pix[i+3])*0x101*a/0xffff + sa*m/0xffff) >> 8)
		}
	}
}

// resizeAlpha returns a cleared mask of w×h pixels, reusing m's memory.
func resizeAlpha(m *image.Alpha, w, h int) *image.Alpha {
	if m == nil || cap(m.Pix) < w*h {
		return image.NewAlpha(image.Rect(0, 0, w, h))
	}
	m.Pix = m.Pix[:w*h]
	clear(m.Pix)
	m.Stride, m.Rect = w, image.Rect(0, 0, w, h)
	return m
}

// GetPathExtent returns the bounds of the accumulated path.
func (s *boxScanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{Min: s.min, Max: s.max}
}

// SetBounds is part of rasterx.Scanner; the destination sets the bounds.
func (s *boxScanner) SetBounds(int, int) {}

// SetColor sets the paint colour; only uniform colours are supported.
func (s *boxScanner) SetColor(c interface{}) {
	if c, ok := c.(color.Color); ok {
		s.src.C = c
	}
}

// SetWinding is part of rasterx.Scanner; the vector rasteriser always
// uses the non-zero rule.
func (s *boxScanner) SetWinding(bool) {}

// Clear drops the accumulated path.
func (s *boxScanner) Clear() {
	s.points = s.points[:0]
	const big = fixed.Int26_6(math.MaxInt32)
	s.min = fixed.Point26_6{X: big, Y: big}
	s.max = fixed.Point26_6{X: -big, Y: -big}
}

// SetClip is part of rasterx.Scanner; clipping is not needed here.
func (s *boxScanner) SetClip(image.Rectangle) {}
