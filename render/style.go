package render

// The look of a diagram: one table of shapes per element kind and one
// palette per severity, shared by every output format so that the DOT,
// SVG, PNG and Mermaid forms of a model agree.

// kindStyle is how elements of one kind are drawn.
type kindStyle struct {
	shape   string // Graphviz shape
	style   string // extra Graphviz node styles (rounded, …), before "filled"
	periph  int    // Graphviz peripheries; 0 means the default (1)
	margin  string // Graphviz margin around the label, when the default's is too tight for the shape
	mermaid [2]string
}

// kindStyles maps each built-in element kind to its shape. The shapes
// follow data-flow-diagram habits where there is one (a cylinder for a data
// store, a rounded box for a process) and otherwise a metaphor: a
// three-dimensional box for hardware, a hexagon for a hub, a component for
// someone else's software, a tab for a browser page, a double-bordered
// rounded box for a phone or a workstation, an ellipse for a person, an
// arrow for the pipeline that ships releases, a box with cut corners for
// the keys that sign them.
var kindStyles = map[string]kindStyle{
	"device":              {shape: "box3d", mermaid: [2]string{"[[", "]]"}},
	"gateway":             {shape: "hexagon", mermaid: [2]string{"{{", "}}"}},
	"support-service":     {shape: "box", style: "rounded", mermaid: [2]string{"(", ")"}},
	"third-party-service": {shape: "component", mermaid: [2]string{"[/", "/]"}},
	"mobile-client":       {shape: "box", style: "rounded", periph: 2, mermaid: [2]string{"([", "])"}},
	"web-client":          {shape: "tab", mermaid: [2]string{"[/", "\\]"}},
	"datastore":           {shape: "cylinder", mermaid: [2]string{"[(", ")]"}},
	"user":                {shape: "ellipse", mermaid: [2]string{"((", "))"}},
	"workstation":         {shape: "box", style: "rounded", periph: 2, mermaid: [2]string{"[", "]"}},
	"build-pipeline":      {shape: "rarrow", margin: "0.3,0.2", mermaid: [2]string{">", "]"}},
	"signing-service":     {shape: "box", style: "diagonals", mermaid: [2]string{"[\\", "/]"}},
}

// kindLayers order element kinds from left to right in a DOT diagram:
// people, their clients, devices, gateways, the vendor's services, then
// stores and third parties. Each flow is laid out in this direction
// (drawn with its own arrow), which keeps Graphviz from looping flows
// that run against the others back through far-away label positions.
var kindLayers = map[string]int{
	"user": 0, "mobile-client": 1, "web-client": 1, "workstation": 1, "device": 2, "gateway": 3,
	"support-service": 4, "build-pipeline": 4, "signing-service": 5, "datastore": 5, "third-party-service": 5,
}

// defaultLayer places kinds that a model's vocabulary adds.
const defaultLayer = 4

func layerOf(kind string) int {
	if l, ok := kindLayers[kind]; ok {
		return l
	}
	return defaultLayer
}

// defaultKindStyle draws kinds that a model's vocabulary adds.
var defaultKindStyle = kindStyle{shape: "box", mermaid: [2]string{"[", "]"}}

func styleOf(kind string) kindStyle {
	if s, ok := kindStyles[kind]; ok {
		return s
	}
	return defaultKindStyle
}

// palette is the fill and border colour of one severity.
type palette struct {
	fill, border string
}

// Severity keys of the palette, worst first. "none" is an element without
// open findings; "plain" is any element of a diagram drawn without findings.
const (
	sevNone  = "none"
	sevPlain = "plain"
)

// severities lists the severities in legend order, worst first.
var severities = []string{"critical", "high", "medium", "low", sevNone}

// palettes are light fills (black text stays readable on all of them) with
// a strong border of the same hue.
var palettes = map[string]palette{
	"critical": {fill: "#f28b82", border: "#8b0000"},
	"high":     {fill: "#ffcdd2", border: "#c62828"},
	"medium":   {fill: "#ffe0b2", border: "#e65100"},
	"low":      {fill: "#fff9c4", border: "#f9a825"},
	sevNone:    {fill: "#e8f5e9", border: "#2e7d32"},
	sevPlain:   {fill: "#f5f7fa", border: "#37474f"},
}

// severityRank orders severities; higher is worse, -1 is unknown.
func severityRank(s string) int {
	for i, x := range severities[:4] {
		if x == s {
			return 3 - i
		}
	}
	return -1
}

// Other colours.
const (
	colorUnencrypted = "#d50000" // boundary-crossing flows without encryption
	colorEdge        = "#455a64"
	colorBoundary    = "#7b1fa2"
	colorCaption     = "#455a64"
	fontName         = "Helvetica" // Graphviz has Helvetica metrics; the PNG uses Go fonts of the same widths
)

// boundaryFills tint nested boundaries a little darker at each level, so
// nesting reads at a glance.
var boundaryFills = []string{"#fcfbfe", "#f6f2fb", "#efe8f7", "#e9dff3"}

func boundaryFill(depth int) string {
	return boundaryFills[min(depth, len(boundaryFills)-1)]
}

// SeverityColors returns the fill and border colours ("#rrggbb") the
// diagram gives a severity, or "none" (nothing open); ok is false for
// anything else. Reports use them so that a severity looks the same in the
// diagram, the PDF and the workbook.
func SeverityColors(severity string) (fill, border string, ok bool) {
	p, ok := palettes[severity]
	if !ok || severity == sevPlain {
		return "", "", false
	}
	return p.fill, p.border, true
}
