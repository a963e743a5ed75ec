package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/goccy/go-graphviz"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// graphvizMu serialises Graphviz: go-graphviz runs one WebAssembly
// instance per process, which is not safe for concurrent use.
var graphvizMu sync.Mutex

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

// LayoutSVG lays out a DOT graph with Graphviz's dot engine and returns
// the SVG.
func LayoutSVG(dot []byte) ([]byte, error) {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("start graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer g.Close()
	var out bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &out); err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	return out.Bytes(), nil
}
