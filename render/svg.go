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

func svgBytes(l *model.Loaded, rep *engine.Report, opts Options) ([]byte, error) {
	var dot bytes.Buffer
	if err := DOT(&dot, l, rep, opts); err != nil {
		return nil, err
	}
	return LayoutSVG(dot.Bytes())
}
