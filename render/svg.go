package render

import (
	"bytes"
	"io"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// SVG lays the diagram out with Graphviz and writes it as SVG. The model
// must be valid; rep may be nil (a plain diagram).
func SVG(w io.Writer, l *model.Loaded, rep *engine.Report, opts Options) error {
	svg, err := svgBytes(l, rep, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(svg)
	return err
}

// svgBytes builds the diagram, refuses one too large to lay out (a
// *LayoutTooLargeError), and lays it out.
func svgBytes(l *model.Loaded, rep *engine.Report, opts Options) ([]byte, error) {
	_, dot, err := layoutDOT(l, rep, opts)
	if err != nil {
		return nil, err
	}
	return LayoutSVG(dot)
}

// layoutDOT builds the diagram and writes its DOT, refusing one too large
// to lay out (a *LayoutTooLargeError): what SVG, PNG and Layout share.
func layoutDOT(l *model.Loaded, rep *engine.Report, opts Options) (*diagram, []byte, error) {
	d, err := build(l, rep, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := checkLayoutSize(d); err != nil {
		return nil, nil, err
	}
	var dot bytes.Buffer
	if err := writeDOT(&dot, d); err != nil {
		return nil, nil, err
	}
	return d, dot.Bytes(), nil
}
