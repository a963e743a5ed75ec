package drawio

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/render"
)

// kindShapes are the draw.io shapes of the built-in element kinds, chosen
// to match the shapes of iotthreat's own diagrams (render's kind styles):
// a three-dimensional box for a device, a hexagon for a gateway, a rounded
// box for a service, a UML component for a third party, a double border
// for a phone or a workstation, a tab for a browser page, a cylinder for
// a store, an ellipse for a person, an arrow for the build pipeline and a
// box with a cut corner for the signing keys. All are draw.io's core
// shapes, so the file needs no extra shape library.
var kindShapes = map[string]string{
	"device":              "shape=cube;size=8;boundedLbl=1;",
	"gateway":             "shape=hexagon;perimeter=hexagonPerimeter2;size=0.12;fixedSize=0;",
	"support-service":     "rounded=1;",
	"third-party-service": "shape=module;jettyWidth=10;jettyHeight=5;",
	"mobile-client":       "shape=ext;double=1;rounded=1;",
	"web-client":          "shape=folder;tabWidth=40;tabHeight=10;tabPosition=left;",
	"datastore":           "shape=cylinder3;boundedLbl=1;backgroundOutline=1;size=8;",
	"user":                "ellipse;",
	"workstation":         "shape=ext;double=1;rounded=0;",
	"build-pipeline":      "shape=singleArrow;arrowWidth=0.7;arrowSize=0.15;",
	"signing-service":     "shape=card;size=12;",
}

// defaultShape draws the kinds a model's vocabulary adds.
const defaultShape = "rounded=0;"

// Colours not given by severity, as in render's palette.
const (
	plainFill        = "#f5f7fa"
	plainBorder      = "#37474f"
	colorEdge        = "#455a64"
	colorUnencrypted = "#d50000"
	colorBoundary    = "#7b1fa2"
)

// boundaryFills tint nested boundaries darker at each level, as the SVG
// diagram does.
var boundaryFills = []string{"#fcfbfe", "#f6f2fb", "#efe8f7", "#e9dff3"}

// textStyle is plain text (html=0: the labels hold the model's text, never
// markup) in the diagrams' font. Shapes wrap their labels; boundaries and
// flows keep the lines their labels have.
const (
	textStyle = "html=0;fontFamily=Helvetica;"
	wrapStyle = "whiteSpace=wrap;" + textStyle
)

// elementStyle is the style of an element of kind whose worst open
// finding has severity worst ("" when the export has no findings, "none"
// when nothing is open).
func elementStyle(kind, worst string) string {
	shape, ok := kindShapes[kind]
	if !ok {
		shape = defaultShape
	}
	fill, border := plainFill, plainBorder
	if f, b, ok := render.SeverityColors(worst); ok {
		fill, border = f, b
	}
	return shape + wrapStyle + "fontSize=10;fillColor=" + fill + ";strokeColor=" + border + ";"
}

func boundaryStyle(depth int) string {
	fill := boundaryFills[min(depth, len(boundaryFills)-1)]
	return "rounded=1;arcSize=8;absoluteArcSize=1;dashed=1;container=1;collapsible=0;recursiveResize=0;" +
		"verticalAlign=top;align=left;spacingLeft=8;spacingTop=2;fontStyle=1;" + textStyle +
		"fontSize=11;fillColor=" + fill + ";strokeColor=" + colorBoundary + ";fontColor=" + colorBoundary + ";"
}

func flowStyle(bidirectional, unencrypted bool) string {
	s := "edgeStyle=none;curved=1;rounded=0;endArrow=block;endFill=1;" + textStyle +
		"fontSize=10;labelBackgroundColor=#ffffff;"
	if bidirectional {
		s += "startArrow=block;startFill=1;"
	}
	if unencrypted {
		return s + "dashed=1;strokeWidth=2;strokeColor=" + colorUnencrypted + ";fontColor=" + colorUnencrypted + ";"
	}
	return s + "strokeColor=" + colorEdge + ";fontColor=" + colorEdge + ";"
}

// severityRank orders severities; higher is worse, -1 is anything else.
func severityRank(s string) int {
	switch s {
	case "critical":
		return 3
	case "high":
		return 2
	case "medium":
		return 1
	case "low":
		return 0
	}
	return -1
}

// openByTarget groups the open and in-progress findings by target id and
// type ("element:lock"), worst first, then by id.
func openByTarget(rep *engine.Report) map[string][]*engine.Finding {
	out := map[string][]*engine.Finding{}
	if rep == nil {
		return out
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Status != "open" && f.Status != "in-progress" {
			continue
		}
		k := f.Target.Type + ":" + f.Target.ID
		out[k] = append(out[k], f)
	}
	for _, fs := range out {
		sort.Slice(fs, func(i, j int) bool {
			if ri, rj := severityRank(fs[i].Severity), severityRank(fs[j].Severity); ri != rj {
				return ri > rj
			}
			return fs[i].ID < fs[j].ID
		})
	}
	return out
}

// maxTooltipFindings bounds the findings a tooltip lists.
const maxTooltipFindings = 12

// findingsTooltip lists open findings, worst first, for a cell's tooltip.
func findingsTooltip(fs []*engine.Finding) string {
	var lines []string
	for i, f := range fs {
		if i == maxTooltipFindings {
			lines = append(lines, "… and "+strconv.Itoa(len(fs)-i)+" more")
			break
		}
		lines = append(lines, f.Severity+" "+f.ID+": "+f.Title)
	}
	return strings.Join(lines, "\n")
}
