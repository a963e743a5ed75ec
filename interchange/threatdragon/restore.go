package threatdragon

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
)

// A file iotthreat exported carries the model whole (see lossless.go).
// Import takes each carried item as it is, with no guess and no note,
// and then applies what a person changed in Threat Dragon's own fields
// since: a name or description, a shape dragged into another box, a flow
// attached to another shape, a threat's status. Each change is noted.
// Shapes, flows and threats drawn in Threat Dragon without iotthreat data
// are converted as in any Threat Dragon file.

// claim takes id for an item carried whole, when it is a model id that
// no earlier item took.
func (c *converter) claim(id string) bool {
	return validID(id) && c.ids.Reserve(id)
}

// restoreRest takes the system, data, tracking, rules, hand-written
// threats, vocabulary, product and attack paths from the summary's
// iotthreat data. Threat Dragon's title, owner and description win when
// they were changed there.
func (c *converter) restoreRest() {
	s := c.doc.Summary
	var r model.Model
	ok, err := decodeItem(s.Item, &r)
	if err != nil {
		c.itemError(diag.Pos{File: c.file, Line: 1, Column: 1}, "summary", err)
		return
	}
	if !ok {
		return
	}
	c.restored = true
	m := c.imp.Model
	title := m.System.Name
	m.System, m.Data, m.Tracking, m.Rules, m.Threats = r.System, r.Data, r.Tracking, r.Rules, r.Threats
	m.Vocabulary, m.Product, m.AttackPaths = r.Vocabulary, r.Product, r.AttackPaths
	if *s.Title != r.System.Name && clean(*s.Title) != "" {
		c.imp.Note("", "Renamed in Threat Dragon (was %q).", r.System.Name)
		m.System.Name = title
	}
	if s.Owner != r.System.Owner {
		c.imp.Note("", "Owner changed in Threat Dragon (was %q).", r.System.Owner)
		m.System.Owner, _ = label(s.Owner)
	}
	if s.Description != r.System.Description {
		c.imp.Note("", "Description changed in Threat Dragon.")
		m.System.Description, _ = prose(s.Description)
	}
	c.takenThreats = map[string]bool{}
	for _, t := range r.Threats {
		c.takenThreats[t.ID] = true
	}
	for _, rule := range r.Rules {
		c.takenThreats[rule.ID] = true
	}
}

// edited applies a name or description changed in Threat Dragon to an
// item carried whole. Export wrote the name (or the id, for an item
// without one) and the description as they are, so any difference is an
// edit.
func (c *converter) edited(path string, data *cellData, name, description *string, id string) {
	if was := nameOr(*name, id); data.Name != was && clean(data.Name) != "" {
		c.imp.Note(path, "Renamed in Threat Dragon (was %q).", was)
		*name, _ = label(data.Name)
	}
	if data.Description != *description {
		c.imp.Note(path, "Description changed in Threat Dragon.")
		*description, _ = prose(data.Description)
	}
}

// restoreElement converts an actor, process or store whose data carries
// its element whole; false when it carries none (or one that cannot be
// used: an error, or an id already taken), so that the shape is
// converted as any other.
func (c *converter) restoreElement(d *diagramState, n *node) bool {
	cl := &d.cells[n.cell]
	if cl.Data == nil {
		return false
	}
	var e model.Element
	ok, err := decodeItem(cl.Data.Item, &e)
	if err != nil {
		c.itemError(c.pos(d, n.cell), field(d, n.cell)+".data", err)
		return false
	}
	if !ok || !c.claim(e.ID) {
		return false
	}
	path := "elements[" + e.ID + "]"
	c.edited(path, cl.Data, &e.Name, &e.Description, e.ID)
	c.diagramNote(path, d)
	n.id, n.kind, n.given, n.restored = e.ID, e.Kind, true, true
	n.element = len(c.imp.Model.Elements)
	c.imp.Model.Elements = append(c.imp.Model.Elements, e)
	c.restored = true
	return true
}

// restoreBoundary is restoreElement for a trust boundary box. Its
// within comes from the data, not from where the box lies.
func (c *converter) restoreBoundary(d *diagramState, b *box) bool {
	cl := &d.cells[b.cell]
	if cl.Data == nil {
		return false
	}
	var bd model.Boundary
	ok, err := decodeItem(cl.Data.Item, &bd)
	if err != nil {
		c.itemError(c.pos(d, b.cell), field(d, b.cell)+".data", err)
		return false
	}
	if !ok || !c.claim(bd.ID) {
		return false
	}
	path := "boundaries[" + bd.ID + "]"
	c.edited(path, cl.Data, &bd.Name, &bd.Description, bd.ID)
	c.diagramNote(path, d)
	b.id, b.kind, b.given, b.restored = bd.ID, bd.Kind, true, true
	b.boundary = len(c.imp.Model.Boundaries)
	c.imp.Model.Boundaries = append(c.imp.Model.Boundaries, bd)
	c.restored = true
	return true
}

// restoreFlow is restoreElement for a flow. The ends are the shapes the
// line is attached to in the file: a flow attached elsewhere in Threat
// Dragon follows the line.
func (c *converter) restoreFlow(d *diagramState, f *flowCell) bool {
	cl := &d.cells[f.cell]
	if cl.Data == nil {
		return false
	}
	var fl model.Flow
	ok, err := decodeItem(cl.Data.Item, &fl)
	if err != nil {
		c.itemError(c.pos(d, f.cell), field(d, f.cell)+".data", err)
		return false
	}
	if !ok || !c.claim(fl.ID) {
		return false
	}
	path := "flows[" + fl.ID + "]"
	if fl.From != f.from.id || fl.To != f.to.id {
		c.imp.Note(path, "Reconnected in Threat Dragon: from %s to %s (it was from %s to %s).", f.from.id, f.to.id, fl.From, fl.To)
		fl.From, fl.To = f.from.id, f.to.id
	}
	c.edited(path, cl.Data, &fl.Name, &fl.Description, fl.ID)
	c.diagramNote(path, d)
	f.flow = len(c.imp.Model.Flows)
	c.imp.Model.Flows = append(c.imp.Model.Flows, fl)
	c.restored = true
	return true
}

// placeRestored follows a shape carried whole that was dragged into
// another box, or out of every box, in Threat Dragon, when its kind may
// sit there.
func (c *converter) placeRestored(d *diagramState, n *node) {
	e := &c.imp.Model.Elements[n.element]
	drawnIn, kind := "", ""
	if n.box != noBox {
		drawnIn, kind = d.boxes[n.box].id, d.boxes[n.box].kind
	}
	if drawnIn == e.Boundary {
		return
	}
	path := "elements[" + e.ID + "]"
	was := e.Boundary
	if was == "" {
		was = "no boundary"
	}
	switch {
	case drawnIn == "":
		c.imp.Note(path, "Moved in Threat Dragon: drawn outside every box (it was in %s).", was)
		e.Boundary = ""
	case c.allowedIn(e.Kind, kind):
		c.imp.Note(path, "Moved in Threat Dragon: drawn inside box %s (it was in %s).", drawnIn, was)
		e.Boundary = drawnIn
	default:
		c.imp.Note(path, "Threat Dragon draws it inside box %s, but a %s cannot sit in a %s boundary: kept in %s.", drawnIn, e.Kind, kind, was)
	}
}

// checkWithin clears a carried within that names a boundary whose box
// was deleted in Threat Dragon.
func (c *converter) checkWithin() {
	m := c.imp.Model
	ids := make(map[string]bool, len(m.Boundaries))
	for _, b := range m.Boundaries {
		ids[b.ID] = true
	}
	for i := range m.Boundaries {
		b := &m.Boundaries[i]
		if b.Within != "" && !ids[b.Within] {
			c.imp.Note("boundaries["+b.ID+"]", "It was within %s, whose box is no longer in the file: now within no boundary.", b.Within)
			b.Within = ""
		}
	}
}

// findingStatus reads the status of a threat Export wrote for one of
// iotthreat's findings (f). With the status it was exported with, a
// status left as it was keeps the carried tracking (reason, date and
// ticket included), and a changed one replaces it, with a note; without
// it (an older export) the status is taken as it reads.
func (c *converter) findingStatus(t *threat, f string) {
	m := c.imp.Model
	path := "tracking[" + f + "]"
	was, known := statusNames[t.FindingStatus]
	now := strings.ReplaceAll(clean(t.Status), " ", "")
	if known && strings.EqualFold(now, was) {
		return
	}
	if tr, ok := c.tracking(t, path); ok {
		m.Tracking = mapSet(m.Tracking, f, tr)
		if known {
			c.imp.Note(path, "Status changed in Threat Dragon from %s to %s.", was, clean(t.Status))
		}
		return
	}
	if _, tracked := m.Tracking[f]; known && tracked && (now == "" || strings.EqualFold(now, "open")) {
		delete(m.Tracking, f)
		c.imp.Note("", "Finding %s was reopened in Threat Dragon (it was %s): its tracking entry is left out.", f, was)
	}
}

// nextThreatID numbers the threats drawn in Threat Dragon, past the ids
// of carried threats and rules.
func (c *converter) nextThreatID() string {
	for {
		c.threatN++
		id := fmt.Sprintf("TD-THREAT-%03d", c.threatN)
		if !c.takenThreats[id] {
			return id
		}
	}
}

// dropOrphanThreats leaves out carried hand-written threats whose target
// was deleted in Threat Dragon.
func (c *converter) dropOrphanThreats() {
	m := c.imp.Model
	if len(m.Threats) == 0 {
		return
	}
	ids := map[string]bool{"system": true}
	for _, e := range m.Elements {
		ids[e.ID] = true
	}
	for _, f := range m.Flows {
		ids[f.ID] = true
	}
	for _, b := range m.Boundaries {
		ids[b.ID] = true
	}
	for _, d := range m.Data {
		ids[d.ID] = true
	}
	kept := m.Threats[:0]
	for _, t := range m.Threats {
		if ids[t.Target] {
			kept = append(kept, t)
			continue
		}
		c.imp.Note("", "Threat %s (%q) is left out: its target %s is no longer in the file.", t.ID, t.Title, t.Target)
	}
	m.Threats = kept
}

// orderBoundaries puts the boundaries carried whole back in the model's
// order (iotthreatIndex on their boxes), before the boxes drawn in
// Threat Dragon, which keep the file's order. Called last: the boxes'
// indexes into the list are no longer needed.
func (c *converter) orderBoundaries() {
	m := c.imp.Model
	index := map[string]int{}
	for _, d := range c.diagrams {
		for _, b := range d.boxes {
			if cl := &d.cells[b.cell]; b.restored && cl.Data.Index != nil {
				index[b.id] = *cl.Data.Index
			}
		}
	}
	if len(index) == 0 {
		return
	}
	key := func(b model.Boundary) int {
		if i, ok := index[b.ID]; ok {
			return i
		}
		return math.MaxInt
	}
	sort.SliceStable(m.Boundaries, func(i, j int) bool { return key(m.Boundaries[i]) < key(m.Boundaries[j]) })
}
