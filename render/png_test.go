package render

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
)

// TestPNG draws the small model and looks at the picture: the size
// follows the SVG, the image is neither blank nor mostly black (the failure
// of go-graphviz's own PNG renderer), and the severity fills and the red of
// the unencrypted crossing are there.
func TestPNG(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	rep := analyse(t, l)
	var svg, out bytes.Buffer
	if err := SVG(&svg, l, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := PNG(&out, l, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&out)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	doc, err := readSVG(svg.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if want := int(math.Ceil(doc.width * DefaultScale)); b.Dx() != want {
		t.Errorf("width %d px, want %d (the SVG's %.2f pt at %.1f px/pt)", b.Dx(), want, doc.width, DefaultScale)
	}
	if want := int(math.Ceil(doc.height * DefaultScale)); b.Dy() != want {
		t.Errorf("height %d px, want %d", b.Dy(), want)
	}

	var white, dark, total int
	found := map[string]int{}
	want := map[string]color.RGBA{
		"critical fill": hexColor(palettes["critical"].fill), "high fill": hexColor(palettes["high"].fill),
		"none fill": hexColor(palettes[sevNone].fill), "unencrypted red": hexColor(colorUnencrypted),
		"boundary purple": hexColor(colorBoundary),
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			total++
			lum := (299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000
			switch {
			case lum > 245:
				white++
			case lum < 60:
				dark++
			}
			for name, w := range want {
				if near(c, w, 6) {
					found[name]++
				}
			}
		}
	}
	if white > total*97/100 {
		t.Errorf("the image is almost blank: %d of %d pixels white", white, total)
	}
	if dark > total/10 {
		t.Errorf("the image is mostly dark: %d of %d pixels", dark, total)
	}
	if dark < total/1000 {
		t.Errorf("no text or lines drawn: only %d dark pixels", dark)
	}
	for name := range want {
		if found[name] < 50 {
			t.Errorf("%s: %d pixels, expected it drawn", name, found[name])
		}
	}
}

func hexColor(s string) color.RGBA {
	c := parseColor(s, "").(color.RGBA)
	return c
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) int { return int(math.Abs(float64(int(x) - int(y)))) }
	return d(a.R, b.R) <= tol && d(a.G, b.G) <= tol && d(a.B, b.B) <= tol
}

// TestRasterizeShapes draws each element Graphviz writes and checks the
// pixels: a filled polygon, a dashed Bézier stroke with gaps, an ellipse,
// and text.
func TestRasterizeShapes(t *testing.T) {
	svg := `<?xml version="1.0"?>
<svg width="100pt" height="60pt" viewBox="0.00 0.00 100.00 60.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(0 60)">
<title>t</title>
<polygon fill="white" stroke="none" points="0,0 0,-60 100,-60 100,0 0,0"/>
<g><a xlink:title="tip"><polygon fill="#ff0000" stroke="none" points="10,-10 40,-10 40,-40 10,-40"/></a></g>
<path fill="none" stroke="#0000ff" stroke-width="2" stroke-dasharray="5,5" d="M50,-30C60,-30 80,-30 95,-30"/>
<ellipse fill="#00ff00" stroke="black" cx="75" cy="-10" rx="8" ry="5"/>
<text text-anchor="middle" x="25" y="-48" font-family="Helvetica,sans-Serif" font-weight="bold" font-size="10.00">H&#45;i</text>
</g>
</svg>`
	img, err := Rasterize([]byte(svg), 2)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 200, 120) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	at := func(x, y int) color.RGBA { return img.RGBAAt(x, y) }
	if c := at(50, 70); c != (color.RGBA{255, 0, 0, 255}) {
		t.Errorf("polygon centre: %v", c)
	}
	if c := at(150, 100); c != (color.RGBA{0, 255, 0, 255}) {
		t.Errorf("ellipse centre: %v", c)
	}
	if c := at(150, 90); c.R > 100 {
		t.Errorf("ellipse outline not drawn: %v", c)
	}
	blue, gap := 0, 0
	for x := 102; x < 188; x++ {
		if c := at(x, 60); c.B > 200 && c.R < 80 {
			blue++
		} else if c == (color.RGBA{255, 255, 255, 255}) {
			gap++
		}
	}
	if blue < 20 || gap < 20 {
		t.Errorf("dashed line: %d blue and %d gap pixels, want both", blue, gap)
	}
	ink := 0
	for y := 10; y < 26; y++ {
		for x := 30; x < 70; x++ {
			if at(x, y).R < 100 {
				ink++
			}
		}
	}
	if ink < 20 {
		t.Errorf("text not drawn: %d dark pixels", ink)
	}
}

func TestRasterizeErrors(t *testing.T) {
	for name, svg := range map[string]string{
		"no svg":       `<html></html>`,
		"not xml":      `<svg viewBox="0 0 10 10"><g>`,
		"empty":        `<svg viewBox="0 0 0 0"></svg>`,
		"arc command":  `<svg viewBox="0 0 10 10"><path d="M0,0 A1,1 0 0 1 5,5"/></svg>`,
		"short path":   `<svg viewBox="0 0 10 10"><path d="M0,0 C1,1"/></svg>`,
		"no viewBox":   `<svg width="x"></svg>`,
		"bad view box": `<svg viewBox="0 0 a 10"></svg>`,
	} {
		if _, err := Rasterize([]byte(svg), 1); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Rasterize([]byte(`<svg viewBox="0 0 10 10"></svg>`), 0); err == nil || !strings.Contains(err.Error(), "scale") {
		t.Errorf("zero scale: %v", err)
	}
}

func TestFitScale(t *testing.T) {
	if s := fitScale(100, 100, 2); s != 2 {
		t.Errorf("small drawing rescaled to %v", s)
	}
	w, h := 1500.0, 20000.0
	s := fitScale(w, h, 1.5)
	if px := math.Ceil(w*s) * math.Ceil(h*s); px > MaxPixels || s > 1.5 || px < MaxPixels*0.99 {
		t.Errorf("scale %v gives %v pixels, limit %d", s, px, MaxPixels)
	}
}

func TestParseHelpers(t *testing.T) {
	m := parseTransform("scale(2 3) rotate(0) translate(4 5)")
	if p := m.apply(point{1, 1}); p != (point{10, 18}) {
		t.Errorf("transform: %v", p)
	}
	if r := parseTransform("rotate(90)").apply(point{1, 0}); math.Abs(r.x) > 1e-9 || math.Abs(r.y-1) > 1e-9 {
		t.Errorf("rotate: %v", r)
	}
	path, err := parsePathData("M1,2 l3,4 h1 v-1 c1,1 2,2 3,3 Z m1,1 L2e1,-3.5E-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(path) != 8 || path[1].p[0] != (point{4, 6}) || path[2].p[0] != (point{5, 6}) || path[3].p[0] != (point{5, 5}) ||
		path[4].p[2] != (point{8, 8}) || path[6].p[0] != (point{2, 3}) || path[7].p[0] != (point{20, -0.35}) {
		t.Errorf("path: %+v", path)
	}
	for s, want := range map[string]color.Color{
		"none": nil, "transparent": nil, "#fff": color.RGBA{255, 255, 255, 255}, "red": color.RGBA{255, 0, 0, 255},
		"#00000080": color.RGBA{0, 0, 0, 128}, "#zzzzzz": color.Black, "nosuchcolour": color.Black,
	} {
		if got := parseColor(s, ""); got != want {
			t.Errorf("parseColor(%q) = %v, want %v", s, got, want)
		}
	}
}
