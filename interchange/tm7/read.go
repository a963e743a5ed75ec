package tm7

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange/internal/geom"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
)

// Generic type ids, which say what a shape or line is whatever template
// (stencil) drew it.
const (
	gProcess  = "GE.P"
	gExternal = "GE.EI"
	gStore    = "GE.DS"
	gFlow     = "GE.DF"
	gBox      = "GE.TB.B"
	gLine     = "GE.TB.L"
	nullGUID  = "00000000-0000-0000-0000-000000000000"
)

// prop is one of an item's properties, as the tool's property grid shows
// it. A list property (a choice among values) is "said" when its choice is
// fixed by the stencil or the person picked other than the first entry,
// the tool's default: a default "No" is not taken for a fact.
type prop struct {
	display string // the label shown, such as "Provides Confidentiality"
	value   string // the text, the boolean, or the list's chosen entry
	list    bool
	said    bool
	header  bool // a heading in the grid; the first one names the stencil
}

// item is a shape (in Borders) or a line (in Lines) of one diagram.
type item struct {
	surface  int
	field    string // path into the file, for diagnostics
	off      int64
	guid     string
	generic  string
	typeID   string
	name     string
	stencil  string // the first heading: the stencil's display name
	props    props
	rect     geom.Rect // shapes
	from, to string    // lines: the guids of their ends
	line     []geom.Point
}

// threatInst is one of the tool's threat instances.
type threatInst struct {
	field                   string
	off                     int64
	typeID, state, priority string
	source, target, flow    string
	stateInfo               string
	props                   map[string]string
}

// surface is one diagram.
type surface struct {
	name   string
	shapes []*item
	lines  []*item
}

// document is what import reads of a .tm7 file.
type document struct {
	meta     *node
	notes    int
	surfaces []*surface
	threats  []*threatInst
	byGUID   map[string]*item
}

// Limits on what a file holds, beyond the XML limits. The tool's own
// samples have a dozen shapes and 43 threats.
const (
	// MaxItems bounds the shapes and lines of all diagrams together.
	MaxItems = 20_000
	// MaxBoundaries bounds the trust boundary boxes and lines: membership
	// tests every shape against every box.
	MaxBoundaries = 1_000
	// MaxThreats bounds the threat instances.
	MaxThreats = 20_000
)

// reader turns the XML nodes into items, with located errors.
type reader struct {
	file string
	// where locates offsets of the file; diags keeps the first
	// position.MaxProblems problems and counts the rest.
	where *position.Index
	diags position.Capped
	doc   *document
	items int
	bnds  int
}

func (r *reader) add(off int64, field, hint, format string, args ...any) {
	r.diags.Add(r.where.At(off), field, hint, format, args...)
}

// read checks the root and reads the diagrams and threats.
func read(file string, data []byte, root *node) (*document, diag.List) {
	r := &reader{file: file, where: position.New(file, data), diags: position.Capped{Max: position.MaxProblems},
		doc: &document{byGUID: map[string]*item{}}}
	if root.name != "ThreatModel" {
		r.add(root.off, root.name, "a .tm7 file's root element is ThreatModel: save the model from the Microsoft Threat Modeling Tool",
			"root element %s: not a Threat Modeling Tool model", root.name)
		return nil, r.diags.List()
	}
	list := root.child("DrawingSurfaceList")
	if list == nil {
		r.add(root.off, "ThreatModel.DrawingSurfaceList", "a .tm7 file keeps its diagrams in DrawingSurfaceList", "no DrawingSurfaceList")
		return nil, r.diags.List()
	}
	r.doc.meta = root.child("MetaInformation")
	if notes := root.child("Notes"); notes != nil {
		r.doc.notes = len(notes.kids)
	}
	n := 0
	for _, s := range list.kids {
		if s.name != "DrawingSurfaceModel" {
			continue
		}
		r.surface(s, n)
		n++
		if r.diags.Len() > 0 {
			return nil, r.diags.List()
		}
	}
	r.links()
	r.threats(root.child("ThreatInstances"))
	if r.diags.Len() > 0 {
		return nil, r.diags.List()
	}
	return r.doc, nil
}

func (r *reader) surface(s *node, index int) {
	sf := &surface{name: propsOf(s.child("Properties")).get("Name")}
	r.doc.surfaces = append(r.doc.surfaces, sf)
	base := fmt.Sprintf("DrawingSurfaceList.DrawingSurfaceModel[%d]", index)
	for _, section := range []string{"Borders", "Lines"} {
		sec := s.child(section)
		if sec == nil {
			continue
		}
		k := 0
		for _, kv := range sec.kids {
			if kv.name != "KeyValueOfguidanyType" {
				continue
			}
			field := fmt.Sprintf("%s.%s[%d]", base, section, k)
			k++
			if r.items++; r.items > MaxItems {
				r.add(kv.off, field, "split the model", "more than %d shapes and lines: the import limit", MaxItems)
				return
			}
			v := kv.child("Value")
			if v == nil {
				r.add(kv.off, field+".Value", "each entry of "+section+" holds a Value", "entry without a Value")
				continue
			}
			it := r.item(v, field+".Value", index, section == "Lines")
			if it == nil {
				continue
			}
			switch {
			case section == "Borders" && it.generic == gBox, section == "Lines" && it.generic == gLine:
				if r.bnds++; r.bnds > MaxBoundaries {
					r.add(v.off, field, "split the model", "more than %d trust boundaries: the import limit", MaxBoundaries)
					return
				}
			}
			if section == "Borders" {
				sf.shapes = append(sf.shapes, it)
			} else {
				sf.lines = append(sf.lines, it)
			}
		}
	}
}

// item reads a shape or a line.
func (r *reader) item(v *node, field string, surface int, isLine bool) *item {
	it := &item{surface: surface, field: field, off: v.off, guid: strings.ToLower(v.str("Guid")),
		generic: v.str("GenericTypeId"), typeID: v.str("TypeId")}
	ps := propsOf(v.child("Properties"))
	it.props = ps
	it.name = ps.get("Name")
	for _, p := range ps {
		if p.header {
			it.stencil = p.display
			break
		}
	}
	if it.guid == "" || it.guid == nullGUID {
		r.add(v.off, field+".Guid", "lines name the shapes they join by Guid", "a %s without a Guid", orWord(it.generic, "shape"))
		return nil
	}
	if prev, dup := r.doc.byGUID[it.guid]; dup {
		first := r.where.At(prev.off)
		r.add(v.off, field+".Guid", "give each shape its own Guid (copy it again in the tool)",
			"duplicate Guid %s (also %s at %d:%d)", it.guid, prev.field, first.Line, first.Column)
		return nil
	}
	r.doc.byGUID[it.guid] = it
	if !isLine {
		var xywh [4]float64
		for i, k := range []string{"Left", "Top", "Width", "Height"} {
			xywh[i] = r.number(v, k, field)
		}
		it.rect = geom.Rect{X: xywh[0], Y: xywh[1], W: xywh[2], H: xywh[3]}
		return it
	}
	it.from, it.to = strings.ToLower(v.str("SourceGuid")), strings.ToLower(v.str("TargetGuid"))
	pt := func(x, y string) geom.Point { return geom.Point{X: r.number(v, x, field), Y: r.number(v, y, field)} }
	a, b := pt("SourceX", "SourceY"), pt("TargetX", "TargetY")
	h := geom.Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2} // a straight line
	if v.child("HandleX") != nil && v.child("HandleY") != nil {
		h = pt("HandleX", "HandleY")
	}
	it.line = curve(a, h, b)
	return it
}

// number reads a coordinate; absent is 0, as the tool reads it.
func (r *reader) number(v *node, name, field string) float64 {
	c := v.child(name)
	if c == nil || c.isNil || strings.TrimSpace(c.text) == "" {
		return 0
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(c.text), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e9 {
		r.add(c.off, field+"."+name, "coordinates are numbers of pixels", "%s is %q, not a coordinate", name, clip(c.text))
		return 0
	}
	return f
}

// curveSegments is how many straight segments stand for a drawn line.
const curveSegments = 16

// curve is the tool's line from a to b bent through the handle h (the
// point a person drags, halfway along): the quadratic curve through the
// three, as straight segments.
func curve(a, h, b geom.Point) []geom.Point {
	// The control point that puts the curve's middle on the handle.
	c := geom.Point{X: 2*h.X - (a.X+b.X)/2, Y: 2*h.Y - (a.Y+b.Y)/2}
	out := make([]geom.Point, curveSegments+1)
	for i := range out {
		t := float64(i) / curveSegments
		u := 1 - t
		out[i] = geom.Point{X: u*u*a.X + 2*u*t*c.X + t*t*b.X, Y: u*u*a.Y + 2*u*t*c.Y + t*t*b.Y}
	}
	return out
}

// links checks that each data flow's ends are shapes that can carry one.
// An end left unattached (the zero Guid) is allowed: import skips that
// flow with a note, as the tool itself draws it unconnected.
func (r *reader) links() {
	for _, sf := range r.doc.surfaces {
		for _, l := range sf.lines {
			if l.generic != gFlow {
				continue
			}
			for k, g := range []string{l.from, l.to} {
				key := []string{"SourceGuid", "TargetGuid"}[k]
				if g == "" || g == nullGUID {
					continue
				}
				end, ok := r.doc.byGUID[g]
				switch {
				case !ok:
					r.add(l.off, l.field+"."+key, "attach the flow to a shape in the tool, or delete it",
						"the flow's %s %s names no shape in the file", key, g)
				case end.surface != l.surface:
					r.add(l.off, l.field+"."+key, "a flow joins shapes of its own diagram",
						"the flow's %s is a shape of another diagram", key)
				case !isElement(end.generic):
					r.add(l.off, l.field+"."+key, "flows join processes, external interactors and data stores",
						"the flow's %s is a %s, not a process, external interactor or data store", key, orWord(end.generic, "shape of no type"))
				}
			}
		}
	}
}

func isElement(generic string) bool {
	return generic == gProcess || generic == gExternal || generic == gStore
}

func (r *reader) threats(list *node) {
	if list == nil {
		return
	}
	for i, kv := range list.kids {
		field := fmt.Sprintf("ThreatInstances[%d]", i)
		if i >= MaxThreats {
			r.add(kv.off, field, "split the model", "more than %d threat instances: the import limit", MaxThreats)
			return
		}
		v := kv.child("Value")
		if v == nil {
			r.add(kv.off, field+".Value", "each threat instance holds a Value", "threat instance without a Value")
			continue
		}
		t := &threatInst{field: field + ".Value", off: v.off, typeID: v.str("TypeId"), state: v.str("State"),
			priority: v.str("Priority"), source: strings.ToLower(v.str("SourceGuid")), target: strings.ToLower(v.str("TargetGuid")),
			flow: strings.ToLower(v.str("FlowGuid")), stateInfo: v.str("StateInformation"), props: map[string]string{}}
		if ps := v.child("Properties"); ps != nil {
			for _, p := range ps.kids {
				if k := p.str("Key"); k != "" {
					t.props[k] = p.str("Value")
				}
			}
		}
		// Older files keep the texts on the instance itself.
		for _, k := range []string{"Title", "UserThreatCategory", "UserThreatDescription", "UserThreatShortDescription"} {
			if t.props[k] == "" {
				t.props[k] = v.str(k)
			}
		}
		r.doc.threats = append(r.doc.threats, t)
	}
}

// props is an item's property list.
type props []prop

func (ps props) get(display string) string {
	for _, p := range ps {
		if p.display == display && !p.header {
			return p.value
		}
	}
	return ""
}

func (ps props) find(display string) (prop, bool) {
	for _, p := range ps {
		if strings.EqualFold(p.display, display) && !p.header {
			return p, true
		}
	}
	return prop{}, false
}

// propsOf reads a Properties element: a list of typed attributes, each
// with a DisplayName and a Value (a text, a boolean, or a list of
// strings with a SelectedIndex).
func propsOf(n *node) props {
	if n == nil {
		return nil
	}
	var out props
	for _, a := range n.kids {
		p := prop{display: strings.TrimSpace(a.str("DisplayName"))}
		typ := a.typ
		if i := strings.IndexByte(typ, ':'); i >= 0 {
			typ = typ[i+1:]
		}
		val := a.child("Value")
		switch {
		case typ == "HeaderDisplayAttribute":
			p.header = true
		case val != nil && len(val.kids) > 0 || strings.Contains(typ, "List"):
			p.list = true
			var entries []string
			if val != nil {
				for _, s := range val.kids {
					entries = append(entries, strings.TrimSpace(s.text))
				}
			}
			sel, err := strconv.Atoi(a.str("SelectedIndex"))
			if err != nil || sel < 0 || sel >= len(entries) {
				break
			}
			p.value = entries[sel]
			p.said = typ == "StaticListDisplayAttribute" || sel > 0
		case val != nil && !val.isNil:
			p.value = strings.TrimSpace(val.text)
			p.said = p.value != ""
		}
		out = append(out, p)
	}
	return out
}

func orWord(s, word string) string {
	if s == "" {
		return word
	}
	return s
}

// clip shortens a value quoted in a diagnostic.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
