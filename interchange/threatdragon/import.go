package threatdragon

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Cell types, as data.type names them.
const (
	tActor    = "tm.Actor"
	tProcess  = "tm.Process"
	tStore    = "tm.Store"
	tFlow     = "tm.Flow"
	tBox      = "tm.BoundaryBox"
	tCurve    = "tm.Boundary"
	tText     = "tm.Text"
	noBox     = -1
	sourceDoc = "Threat Dragon"
)

// shapeTypes gives a cell's type from its shape when it has no data.type.
var shapeTypes = map[string]string{"actor": tActor, "process": tProcess, "store": tStore, "flow": tFlow,
	"trust-boundary-box": tBox, "trust-boundary-curve": tCurve, "trust-boundary": tCurve, "td-text-block": tText}

// Import converts a Threat Dragon v2 file to a model.
func Import(file string, data []byte) (*interchange.Import, diag.List) {
	return ImportWith(file, data, interchange.Options{})
}

// ImportWith is Import with the importing person's options: a mapping
// file's rules decide the kinds of the shapes and boxes they match (by
// shape type, actor, process or store, or by name), before the guesses
// of kinds.go.
func ImportWith(file string, data []byte, opts interchange.Options) (*interchange.Import, diag.List) {
	doc, diags := parse(file, data)
	if len(diags) > 0 {
		return nil, diags
	}
	title, _ := label(*doc.Summary.Title)
	if title == "" {
		title = "Imported Threat Dragon model"
	}
	c := &converter{file: file, data: data, doc: doc, v: vocab.Builtin(), where: position.New(file, data),
		diags: position.Capped{Max: position.MaxProblems}, namesLeft: MaxCrossingNames,
		imp: interchange.New(title, "Threat Dragon v2 ("+file+")"), ids: text.NewIDs(), mapping: opts.Map}
	if *doc.Summary.Title == "" {
		c.imp.Note("", "The Threat Dragon model has no title: the system is named %q.", title)
	}
	c.system()
	c.restoreRest()
	if c.index(); c.diags.Len() > 0 {
		return nil, c.diags.List()
	}
	c.elements()
	c.boxes()
	c.fitKinds()
	c.flows()
	c.crossings()
	c.threats()
	c.dropOrphanThreats()
	c.orderBoundaries()
	if c.diags.Len() > 0 {
		return nil, c.diags.List()
	}
	if c.restored {
		if d := checkRestored(file, c.imp); len(d) > 0 {
			return nil, d
		}
	}
	return c.imp, nil
}

// converter holds one import's state.
type converter struct {
	file string
	data []byte
	doc  *document
	v    *vocab.Vocabulary
	imp  *interchange.Import
	// where locates offsets of data; diags keeps the first
	// position.MaxProblems problems and counts the rest.
	where *position.Index
	diags position.Capped
	// mapping is the --map file; nil maps nothing.
	mapping *interchange.Mapping
	// ids are the element, flow and boundary ids given so far (one
	// namespace in the model).
	ids     *text.IDs
	offsets map[cellKey]int64 // found on first need, see pos
	// Per diagram, in order:
	diagrams []*diagramState
	threatN  int
	// namesLeft counts down the curve names crossing notes may still
	// list (see MaxCrossingNames).
	namesLeft int
	// restored is set when an item came whole from iotthreat data (see
	// lossless.go, restore.go).
	restored bool
	// takenThreats are the ids of carried threats and rules, which a
	// threat drawn in Threat Dragon must not take.
	takenThreats map[string]bool
}

// diagramState is what import keeps of one diagram.
type diagramState struct {
	index   int
	title   string         // cut short: every item of the diagram names it in a note
	byID    map[string]int // cell id → index in cells
	nodes   []*node        // actors, processes and stores
	boxes   []*box
	curves  []int // cell indexes of boundary curves
	flows   []*flowCell
	nodeOf  map[int]*node
	flowOf  map[int]*flowCell
	boxOf   map[int]*box
	cells   []cell
	skipped map[string]int // cell types not imported, counted
	// unknown are the cells of types import does not know; orphans the
	// cells not imported that carry threats. Each becomes one note.
	unknown, orphans folded
}

type node struct {
	cell  int
	typ   string
	id    string // element id
	kind  string
	given bool // kind written by iotthreat's export, not guessed
	// restored: the element came whole from its cell's iotthreat data.
	restored bool
	rect     rect
	box      int // index into boxes, or noBox
	element  int // index into the model's elements
}

type box struct {
	cell     int
	id       string
	kind     string
	given    bool
	mapped   bool // kind from the mapping file (why says which rule)
	restored bool // the boundary came whole from its cell's iotthreat data
	rect     rect
	parent   int // index into boxes, or noBox
	boundary int // index into the model's boundaries
	why      string
}

type flowCell struct {
	cell     int
	from, to *node
	flow     int // index into the model's flows
}

// pos locates a cell for a diagnostic.
func (c *converter) pos(d *diagramState, i int) diag.Pos {
	if c.offsets == nil {
		c.offsets = cellOffsets(c.data)
	}
	off, ok := c.offsets[cellKey{d.index, i}]
	if !ok {
		return diag.Pos{File: c.file}
	}
	return c.where.At(off)
}

// field names a cell for a diagnostic, as a path into the file.
func field(d *diagramState, i int) string {
	return fmt.Sprintf("detail.diagrams[%d].cells[%d]", d.index, i)
}

func (c *converter) system() {
	s := c.doc.Summary
	m := c.imp.Model
	if owner, cutOff := label(s.Owner); owner != "" {
		m.System.Owner = owner
		if cutOff {
			c.imp.Note("", "The owner was shortened to %d characters.", model.MaxLabelLength)
		}
	}
	if desc, cutOff := prose(s.Description); desc != "" {
		m.System.Description = desc
		if cutOff {
			c.imp.Note("", "The description was shortened to %d characters.", model.MaxProseLength)
		}
	}
}

// cellType is data.type, or the type the shape implies.
func cellType(cl *cell) string {
	if cl.Data != nil && cl.Data.Type != "" {
		return cl.Data.Type
	}
	return shapeTypes[cl.Shape]
}

// index reads every diagram's cells, enforces the limits and refuses
// duplicate cell ids and flows whose ends name nothing.
func (c *converter) index() {
	diagrams := *c.doc.Detail.Diagrams
	total, boundaries := 0, 0
	for di := range diagrams {
		dg := &diagrams[di]
		d := &diagramState{index: di, title: text.Short(dg.Title), byID: map[string]int{}, cells: dg.Cells,
			nodeOf: map[int]*node{}, flowOf: map[int]*flowCell{}, boxOf: map[int]*box{}, skipped: map[string]int{}}
		c.diagrams = append(c.diagrams, d)
		for i := range dg.Cells {
			cl := &dg.Cells[i]
			if total++; total > MaxCells {
				c.diags.Add(c.pos(d, i), field(d, i), "split the model, or remove cells",
					"more than %d cells: the import limit", MaxCells)
				return
			}
			if len(cl.Vertices) > MaxVertices {
				c.diags.Add(c.pos(d, i), field(d, i)+".vertices", "simplify the line", "%d vertices, over the limit of %d", len(cl.Vertices), MaxVertices)
				return
			}
			typ := cellType(cl)
			if typ == tBox || typ == tCurve {
				if boundaries++; boundaries > MaxBoundaryCells {
					c.diags.Add(c.pos(d, i), field(d, i), "split the model, or remove trust boundaries",
						"more than %d trust boundaries: the import limit", MaxBoundaryCells)
					return
				}
			}
			if cl.ID != "" {
				if prev, dup := d.byID[cl.ID]; dup {
					c.diags.Add(c.pos(d, i), field(d, i)+".id", "give each cell its own id",
						"duplicate cell id %q (also %s at %s)", cl.ID, field(d, prev), c.pos(d, prev))
					continue
				}
				d.byID[cl.ID] = i
			}
			switch typ {
			case tActor, tProcess, tStore:
				if cl.ID == "" {
					c.diags.Add(c.pos(d, i), field(d, i)+".id", "flows name the shapes they join by id", "%s cell without an id", typ)
					continue
				}
				n := &node{cell: i, typ: typ, rect: rectOf(cl), box: noBox}
				d.nodes = append(d.nodes, n)
				d.nodeOf[i] = n
			case tBox:
				b := &box{cell: i, rect: rectOf(cl), parent: noBox}
				d.boxes = append(d.boxes, b)
				d.boxOf[i] = b
			case tCurve:
				d.curves = append(d.curves, i)
			case tFlow:
			case tText:
				d.skipped[typ]++
			default:
				d.unknown.add(cl, 0)
			}
		}
		c.indexFlows(d)
	}
}

// indexFlows joins each flow to its two shapes.
func (c *converter) indexFlows(d *diagramState) {
	for i := range d.cells {
		cl := &d.cells[i]
		if cellType(cl) != tFlow {
			continue
		}
		var ends [2]*node
		attached := true
		for k, e := range []*end{cl.Source, cl.Target} {
			key := [2]string{"source", "target"}[k]
			if e == nil || e.Cell == "" {
				attached = false
				continue
			}
			j, ok := d.byID[e.Cell]
			if !ok {
				c.diags.Add(c.pos(d, i), field(d, i)+"."+key+".cell", "attach the flow to a shape in Threat Dragon, or delete it",
					"the flow's %s is cell %q, which the diagram does not have", key, e.Cell)
				continue
			}
			n := d.nodeOf[j]
			if n == nil {
				c.diags.Add(c.pos(d, i), field(d, i)+"."+key+".cell", "flows join actors, processes and stores",
					"the flow's %s is a %s, not an actor, process or store", key, cellType(&d.cells[j]))
				continue
			}
			ends[k] = n
		}
		if !attached {
			d.skipped["flows with an end attached to no shape"]++
			continue
		}
		if ends[0] == nil || ends[1] == nil {
			continue // reported
		}
		if ends[0] == ends[1] {
			d.skipped["flows from a shape to itself"]++
			continue
		}
		fc := &flowCell{cell: i, from: ends[0], to: ends[1]}
		d.flows = append(d.flows, fc)
		d.flowOf[i] = fc
	}
}

// cellName is a cell's name: data.name, else the text drawn on it.
func cellName(cl *cell) string {
	if cl.Data != nil && clean(cl.Data.Name) != "" {
		return cl.Data.Name
	}
	var attrs struct {
		Text  struct{ Text string } `json:"text"`
		Label struct{ Text string } `json:"label"`
	}
	if json.Unmarshal(cl.Attrs, &attrs) == nil {
		if clean(attrs.Text.Text) != "" {
			return attrs.Text.Text
		}
		if clean(attrs.Label.Text) != "" {
			return attrs.Label.Text
		}
	}
	var labels []struct {
		Attrs struct {
			LabelText struct{ Text string } `json:"labelText"`
			Text      struct{ Text string } `json:"text"`
			Label     struct{ Text string } `json:"label"`
		} `json:"attrs"`
	}
	if json.Unmarshal(cl.Labels, &labels) == nil {
		for _, l := range labels {
			for _, t := range []string{l.Attrs.LabelText.Text, l.Attrs.Text.Text, l.Attrs.Label.Text} {
				if clean(t) != "" {
					return t
				}
			}
		}
	}
	return ""
}

// newID makes a unique id from a name, or from fallback when the name has
// no letters or digits. Element, flow and boundary ids share a namespace.
func (c *converter) newID(name, fallback string) string {
	return c.ids.Take(slug(name), fallback)
}

// givenID is the id iotthreat's export wrote, when it is usable.
func (c *converter) givenID(cl *cell) string {
	if cl.Data == nil || cl.Data.IotthreatID == "" || !validID(cl.Data.IotthreatID) || !c.ids.Reserve(cl.Data.IotthreatID) {
		return ""
	}
	return cl.Data.IotthreatID
}

// validID is model's id form: letters, digits, '.', '_' and '-', not
// starting with a punctuation mark, and short.
func validID(id string) bool {
	if len(id) == 0 || len(id) > model.MaxLabelLength {
		return false
	}
	for i, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || i > 0 && (r == '.' || r == '_' || r == '-')
		if !ok {
			return false
		}
	}
	return true
}

// diagramNote says which diagram an item came from, when there are
// several.
func (c *converter) diagramNote(path string, d *diagramState) {
	if len(c.diagrams) > 1 {
		c.imp.Note(path, "From Threat Dragon diagram %d (%q).", d.index+1, d.title)
	}
}

func (c *converter) elements() {
	m := c.imp.Model
	for _, d := range c.diagrams {
		for _, n := range d.nodes {
			cl := &d.cells[n.cell]
			if c.restoreElement(d, n) {
				continue
			}
			name, cutOff := label(cellName(cl))
			n.id = c.givenID(cl)
			if n.id == "" {
				n.id = c.newID(name, map[string]string{tActor: "actor", tProcess: "process", tStore: "store"}[n.typ])
			}
			path := "elements[" + n.id + "]"
			e := model.Element{ID: n.id, Name: name}
			if cutOff {
				c.imp.Note(path, "The name was shortened to %d characters.", model.MaxLabelLength)
			}
			data := cl.Data
			if data == nil {
				data = &cellData{}
			}
			if desc, cutOff := prose(data.Description); desc != "" {
				e.Description = desc
				if cutOff {
					c.imp.Note(path, "The description was shortened to %d characters.", model.MaxProseLength)
				}
			}
			if _, ok := c.v.ElementKind(data.IotthreatKind); ok && data.IotthreatKind != "" {
				n.kind, n.given = data.IotthreatKind, true
			} else if mt, ok := c.mapping.Element(interchange.Subject{What: "Threat Dragon shape", Text: shapeName(n.typ)},
				interchange.Subject{What: "name", Text: name}); ok {
				n.kind = mt.Kind
				c.imp.Note(path, "Kind %s %s.", n.kind, mt.Why())
			} else {
				var why string
				switch n.typ {
				case tActor:
					n.kind, why = guessActor(name, data.OutOfScope)
				case tProcess:
					n.kind, why = guessProcess(name, data.Description)
				default:
					n.kind, why = "datastore", ""
				}
				if why != "" {
					c.imp.Note(path, "Kind %s guessed: %s. Check it.", n.kind, why)
				}
			}
			if data.OutOfScope {
				e.Tags = append(e.Tags, "out-of-scope")
				reason := text.Short(data.ReasonOutOfScope)
				if reason == "" {
					reason = "no reason given"
				}
				c.imp.Note(path, "Out of scope in Threat Dragon (%s); the analysis still covers it.", reason)
			}
			c.diagramNote(path, d)
			e.Kind = n.kind
			n.element = len(m.Elements)
			m.Elements = append(m.Elements, e)
		}
		for _, t := range slices.Sorted(maps.Keys(d.skipped)) {
			n := d.skipped[t]
			c.imp.Note("", "Diagram %d (%q): %d %s not imported.", d.index+1, d.title, n, plural(t, n))
		}
		if u := &d.unknown; u.cells > 0 {
			c.imp.Note("", "Diagram %d (%q): %s not imported, of %s Threat Dragon does not have: %s.", d.index+1, d.title,
				count(u.cells, "cell", "cells"), count(u.kinds.Len(), "type", "types"), u.kindsText())
		}
	}
	if len(c.diagrams) > 1 {
		c.imp.Note("", "The file's %d diagrams are merged into one model; each item notes its diagram. A shape drawn in two diagrams becomes two elements.", len(c.diagrams))
	}
}

// plural words a skipped-cell count: "tm.Text" cells.
func plural(t string, n int) string {
	if len(t) > 3 && t[:3] == "tm." {
		if n == 1 {
			return t + " cell"
		}
		return t + " cells"
	}
	return t
}

// boxes makes each trust boundary box a boundary: members are the shapes
// whose centre it holds (the smallest box wins), and it lies within the
// smallest larger box holding its centre.
func (c *converter) boxes() {
	m := c.imp.Model
	for _, d := range c.diagrams {
		rects := make([]rect, len(d.boxes))
		for i, b := range d.boxes {
			rects[i] = b.rect
		}
		for i, b := range d.boxes {
			b.parent = innermost(rects, b.rect.centre(), i, b.rect.area())
		}
		for _, n := range d.nodes {
			n.box = innermost(rects, n.rect.centre(), noBox, -1)
		}
		for i, b := range d.boxes {
			cl := &d.cells[b.cell]
			if c.restoreBoundary(d, b) {
				continue
			}
			name, cutOff := label(cellName(cl))
			if b.id = c.givenID(cl); b.id == "" {
				b.id = c.newID(name, "boundary")
			}
			path := "boundaries[" + b.id + "]"
			if name == "" {
				name = fmt.Sprintf("Boundary %d", i+1)
				c.imp.Note(path, "The Threat Dragon box has no name.")
			}
			if cutOff {
				c.imp.Note(path, "The name was shortened to %d characters.", model.MaxLabelLength)
			}
			if cl.Data != nil && c.hasBoundaryKind(cl.Data.IotthreatKind) {
				b.kind, b.given = cl.Data.IotthreatKind, true
			} else if mt, ok := c.mapping.Boundary(interchange.Subject{What: "name", Text: name}); ok {
				b.kind, b.why, b.mapped = mt.Kind, mt.Why(), true
			} else {
				b.kind, b.why = guessBoundary(name)
			}
			c.diagramNote(path, d)
			b.boundary = len(m.Boundaries)
			bd := model.Boundary{ID: b.id, Name: name, Kind: b.kind}
			if cl.Data != nil {
				bd.Description, _ = prose(cl.Data.Description)
			}
			m.Boundaries = append(m.Boundaries, bd)
		}
		for _, b := range d.boxes {
			if b.parent != noBox && !b.restored {
				m.Boundaries[b.boundary].Within = d.boxes[b.parent].id
			}
		}
		for _, n := range d.nodes {
			switch {
			case n.restored:
				c.placeRestored(d, n)
			case n.box != noBox:
				m.Elements[n.element].Boundary = d.boxes[n.box].id
			}
		}
	}
	c.checkWithin()
}

// allowedIn reports whether an element kind may sit in a boundary kind.
func (c *converter) allowedIn(kind, boundaryKind string) bool {
	k, ok := c.v.ElementKind(kind)
	return !ok || len(k.BoundaryKinds) == 0 || slices.Contains(k.BoundaryKinds, boundaryKind)
}

// fitKinds makes the guesses agree with iotthreat's rules on where each
// kind may sit and whom a person may talk to. A box takes the kind its
// name suggests when its members may sit in it, else a kind they all may;
// a member that still may not is given a kind of its shape that may, or
// is left outside the box; a person who talks straight to a service or a
// store becomes the workstation they work at.
func (c *converter) fitKinds() {
	m := c.imp.Model
	for _, d := range c.diagrams {
		members := make([][]*node, len(d.boxes))
		for _, n := range d.nodes {
			if n.box != noBox {
				members[n.box] = append(members[n.box], n)
			}
		}
		for i, b := range d.boxes {
			path := "boundaries[" + b.id + "]"
			if !b.given {
				b.kind = c.boxKind(members[i], b)
				m.Boundaries[b.boundary].Kind = b.kind
				if b.mapped {
					c.imp.Note(path, "Kind %s %s.", b.kind, b.why)
				} else {
					c.imp.Note(path, "Kind %s guessed (%s). Check it.", b.kind, b.why)
				}
			}
		}
		for _, n := range d.nodes {
			if n.box == noBox || n.restored {
				continue
			}
			b := d.boxes[n.box]
			if c.allowedIn(n.kind, b.kind) {
				continue
			}
			path := "elements[" + n.id + "]"
			fallbacks := processFallbacks
			if n.typ == tStore {
				fallbacks = storeFallbacks
			}
			moved := false
			if n.typ != tActor {
				for _, k := range fallbacks {
					if c.allowedIn(k, b.kind) {
						c.imp.Note(path, "Kind %s instead of %s, which cannot sit in a %s boundary such as %s.", k, n.kind, b.kind, b.id)
						n.kind, moved = k, true
						break
					}
				}
			}
			if !moved {
				c.imp.Note(path, "Threat Dragon draws it inside box %s, but a %s cannot sit in a %s boundary: left outside it.", b.id, n.kind, b.kind)
				n.box = noBox
				m.Elements[n.element].Boundary = ""
			}
			m.Elements[n.element].Kind = n.kind
		}
		c.fitPeople(d)
	}
}

// boxKind picks a boundary kind every direct member may sit in: the
// guess if it fits, else the first of boundaryPreference that does.
func (c *converter) boxKind(members []*node, b *box) string {
	fits := func(kind string) int {
		n := 0
		for _, e := range members {
			if !c.allowedIn(e.kind, kind) {
				n++
			}
		}
		return n
	}
	if fits(b.kind) == 0 {
		return b.kind
	}
	best, misfits := b.kind, fits(b.kind)
	for _, k := range boundaryPreference {
		if n := fits(k); n < misfits {
			best, misfits = k, n
		}
	}
	switch {
	case best != b.kind && b.mapped:
		b.why = fmt.Sprintf("%s is what the mapping file gives (%s), but it does not fit what the box holds", b.kind, b.why)
		b.mapped = false
	case best != b.kind:
		b.why = fmt.Sprintf("%s would fit the name, but not what the box holds", b.kind)
	}
	return best
}

// fitPeople makes each user whose flows reach a kind a person cannot
// talk to directly (a service, a store, another user) a workstation.
func (c *converter) fitPeople(d *diagramState) {
	m := c.imp.Model
	user, _ := c.v.ElementKind("user")
	for changed, rounds := true, 0; changed && rounds < 3; rounds++ {
		changed = false
		for _, f := range d.flows {
			for _, pair := range [][2]*node{{f.from, f.to}, {f.to, f.from}} {
				p, other := pair[0], pair[1]
				if p.restored || p.kind != "user" || user == nil || slices.Contains(user.ConnectsTo, other.kind) {
					continue
				}
				path := "elements[" + p.id + "]"
				c.imp.Note(path, "Kind workstation: it talks straight to %s, a %s, and iotthreat has a person reach services through a client; this is the machine they work at. If it is a person, add a user and a ui flow to this element.", other.id, other.kind)
				p.kind = "workstation"
				m.Elements[p.element].Kind = p.kind
				if p.box != noBox && !c.allowedIn(p.kind, d.boxes[p.box].kind) {
					c.imp.Note(path, "Left outside box %s: a workstation cannot sit in a %s boundary.", d.boxes[p.box].id, d.boxes[p.box].kind)
					p.box = noBox
					m.Elements[p.element].Boundary = ""
				}
				changed = true
			}
		}
	}
}

func (c *converter) hasBoundaryKind(id string) bool {
	_, ok := c.v.BoundaryKind(id)
	return ok && id != ""
}

// shapeName is the shape type a mapping rule matches: actor, process or
// store.
func shapeName(typ string) string {
	return map[string]string{tActor: "actor", tProcess: "process", tStore: "store"}[typ]
}
