package render

import (
	"image/png"
	"io"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// DefaultScale is the PNG resolution in pixels per point: 1.5 is 108 dpi,
// sharp on ordinary screens and readable when GitHub scales it down.
const DefaultScale = 1.5

// PNG draws the diagram as a PNG image: the SVG laid out by Graphviz,
// rasterised in pure Go (see Rasterize). The model must be valid; rep may
// be nil (a plain diagram).
func PNG(w io.Writer, l *model.Loaded, rep *engine.Report, opts Options) error {
	svg, err := svgBytes(l, rep, opts)
	if err != nil {
		return err
	}
	scale := opts.Scale
	if scale == 0 {
		scale = DefaultScale
	}
	img, err := Rasterize(svg, scale)
	if err != nil {
		return err
	}
	return png.Encode(w, img)
}
