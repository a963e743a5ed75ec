package render

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Options choose what a diagram shows.
type Options struct {
	// Plain draws the architecture only: no finding colours, counts or
	// severity legend. A nil report draws plainly too.
	Plain bool
	// Focus, when set, is an element id: the diagram shows that element,
	// the elements it exchanges flows with, those flows, and the
	// boundaries around them. It keeps large models usable.
	Focus string
	// Direction is the layout direction: "TB" (top to bottom), "LR" (left
	// to right) or "" to choose: top to bottom unless one layer of kinds
	// (devices, say) holds more than MaxLayerTB elements, when the diagram
	// grows downwards instead of sideways.
	Direction string
	// Title replaces the system name at the top of the diagram.
	Title string
	// Scale is the PNG resolution in pixels per point; 0 means
	// DefaultScale. Other formats ignore it.
	Scale float64
	// Path, when set, draws an attack path highlighted: its elements
	// and flows thick in one colour, named in the legend (see
	// HighlightPath).
	Path *PathHighlight
	// Facts are the model's derived facts when the caller has them (an
	// analysis run with analysis.Options.KeepFacts); nil derives them.
	Facts *engine.Facts
}

// MaxLayerTB is the most elements of one kind layer (see Options.Direction)
// that a top-to-bottom layout puts side by side.
const MaxLayerTB = 8

// MaxLabelledFlows is the most flow lines a DOT, SVG or PNG diagram labels
// (flows drawn as one line, see buildEdges, count once). Beyond it flows
// are drawn as plain lines whose tooltips carry the protocol and data
// (see compactAttrs); Options.Focus draws a part of a large model with its
// labels.
const MaxLabelledFlows = 400

// FocusError is returned when Options.Focus names no element.
type FocusError struct {
	ID   string
	Hint string // "did you mean …?" or the list of element ids; may be empty
}

func (e *FocusError) Error() string {
	msg := fmt.Sprintf("no element %q to focus on", e.ID)
	if e.Hint != "" {
		msg += "\n\thint: " + e.Hint
	}
	return msg
}

// CheckOptions reports options that cannot apply to the model: a Focus
// that names no element (a *FocusError with a "did you mean" hint).
func CheckOptions(l *model.Loaded, opts Options) error {
	if err := checkDirection(opts.Direction); err != nil {
		return err
	}
	_, err := selectElements(l.Model, opts.Focus)
	return err
}

func checkDirection(dir string) error {
	switch dir {
	case "", "TB", "LR":
		return nil
	}
	return fmt.Errorf("unknown layout direction %q (want TB or LR)", dir)
}

// Formats are the output formats, in the order the CLI lists them.
var Formats = []string{"svg", "png", "dot", "mermaid"}

// FormatForFile infers the format from a file name's extension (.svg,
// .png, .dot or .gv, .mmd or .mermaid), or returns "" when it cannot.
func FormatForFile(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".svg":
		return "svg"
	case ".png":
		return "png"
	case ".dot", ".gv":
		return "dot"
	case ".mmd", ".mermaid":
		return "mermaid"
	}
	return ""
}

// Write draws the diagram in one of Formats. The model must be valid; rep
// may be nil (a plain diagram).
func Write(w io.Writer, format string, l *model.Loaded, rep *engine.Report, opts Options) error {
	switch format {
	case "svg":
		return SVG(w, l, rep, opts)
	case "png":
		return PNG(w, l, rep, opts)
	case "dot":
		return DOT(w, l, rep, opts)
	case "mermaid":
		return Mermaid(w, l, rep, opts)
	}
	return fmt.Errorf("unknown diagram format %q (want %s)", format, strings.Join(Formats, ", "))
}
