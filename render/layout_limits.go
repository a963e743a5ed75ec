package render

import "fmt"

// Graphviz's layout time grows faster than the drawing: measured with
// `iotthreat diagram` on generated models (about three flows per element),
// 1,000 elements take 1.8 s, 2,000 take 8.2 s and 3,000 take 20 s, and a
// model of the largest size the loader accepts would run for hours. The
// laid-out formats (SVG, PNG) are therefore bounded; DOT and Mermaid are
// written in linear time and are not.
const (
	// MaxLayoutElements is the most elements an SVG or PNG diagram lays out.
	MaxLayoutElements = 2000
	// MaxLayoutLines is the most flow lines (flows drawn as one line count
	// once) an SVG or PNG diagram lays out.
	MaxLayoutLines = 8000
)

// LayoutTooLargeError is returned for an SVG or PNG diagram over
// MaxLayoutElements or MaxLayoutLines.
type LayoutTooLargeError struct {
	Elements, Lines int
}

func (e *LayoutTooLargeError) Error() string {
	return fmt.Sprintf("the diagram has %d elements and %d flow lines, more than Graphviz lays out in reasonable time (%d elements, %d lines)\n\thint: draw part of it with --focus ELEMENT, or write --format dot or mermaid",
		e.Elements, e.Lines, MaxLayoutElements, MaxLayoutLines)
}

// checkLayoutSize refuses a diagram too large to lay out.
func checkLayoutSize(d *diagram) error {
	if len(d.nodes) > MaxLayoutElements || len(d.edges) > MaxLayoutLines {
		return &LayoutTooLargeError{Elements: len(d.nodes), Lines: len(d.edges)}
	}
	return nil
}
