package render

import (
	"image"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The Go fonts are embedded in golang.org/x/image (about 130 kB each) and
// need nothing installed. Go Regular and Go Bold advance within about 2%
// of Helvetica, the font whose metrics Graphviz uses to lay out text in
// the DOT this package writes.
var (
	fontsOnce sync.Once
	fontsErr  error
	fontFiles = map[string][]byte{"regular": goregular.TTF, "bold": gobold.TTF, "italic": goitalic.TTF, "mono": gomono.TTF}
	fontsSFNT = map[string]*opentype.Font{}
)

func loadFonts() error {
	fontsOnce.Do(func() {
		for name, ttf := range fontFiles {
			f, err := opentype.Parse(ttf)
			if err != nil {
				fontsErr = err
				return
			}
			fontsSFNT[name] = f
		}
	})
	return fontsErr
}

// faceCache holds font faces by variant and pixel size for one image.
type faceCache struct {
	faces map[faceKey]font.Face
}

type faceKey struct {
	variant string
	size    float64
}

func newFaceCache() *faceCache { return &faceCache{faces: map[faceKey]font.Face{}} }

// face returns a face of the variant at size pixels, rounded to a
// quarter pixel so that few faces are made.
func (c *faceCache) face(bold, italic, mono bool, size float64) font.Face {
	variant := "regular"
	switch {
	case mono:
		variant = "mono"
	case bold:
		variant = "bold"
	case italic:
		variant = "italic"
	}
	key := faceKey{variant, math.Max(1, math.Round(size*4)/4)}
	if f, ok := c.faces[key]; ok {
		return f
	}
	if err := loadFonts(); err != nil {
		// The fonts are compiled in; failing to parse them is a bug.
		panic("render: embedded Go fonts: " + err.Error())
	}
	f, err := opentype.NewFace(fontsSFNT[variant], &opentype.FaceOptions{Size: key.size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("render: embedded Go fonts: " + err.Error())
	}
	c.faces[key] = f
	return f
}

// fontDrawer draws one line of text at a sub-pixel position.
type fontDrawer struct {
	dst  draw.Image
	face font.Face
	src  *image.Uniform
}

func (d *fontDrawer) measure(s string) float64 {
	return float64(font.MeasureString(d.face, s)) / 64
}

func (d *fontDrawer) draw(s string, at point) {
	fd := &font.Drawer{Dst: d.dst, Src: d.src, Face: d.face,
		Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(at.x * 64)), Y: fixed.Int26_6(math.Round(at.y * 64))}}
	fd.DrawString(s)
}
