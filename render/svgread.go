package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/colornames"
)

// svgDoc is an SVG document reduced to what Graphviz draws with: filled
// and stroked paths and lines of text, in painting order, in the
// coordinates of the viewBox.
type svgDoc struct {
	minX, minY, width, height float64 // the viewBox
	items                     []svgItem
}

// svgItem is one painted element: a path (fill, then stroke) or a text.
type svgItem struct {
	path   []pathOp
	fill   color.Color // nil: not filled
	stroke color.Color // nil: not stroked
	width  float64     // stroke width in user units, already transformed
	dashes []float64   // stroke-dasharray, transformed; nil for solid
	text   *svgText
}

// svgText is a line of text; x, y and size are transformed.
type svgText struct {
	x, y, size   float64
	anchor       string // start, middle or end
	bold, italic bool
	mono         bool
	fill         color.Color
	s            string
}

// pathOp is one path command in absolute, transformed coordinates:
// 'M' and 'L' use p[0]; 'C' uses p[0..2]; 'Z' none.
type pathOp struct {
	op byte
	p  [3]point
}

type point struct{ x, y float64 }

// style is the inherited presentation state while reading.
type svgStyle struct {
	m      matrix
	fill   string
	stroke string
	width  string
	dashes string
	font   string
	size   string
	weight string
	fstyle string
	anchor string
	fillOp string
	strOp  string
}

// readSVG parses the SVG subset that Graphviz writes: g and a (groups with
// transforms), polygon, polyline, path (M, L, C, Z and their relative
// forms), ellipse, circle, rect, line, and text. Other elements (title,
// image, defs) are skipped.
func readSVG(data []byte) (*svgDoc, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	doc := &svgDoc{}
	stack := []svgStyle{{m: identity, fill: "black", stroke: "none", width: "1", anchor: "start", size: "14"}}
	var text *svgText
	var textBuf strings.Builder
	sawRoot := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			st := stack[len(stack)-1]
			attrs := attrMap(t.Attr)
			st.inherit(attrs)
			stack = append(stack, st)
			switch t.Name.Local {
			case "svg":
				if !sawRoot {
					if err := doc.viewBox(attrs); err != nil {
						return nil, err
					}
					sawRoot = true
				}
			case "text":
				text = st.text(attrs)
				textBuf.Reset()
			case "title", "desc", "defs", "image", "style", "script":
				if err := dec.Skip(); err != nil {
					return nil, fmt.Errorf("read SVG: %w", err)
				}
				stack = stack[:len(stack)-1]
			default:
				if item, ok, err := st.shape(t.Name.Local, attrs); err != nil {
					return nil, err
				} else if ok {
					doc.items = append(doc.items, item)
				}
			}
		case xml.CharData:
			if text != nil {
				textBuf.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil {
				text.s = textBuf.String()
				if strings.TrimSpace(text.s) != "" {
					doc.items = append(doc.items, svgItem{text: text})
				}
				text = nil
			}
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if !sawRoot {
		return nil, fmt.Errorf("read SVG: no <svg> element")
	}
	return doc, nil
}

func attrMap(attrs []xml.Attr) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Name.Local] = a.Value
	}
	return m
}

func (doc *svgDoc) viewBox(attrs map[string]string) error {
	f := strings.Fields(strings.ReplaceAll(attrs["viewBox"], ",", " "))
	if len(f) != 4 {
		w, errW := parseLength(attrs["width"])
		h, errH := parseLength(attrs["height"])
		if errW != nil || errH != nil {
			return fmt.Errorf("read SVG: no viewBox and no width and height")
		}
		doc.width, doc.height = w, h
		return nil
	}
	var v [4]float64
	for i, s := range f {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("read SVG: bad viewBox %q", attrs["viewBox"])
		}
		v[i] = x
	}
	doc.minX, doc.minY, doc.width, doc.height = v[0], v[1], v[2], v[3]
	if doc.width <= 0 || doc.height <= 0 {
		return fmt.Errorf("read SVG: empty viewBox %q", attrs["viewBox"])
	}
	return nil
}

// parseLength reads "123.4pt", "123px" or "123" as user units.
func parseLength(s string) (float64, error) {
	s = strings.TrimSpace(s)
	for _, unit := range []string{"pt", "px"} {
		s = strings.TrimSuffix(s, unit)
	}
	return strconv.ParseFloat(s, 64)
}

// inherit applies an element's presentation attributes to the state its
// children inherit.
func (st *svgStyle) inherit(a map[string]string) {
	if tr, ok := a["transform"]; ok {
		st.m = st.m.mul(parseTransform(tr))
	}
	set := func(dst *string, key string) {
		if v, ok := a[key]; ok {
			*dst = v
		}
	}
	set(&st.fill, "fill")
	set(&st.stroke, "stroke")
	set(&st.width, "stroke-width")
	set(&st.dashes, "stroke-dasharray")
	set(&st.font, "font-family")
	set(&st.size, "font-size")
	set(&st.weight, "font-weight")
	set(&st.fstyle, "font-style")
	set(&st.anchor, "text-anchor")
	set(&st.fillOp, "fill-opacity")
	set(&st.strOp, "stroke-opacity")
}

func (st *svgStyle) text(a map[string]string) *svgText {
	x, y := num(a["x"]), num(a["y"])
	p := st.m.apply(point{x, y})
	family := strings.ToLower(st.font)
	return &svgText{x: p.x, y: p.y, size: num(st.size) * st.m.scale(), anchor: st.anchor,
		bold: st.weight == "bold" || num(st.weight) >= 600, italic: st.fstyle == "italic" || st.fstyle == "oblique",
		mono: strings.Contains(family, "courier") || strings.Contains(family, "mono"),
		fill: parseColor(st.fill, st.fillOp)}
}

// shape turns a drawing element into an item; ok is false for elements
// that draw nothing.
func (st *svgStyle) shape(tag string, a map[string]string) (svgItem, bool, error) {
	var path []pathOp
	switch tag {
	case "polygon", "polyline":
		pts := numbers(a["points"])
		for i := 0; i+1 < len(pts); i += 2 {
			op := byte('L')
			if i == 0 {
				op = 'M'
			}
			path = append(path, pathOp{op: op, p: [3]point{{pts[i], pts[i+1]}}})
		}
		if tag == "polygon" && len(path) > 0 {
			path = append(path, pathOp{op: 'Z'})
		}
	case "path":
		var err error
		if path, err = parsePathData(a["d"]); err != nil {
			return svgItem{}, false, err
		}
	case "ellipse", "circle":
		rx, ry := num(a["rx"]), num(a["ry"])
		if tag == "circle" {
			rx, ry = num(a["r"]), num(a["r"])
		}
		path = ellipsePath(num(a["cx"]), num(a["cy"]), rx, ry)
	case "rect":
		x, y, w, h := num(a["x"]), num(a["y"]), num(a["width"]), num(a["height"])
		path = []pathOp{{op: 'M', p: [3]point{{x, y}}}, {op: 'L', p: [3]point{{x + w, y}}},
			{op: 'L', p: [3]point{{x + w, y + h}}}, {op: 'L', p: [3]point{{x, y + h}}}, {op: 'Z'}}
	case "line":
		path = []pathOp{{op: 'M', p: [3]point{{num(a["x1"]), num(a["y1"])}}},
			{op: 'L', p: [3]point{{num(a["x2"]), num(a["y2"])}}}}
	default:
		return svgItem{}, false, nil
	}
	if len(path) == 0 {
		return svgItem{}, false, nil
	}
	for i := range path {
		for j := range path[i].p {
			path[i].p[j] = st.m.apply(path[i].p[j])
		}
	}
	item := svgItem{path: path, stroke: parseColor(st.stroke, st.strOp), width: num(st.width) * st.m.scale()}
	if tag != "polyline" && tag != "line" {
		item.fill = parseColor(st.fill, st.fillOp)
	}
	if d := numbers(st.dashes); len(d) > 0 && st.dashes != "none" {
		for _, x := range d {
			item.dashes = append(item.dashes, x*st.m.scale())
		}
	}
	if item.width <= 0 {
		item.stroke = nil
	}
	return item, item.fill != nil || item.stroke != nil, nil
}

// ellipsePath approximates an ellipse with four cubic Bézier arcs.
func ellipsePath(cx, cy, rx, ry float64) []pathOp {
	const k = 0.5522847498 // 4/3·(√2−1): the control distance for a quarter circle
	kx, ky := k*rx, k*ry
	return []pathOp{
		{op: 'M', p: [3]point{{cx + rx, cy}}},
		{op: 'C', p: [3]point{{cx + rx, cy + ky}, {cx + kx, cy + ry}, {cx, cy + ry}}},
		{op: 'C', p: [3]point{{cx - kx, cy + ry}, {cx - rx, cy + ky}, {cx - rx, cy}}},
		{op: 'C', p: [3]point{{cx - rx, cy - ky}, {cx - kx, cy - ry}, {cx, cy - ry}}},
		{op: 'C', p: [3]point{{cx + kx, cy - ry}, {cx + rx, cy - ky}, {cx + rx, cy}}},
		{op: 'Z'},
	}
}

// parseColor reads none, transparent, #rgb, #rrggbb, #rrggbbaa and the
// SVG colour names; nil means nothing is painted.
func parseColor(s, opacity string) color.Color {
	s = strings.ToLower(strings.TrimSpace(s))
	alpha := 1.0
	if opacity != "" {
		alpha = math.Max(0, math.Min(1, num(opacity)))
	}
	var c color.RGBA
	switch {
	case s == "" || s == "none" || s == "transparent":
		return nil
	case strings.HasPrefix(s, "#"):
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) != 6 && len(h) != 8 {
			return color.Black
		}
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return color.Black
		}
		if len(h) == 8 {
			alpha *= float64(v&0xff) / 255
			v >>= 8
		}
		c = color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
	default:
		named, ok := colornames.Map[s]
		if !ok {
			return color.Black
		}
		c = named
	}
	if alpha <= 0 {
		return nil
	}
	// Premultiply: color.RGBA holds alpha-premultiplied values.
	return color.RGBA{R: uint8(float64(c.R) * alpha), G: uint8(float64(c.G) * alpha),
		B: uint8(float64(c.B) * alpha), A: uint8(255 * alpha)}
}

// num reads a number, 0 when there is none.
func num(s string) float64 {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// numbers reads a list of numbers separated by spaces and/or commas.
func numbers(s string) []float64 {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' || r == '\r' })
	out := make([]float64, 0, len(f))
	for _, x := range f {
		out = append(out, num(x))
	}
	return out
}
