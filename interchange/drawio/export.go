package drawio

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/render"
)

// margin is the space left around the drawing on the page.
const margin = 20.0

// shareOffset separates the labels of flows that share one route (the
// layout draws flows with the same ends and protection as one line).
const shareOffset = 16.0

// Export writes the model and its findings as an uncompressed draw.io
// file with one page (see the package documentation). The same model and
// findings always give the same bytes.
func Export(w io.Writer, e interchange.Export) error {
	if e.Loaded == nil || e.Loaded.Model == nil {
		return fmt.Errorf("drawio: no model to export")
	}
	pos, graphviz := place(e.Loaded)
	return write(w, e, pos, graphviz)
}

// write writes the file with the layout pos (from Graphviz, or the grid).
func write(w io.Writer, e interchange.Export, pos *render.Positions, graphviz bool) error {
	l := e.Loaded
	x := &exporter{m: l.Model, pos: pos, open: openByTarget(e.Report), findings: e.Report != nil,
		facts: engine.Derive(l), out: &xmlWriter{w: bufio.NewWriter(w)}, depth: map[string]int{}}
	if err := x.write(producer(e), graphviz); err != nil {
		return err
	}
	return x.out.w.Flush()
}

func producer(e interchange.Export) string {
	if e.Producer != "" {
		return e.Producer
	}
	return "iotthreat"
}

type exporter struct {
	m        *model.Model
	pos      *render.Positions
	open     map[string][]*engine.Finding // by "type:id"
	findings bool                         // the export has an analysis: colour by severity
	facts    *engine.Facts
	out      *xmlWriter
	depth    map[string]int // boundary nesting, for the fill
}

func (x *exporter) write(producer string, graphviz bool) error {
	m, o := x.m, x.out
	head, err := rootPayload(m)
	if err != nil {
		return err
	}
	layout := "graphviz"
	if !graphviz {
		layout = "grid"
	}
	o.open("mxfile", a("host", "iotthreat"), a("agent", producer), always("compressed", "false"))
	o.open("diagram", always("id", "iotthreat"), always("name", nameOr(m.System.Name, "iotthreat model")))
	o.open("mxGraphModel", num("dx", x.pos.Width+2*margin), num("dy", x.pos.Height+2*margin),
		always("grid", "1"), always("gridSize", "10"), always("guides", "1"), always("tooltips", "1"),
		always("connect", "1"), always("arrows", "1"), always("fold", "1"), always("page", "1"),
		always("pageScale", "1"), num("pageWidth", x.pos.Width+2*margin), num("pageHeight", x.pos.Height+2*margin+60),
		always("math", "0"), always("shadow", "0"))
	o.open("root")
	o.open("object", always("label", ""), always("id", "0"), a(attrKind, kindModel), a(attrFormat, payloadVersion),
		a("system", m.System.Name), a("layout", layout), a("exported_by", producer), a(attrPayload, head))
	o.empty("mxCell")
	o.close("object")
	o.empty("mxCell", always("id", "1"), always("parent", "0"))
	if err := x.boundaries(); err != nil {
		return err
	}
	if err := x.elements(); err != nil {
		return err
	}
	if err := x.flows(); err != nil {
		return err
	}
	x.legend()
	o.close("root")
	o.close("mxGraphModel")
	o.close("diagram")
	o.close("mxfile")
	return nil
}

// rootPayload is the part of the model no shape carries: everything but
// the boundaries, elements and flows (and the include list: the export is
// of the merged model).
func rootPayload(m *model.Model) (string, error) {
	rest := *m
	rest.Include, rest.Boundaries, rest.Elements, rest.Flows = nil, nil, nil, nil
	return compactJSON(&rest)
}

// Cell ids: a prefix per section keeps a flow and an element of the same
// id apart.
func boundaryCell(id string) string { return "boundary-" + id }
func elementCell(id string) string  { return "element-" + id }
func flowCell(id string) string     { return "flow-" + id }

func (x *exporter) boundaries() error {
	byID, index := map[string]*model.Boundary{}, map[string]int{}
	for i := range x.m.Boundaries {
		byID[x.m.Boundaries[i].ID] = &x.m.Boundaries[i]
		index[x.m.Boundaries[i].ID] = i
	}
	for _, id := range boundaryOrder(x.m) {
		b := byID[id]
		parent, origin := "1", render.Point{X: -margin, Y: -margin}
		if b.Within != "" {
			parent, origin = boundaryCell(b.Within), x.origin(b.Within)
			x.depth[id] = x.depth[b.Within] + 1
		}
		data, err := compactJSON(b)
		if err != nil {
			return fmt.Errorf("boundary %s: %w", id, err)
		}
		fs := x.open["boundary:"+id]
		x.out.open("object", always("label", boundaryLabel(b)), always("id", boundaryCell(id)),
			a(attrKind, kindBoundary), a(attrID, id), always(attrIndex, strconv.Itoa(index[id])), a("kind", b.Kind), a("within", b.Within),
			a("open_findings", count(fs)), a("tooltip", findingsTooltip(fs)), a(attrPayload, data))
		x.cell(boundaryStyle(x.depth[id]), parent, x.pos.Boundaries[id], origin)
		x.out.close("object")
	}
	return nil
}

func (x *exporter) elements() error {
	for i := range x.m.Elements {
		e := &x.m.Elements[i]
		parent, origin := "1", render.Point{X: -margin, Y: -margin}
		if e.Boundary != "" {
			parent, origin = boundaryCell(e.Boundary), x.origin(e.Boundary)
		}
		data, err := compactJSON(e)
		if err != nil {
			return fmt.Errorf("element %s: %w", e.ID, err)
		}
		fs := x.open["element:"+e.ID]
		worst := ""
		if x.findings {
			worst = "none"
			if len(fs) > 0 {
				worst = fs[0].Severity
			}
		}
		x.out.open("object", always("label", elementLabel(e)), always("id", elementCell(e.ID)),
			a(attrKind, kindElement), a(attrID, e.ID), always(attrIndex, strconv.Itoa(i)), a("kind", e.Kind), a("boundary", e.Boundary),
			a("technology", e.Technology), a("open_findings", count(fs)), a("worst_severity", worst),
			a("tooltip", findingsTooltip(fs)), a(attrPayload, data))
		x.cell(elementStyle(e.Kind, worst), parent, x.pos.Elements[e.ID], origin)
		x.out.close("object")
	}
	return nil
}

// cell writes a vertex's mxCell with its box made relative to origin
// (its parent's top-left corner).
func (x *exporter) cell(style, parent string, box render.Box, origin render.Point) {
	x.out.open("mxCell", always("style", style), always("vertex", "1"), always("parent", parent))
	x.out.empty("mxGeometry", num("x", box.X-origin.X), num("y", box.Y-origin.Y),
		num("width", box.W), num("height", box.H), always("as", "geometry"))
	x.out.close("mxCell")
}

// origin is the top-left corner of a boundary's box.
func (x *exporter) origin(boundary string) render.Point {
	b := x.pos.Boundaries[boundary]
	return render.Point{X: b.X, Y: b.Y}
}

func (x *exporter) flows() error {
	shared := map[render.Point]int{} // flows already drawn through a label point
	for i := range x.m.Flows {
		f := &x.m.Flows[i]
		data, err := compactJSON(f)
		if err != nil {
			return fmt.Errorf("flow %s: %w", f.ID, err)
		}
		ff := &x.facts.Flows[i]
		unencrypted := ff.CrossesBoundary && !ff.Encrypted && ff.Medium != "human"
		fs := x.open["flow:"+f.ID]
		crossing := ""
		if unencrypted {
			crossing = "crosses a trust boundary unencrypted"
		}
		x.out.open("object", always("label", flowLabel(f)), always("id", flowCell(f.ID)),
			a(attrKind, kindFlow), a(attrID, f.ID), always(attrIndex, strconv.Itoa(i)), a("protocol", f.Protocol), a("encryption", f.Encryption),
			a("authentication", f.Authentication), a("data", strings.Join(f.Data, ", ")), a("warning", crossing),
			a("open_findings", count(fs)), a("tooltip", findingsTooltip(fs)), a(attrPayload, data))
		x.out.open("mxCell", always("style", flowStyle(f.Bidirectional, unencrypted)), always("edge", "1"),
			always("parent", "1"), always("source", elementCell(f.From)), always("target", elementCell(f.To)))
		r, ok := x.pos.Flows[f.ID]
		if !ok || len(r.Points) < 4 {
			x.out.empty("mxGeometry", always("relative", "1"), always("as", "geometry"))
		} else {
			shift := float64(shared[r.Label]) * shareOffset
			shared[r.Label]++
			way, at := waypoints(r)
			x.out.open("mxGeometry", num("x", at), always("relative", "1"), always("as", "geometry"))
			x.out.open("Array", always("as", "points"))
			for _, p := range way {
				x.out.empty("mxPoint", num("x", p.X+margin), num("y", p.Y+margin+shift))
			}
			x.out.close("Array")
			x.out.close("mxGeometry")
		}
		x.out.close("mxCell")
		x.out.close("object")
	}
	return nil
}

// legend explains the colours below the drawing. Import ignores it.
func (x *exporter) legend() {
	text := "Exported by iotthreat. Red dashed lines cross a trust boundary unencrypted."
	if x.findings {
		text = "Exported by iotthreat. Fill: worst open finding (red critical or high, orange medium, " +
			"yellow low, green none). Red dashed lines cross a trust boundary unencrypted."
	}
	x.out.open("object", always("label", text), always("id", "iotthreat-legend"), a(attrKind, "decoration"))
	x.out.open("mxCell", always("style", "text;align=left;verticalAlign=top;"+textStyle+"fontSize=10;fontColor=#455a64;"),
		always("vertex", "1"), always("parent", "1"))
	x.out.empty("mxGeometry", num("x", margin), num("y", x.pos.Height+2*margin), num("width", max(x.pos.Width, 400)),
		num("height", 30), always("as", "geometry"))
	x.out.close("mxCell")
	x.out.close("object")
}

func count(fs []*engine.Finding) string {
	if len(fs) == 0 {
		return ""
	}
	return strconv.Itoa(len(fs))
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// Labels: what the shapes show. They are made from the item alone, so
// that Import can tell whether one was edited in draw.io.
func elementLabel(e *model.Element) string { return nameOr(e.Name, e.ID) + "\n" + e.Kind }

func boundaryLabel(b *model.Boundary) string { return nameOr(b.Name, b.ID) + " · " + b.Kind }

// dataWidth is where a flow label's list of data wraps, in characters.
const dataWidth = 28

// flowLabel is the protocol, the encryption the flow declares, and the
// data it carries, a few to a line.
func flowLabel(f *model.Flow) string {
	head := f.Protocol
	if f.Encryption != "" && f.Encryption != "none" {
		head += " (" + f.Encryption + ")"
	}
	lines := []string{head}
	cur := ""
	for i, d := range f.Data {
		item := d
		if i < len(f.Data)-1 {
			item += ","
		}
		switch {
		case cur == "":
			cur = item
		case len(cur)+1+len(item) > dataWidth:
			lines, cur = append(lines, cur), item
		default:
			cur += " " + item
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return strings.Join(lines, "\n")
}
