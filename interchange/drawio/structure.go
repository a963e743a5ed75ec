package drawio

import (
	"github.com/iotthreat/iotthreat/interchange"
)

// structure applies what the drawing says to the model: the boundary
// container each shape sits in and the elements each edge joins. On a
// file as exported they agree with the data; where someone moved a shape
// or reconnected an edge in draw.io, the drawing wins, with a note.
func (r *reader) structure(imp *interchange.Import) {
	m := imp.Model
	for i := range m.Boundaries {
		b := &m.Boundaries[i]
		c := r.items["boundaries["+b.ID+"]"]
		if within, ok := r.container(c); ok && within != b.Within {
			imp.Note("boundaries["+b.ID+"]", "Moved in draw.io: within %s, was %s.", orTop(within), orTop(b.Within))
			b.Within = within
		}
		r.checkLabel(imp, "boundaries["+b.ID+"]", c, boundaryLabel(b))
	}
	for i := range m.Elements {
		e := &m.Elements[i]
		c := r.items["elements["+e.ID+"]"]
		if in, ok := r.container(c); ok && in != e.Boundary {
			imp.Note("elements["+e.ID+"]", "Moved in draw.io: in boundary %s, was %s.", orTop(in), orTop(e.Boundary))
			e.Boundary = in
		}
		r.checkLabel(imp, "elements["+e.ID+"]", c, elementLabel(e))
	}
	for i := range m.Flows {
		f := &m.Flows[i]
		key := "flows[" + f.ID + "]"
		c := r.items[key]
		f.From = r.end(imp, key, "from", c.source, f.From)
		f.To = r.end(imp, key, "to", c.target, f.To)
		r.checkLabel(imp, key, c, flowLabel(f))
	}
}

// container finds the boundary a cell sits in: the nearest boundary cell
// among its ancestors (a group drawn around shapes is passed through), or
// none at the top level. ok is false when the chain of parents is broken
// (a missing parent, a cycle, the cell itself among its ancestors): then
// the data's boundary is kept.
func (r *reader) container(c *cell) (boundary string, ok bool) {
	if own, isBoundary := r.boundaryOf[c.id]; isBoundary {
		// A walk up from a boundary's parent that ends at the boundary
		// itself went round a cycle.
		if b, ok := r.above(c.parent); ok && b != own {
			return b, true
		}
		return "", false
	}
	// From the parent: the cell's own id may be "" or "0", which name
	// the top level, and a cell is not its own container anyway.
	return r.above(c.parent)
}

// walkEnd is where a walk up the parents from a cell ends; done is false
// while the walk is under way, so that meeting the cell again is a
// cycle.
type walkEnd struct {
	boundary string
	ok, done bool
}

// above walks up the parents from cell id to the first boundary cell,
// a layer or the root, and notes the answer for every cell it passed, so
// that all the walks of an import together visit each cell once: a
// thousand elements in a chain of a thousand groups cost two thousand
// steps, not a million. A missing cell or a cycle ends the walk, not ok.
func (r *reader) above(id string) (string, bool) {
	var path []string
	var end walkEnd
	for {
		r.walkSteps++
		if id == "" || id == "0" {
			end = walkEnd{ok: true}
			break
		}
		if p, seen := r.places[id]; seen {
			end = p // not done: the walk met a cell it passed, a cycle
			break
		}
		c := r.byCell[id]
		if c == nil {
			break
		}
		if b, isBoundary := r.boundaryOf[id]; isBoundary {
			end = walkEnd{boundary: b, ok: true}
			break
		}
		if c.parent == "0" { // a layer, or a cell on one
			end = walkEnd{ok: true}
		}
		r.places[id] = walkEnd{}
		path = append(path, id)
		if end.ok {
			break
		}
		id = c.parent
	}
	end.done = true
	for _, p := range path {
		r.places[p] = end
	}
	return end.boundary, end.ok
}

// end is a flow's end as the edge connects it: the element of the cell
// it is attached to. An end left unattached, or attached to a shape
// without iotthreat data, keeps the data's element, with a note.
func (r *reader) end(imp *interchange.Import, key, which, cellID, was string) string {
	if cellID == "" {
		imp.Note(key, "The edge's %s end is not attached to a shape in draw.io; kept %s from the iotthreat data.", which, was)
		return was
	}
	id, ok := r.elementOf[cellID]
	if !ok {
		imp.Note(key, "The edge's %s end is attached to cell %q, which is not an iotthreat element; kept %s.", which, cellID, was)
		return was
	}
	if id != was {
		imp.Note(key, "Reconnected in draw.io: %s %s, was %s.", which, id, was)
	}
	return id
}

// checkLabel notes a label edited in draw.io: names come from the data.
func (r *reader) checkLabel(imp *interchange.Import, key string, c *cell, want string) {
	if c.label != want {
		imp.Note(key, "Its label was changed in draw.io to %q; the model keeps its own name and facts: edit those in the model.",
			oneLine(c.label))
	}
}

func orTop(id string) string {
	if id == "" {
		return "(top level)"
	}
	return id
}
