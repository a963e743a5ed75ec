package pdf

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/iotthreat/iotthreat/render"
)

// pdfDiagramDPI is the resolution of the embedded diagram at its printed
// size: enough to zoom into labels on screen, small enough to keep the
// file a few hundred kilobytes.
const pdfDiagramDPI = 220

// diagram draws the data-flow diagram fitted to a page of its own, in
// landscape when that shows it larger, or the note saying why it is left
// out.
func (p *pdfWriter) diagram() error {
	d := p.d
	if d.DiagramSVG == nil {
		p.startChapter("Diagram", false)
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, pdfOr(d.DiagramNote, "This report has no diagram."))
		return nil
	}
	w, h, err := svgSize(d.DiagramSVG)
	if err != nil {
		return fmt.Errorf("diagram: %w", err)
	}
	p.startChapter("Diagram", pdfLandscapeFits(w, h))
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, "Trust boundaries are nested boxes; elements are coloured by their worst open finding; flows that cross a boundary without encryption are dashed red. `iotthreat diagram` draws the same picture as SVG with tooltips.")
	p.gap(3)
	top := p.f.GetY()
	fit := min(p.innerWidth()/w, (p.bottom()-top)/h) // millimetres per SVG point
	drawW, drawH := w*fit, h*fit
	scale := min(max(drawW/25.4*pdfDiagramDPI/w, 1), 4)
	img, err := render.Rasterize(d.DiagramSVG, scale)
	if err != nil {
		return fmt.Errorf("diagram: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, flattenOnWhite(img)); err != nil {
		return fmt.Errorf("diagram: %w", err)
	}
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	p.f.RegisterImageOptionsReader("diagram", opts, &buf)
	x := pdfMarginLeft + (p.innerWidth()-drawW)/2
	p.f.ImageOptions("diagram", x, top, drawW, drawH, false, opts, 0, "")
	p.f.SetY(top + drawH)
	return nil
}

// pdfLandscapeFits says whether a w×h drawing shows larger on a landscape
// A4 page than on a portrait one.
func pdfLandscapeFits(w, h float64) bool {
	const long, short = 297.0, 210.0
	const titleSpace = 40.0 // header, chapter title and caption
	portrait := min((short-pdfMarginLeft-pdfMarginRight)/w, (long-pdfMarginTop-pdfMarginBottom-titleSpace)/h)
	landscape := min((long-pdfMarginLeft-pdfMarginRight)/w, (short-pdfMarginTop-pdfMarginBottom-titleSpace)/h)
	return landscape > portrait
}

// flattenOnWhite composes the drawing over white in place, so that the
// PNG is opaque RGB: fpdf embeds that as it is, where an alpha channel
// would have to be split into a separate mask.
func flattenOnWhite(img *image.RGBA) *image.RGBA {
	px := img.Pix
	for i := 0; i+3 < len(px); i += 4 {
		if a := px[i+3]; a != 0xff {
			// Premultiplied colour over white: c + (1-α)·255.
			px[i] += 0xff - a
			px[i+1] += 0xff - a
			px[i+2] += 0xff - a
			px[i+3] = 0xff
		}
	}
	return img
}

// svgSize reads the size of an SVG document in its own units from the
// root element's viewBox, or its width and height.
func svgSize(svg []byte) (w, h float64, err error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0, fmt.Errorf("read SVG size: %w", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0, errors.New("read SVG size: the root element is not <svg>")
		}
		attrs := map[string]string{}
		for _, a := range el.Attr {
			attrs[a.Name.Local] = a.Value
		}
		if f := strings.Fields(strings.ReplaceAll(attrs["viewBox"], ",", " ")); len(f) == 4 {
			w, errW := strconv.ParseFloat(f[2], 64)
			h, errH := strconv.ParseFloat(f[3], 64)
			if errW == nil && errH == nil && w > 0 && h > 0 {
				return w, h, nil
			}
		}
		w, errW := strconv.ParseFloat(strings.TrimSuffix(attrs["width"], "pt"), 64)
		h, errH := strconv.ParseFloat(strings.TrimSuffix(attrs["height"], "pt"), 64)
		if errW != nil || errH != nil || w <= 0 || h <= 0 {
			return 0, 0, errors.New("read SVG size: no usable viewBox, width or height")
		}
		return w, h, nil
	}
}
