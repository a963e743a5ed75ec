package drawio

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

const noDataHint = "draw.io shapes carry no protocols, encryption or device facts, so iotthreat does not guess a " +
	"model from them: export the model with `iotthreat export drawio MODEL -o FILE` and edit that, or write the " +
	"model in YAML (see docs/model.md)"

// Import reads a draw.io file that iotthreat exported and returns the
// model it was exported from. The model comes from the iotthreat data on
// the cells; the drawing decides only which boundary a shape sits in and
// which elements an edge joins (see the package documentation). A file
// without iotthreat data is refused.
func Import(file string, data []byte) (*interchange.Import, diag.List) {
	b := &budget{elements: MaxXMLElements, bytes: MaxInflated}
	root, err := parseXML(file, data, b, nil)
	if err != nil {
		return nil, diag.List{diagOf(err)}
	}
	pages, diags := pagesOf(file, root, b)
	if len(diags) > 0 {
		listed := position.Capped{Max: position.MaxProblems}
		for _, d := range diags {
			listed.Keep(d)
		}
		return nil, listed.List()
	}
	var p *page
	var head *cell
	for _, pg := range pages {
		for _, c := range pg.cells {
			if c.custom[attrKind] == kindModel {
				if p == nil {
					p, head = pg, c
				}
				break
			}
		}
	}
	if p == nil {
		where := pages[0].pos
		what := "the drawing"
		if len(pages[0].cells) > 0 {
			where, what = pages[0].cells[0].pos, fmt.Sprintf("cell %q", pages[0].cells[0].id)
		}
		return nil, diag.List{diag.At(where, "", noDataHint,
			"no iotthreat data on %s: only files exported by iotthreat import exactly", what)}
	}
	r := &reader{file: file, page: p, head: head, byCell: map[string]*cell{}, items: map[string]*cell{},
		boundaryOf: map[string]string{}, elementOf: map[string]string{}, places: map[string]walkEnd{}, values: MaxJSONValues,
		diags: position.Capped{Max: position.MaxProblems}}
	imp, diags := r.read()
	if len(diags) > 0 {
		return nil, diags.Sort()
	}
	for _, pg := range pages {
		if pg != p {
			imp.Note("", "Page %q of the file was left out: only the page iotthreat exported (%q) is read.", pg.name, p.name)
		}
	}
	return imp, nil
}

type reader struct {
	file       string
	page       *page
	head       *cell
	byCell     map[string]*cell
	items      map[string]*cell   // "elements[ID]" etc. → the cell holding the item
	boundaryOf map[string]string  // cell id → boundary id
	elementOf  map[string]string  // cell id → element id
	places     map[string]walkEnd // cell id → where a walk up from it ends (see above)
	// walkSteps counts the cells the walks of above stepped on: the
	// work the tests check stays linear in the cells.
	walkSteps int
	// diags keeps the first position.MaxProblems problems and counts
	// the rest.
	diags  position.Capped
	values int // JSON values still allowed (see MaxJSONValues)
}

// reorder puts each section's items in the order of their iotthreat_index
// (model order), whatever order the cells come in; an item without one
// (or with a number that is not one) keeps its place after those with.
func (r *reader) reorder(m *model.Model) {
	index := func(section, id string) int {
		n, err := strconv.Atoi(r.items[section+"["+id+"]"].custom[attrIndex])
		if err != nil || n < 0 {
			return math.MaxInt
		}
		return n
	}
	sort.SliceStable(m.Boundaries, func(i, j int) bool {
		return index("boundaries", m.Boundaries[i].ID) < index("boundaries", m.Boundaries[j].ID)
	})
	sort.SliceStable(m.Elements, func(i, j int) bool {
		return index("elements", m.Elements[i].ID) < index("elements", m.Elements[j].ID)
	})
	sort.SliceStable(m.Flows, func(i, j int) bool {
		return index("flows", m.Flows[i].ID) < index("flows", m.Flows[j].ID)
	})
}

func (r *reader) fail(c *cell, field, hint, format string, args ...any) {
	r.diags.Add(c.pos, field, hint, format, args...)
}

func (r *reader) read() (*interchange.Import, diag.List) {
	m := r.model()
	if r.diags.Len() > 0 {
		return nil, r.diags.List()
	}
	imp := interchange.New(m.System.Name, "the draw.io file "+r.file)
	imp.Model = m
	imp.Note("", "The model was read from the iotthreat data on the drawing's cells: it is the model that was "+
		"exported, its included files merged into this one.")
	var drawn text.Tally // the hand-drawn cells, text.MaxListed of them named
	for _, c := range r.page.cells {
		if dup := r.byCell[c.id]; dup != nil {
			r.fail(c, "cells["+c.id+"]", "draw.io needs every cell id to be unique", "cell id %q is used twice (first at line %d)", c.id, dup.pos.Line)
			continue
		}
		r.byCell[c.id] = c
	}
	for _, c := range r.page.cells {
		switch kind := c.custom[attrKind]; kind {
		case kindModel, "decoration":
		case kindBoundary:
			var bd model.Boundary
			if r.decode(c, &bd, &bd.ID, "boundaries", true) {
				m.Boundaries = append(m.Boundaries, bd)
				r.boundaryOf[c.id] = bd.ID
			}
		case kindElement:
			var e model.Element
			if r.decode(c, &e, &e.ID, "elements", true) {
				m.Elements = append(m.Elements, e)
				r.elementOf[c.id] = e.ID
			}
		case kindFlow:
			var f model.Flow
			if r.decode(c, &f, &f.ID, "flows", false) {
				m.Flows = append(m.Flows, f)
			}
		case "":
			if c.parent != "" && c.parent != "0" && c.id != "0" { // not the root or a layer
				if drawn.Full() {
					drawn.AddUnnamed()
				} else {
					drawn.Add(fmt.Sprintf("%q (%s)", text.Short(c.id), oneLine(c.label)))
				}
			}
		default:
			r.fail(c, "cells["+c.id+"]."+attrKind, "iotthreat writes boundary, element, flow, model or decoration",
				"unknown %s %q", attrKind, kind)
		}
	}
	if r.diags.Len() > 0 {
		return nil, r.diags.List()
	}
	r.reorder(m)
	r.structure(imp)
	if drawn.Len() > 0 {
		imp.Note("", "Cells drawn in draw.io without iotthreat data were left out: %s. Add what they stand for to the model.", &drawn)
	}
	r.validate(m)
	if r.diags.Len() > 0 {
		return nil, r.diags.List()
	}
	return imp, nil
}

// model reads the root cell: the model without its boundaries, elements
// and flows.
func (r *reader) model() *model.Model {
	c := r.head
	if v := c.custom[attrFormat]; v != payloadVersion {
		r.fail(c, "cells[0]."+attrFormat, "export the model again with this version of iotthreat",
			"iotthreat data of format %q: this version reads format %s", v, payloadVersion)
		return nil
	}
	m := &model.Model{}
	if err := decodeJSON(c.custom[attrPayload], m, &r.values); err != nil {
		r.fail(c, "cells[0]."+attrPayload, "the attribute holds the model as JSON; export the model again", "%v", err)
		return nil
	}
	if len(m.Boundaries)+len(m.Elements)+len(m.Flows)+len(m.Include) > 0 {
		r.fail(c, "cells[0]."+attrPayload, "export the model again",
			"the root cell's data holds boundaries, elements, flows or includes: they belong on their own cells")
		return nil
	}
	if m.Version == 0 {
		m.Version = model.FormatVersion
	}
	return m
}

// decode reads a cell's item into v and checks its id against the cell's
// iotthreat_id and the ids read so far.
func (r *reader) decode(c *cell, v any, id *string, section string, vertex bool) bool {
	field := "cells[" + c.id + "]"
	if err := decodeJSON(c.custom[attrPayload], v, &r.values); err != nil {
		r.fail(c, field+"."+attrPayload, "the attribute holds the item as JSON; edit the model, not the attribute, and export again", "%v", err)
		return false
	}
	if *id == "" || (c.custom[attrID] != "" && c.custom[attrID] != *id) {
		r.fail(c, field+"."+attrID, "ids are changed in the model, not in the drawing; export the model again",
			"%s %q does not match the id %q in the cell's iotthreat data", attrID, c.custom[attrID], *id)
		return false
	}
	if vertex && !c.vertex || !vertex && !c.edge {
		want := "a shape (vertex)"
		if !vertex {
			want = "a connector (edge)"
		}
		r.fail(c, field, "", "the cell holds %s %q but is not %s", strings.TrimSuffix(section, "s"), *id, want)
		return false
	}
	key := section + "[" + *id + "]"
	if prev := r.items[key]; prev != nil {
		r.fail(c, field, "each item is on one cell; delete the copy", "%s is also on cell %q (line %d)", key, prev.id, prev.pos.Line)
		return false
	}
	r.items[key] = c
	return true
}

// oneLine is a cell's label as a note quotes it: one line, its first 40
// characters and "…" when longer, "no label" when empty.
func oneLine(s string) string {
	s = text.Squeeze(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	if s == "" {
		return "no label"
	}
	return s
}

// validate checks the model as a model file is checked, and places each
// problem on the cell it is about: the drawing may have been edited into
// something the model does not allow (an element deleted that a flow
// still names).
func (r *reader) validate(m *model.Model) {
	v, diags := vocab.Builtin().Extend(&m.Vocabulary)
	diags = append(diags, model.Validate(m, v)...)
	for _, d := range diags {
		if d.Severity == diag.Warning {
			continue
		}
		c := r.itemCell(d.Field)
		hint := d.Hint
		if hint == "" {
			hint = "the drawing's iotthreat data does not make a valid model; was a shape deleted or edited in draw.io?"
		}
		r.fail(c, d.Field, hint, "%s", d.Message)
	}
}

// itemCell is the cell holding the item a validation problem is about:
// the field names it up to its first ']' ("flows[f1].from" is about
// "flows[f1]"). A field about no item (system.name) is the root cell's.
func (r *reader) itemCell(field string) *cell {
	if c := r.items[field]; c != nil {
		return c
	}
	if i := strings.IndexByte(field, ']'); i >= 0 {
		if c := r.items[field[:i+1]]; c != nil {
			return c
		}
	}
	return r.head
}
