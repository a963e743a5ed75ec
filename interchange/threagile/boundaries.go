package threagile

import (
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// boundary is a Threagile trust boundary while the file is read.
type boundary struct {
	tgID, id, name, field, typ string
	f                          map[string]*strictyaml.Node
	parent                     *boundary
	kind                       string
	mapped                     string // why kind came from the mapping file, if it did
	index                      int    // of its boundary in the model
}

// trustBoundaries converts trust_boundaries into boundaries: the type
// gives the kind, trust_boundaries_nested gives within (on the nested
// one), technical_assets_inside places the assets. An asset or a boundary
// listed inside two boundaries, a missing id and a nesting cycle are
// errors, as they are for Threagile.
func (c *converter) trustBoundaries(n *strictyaml.Node) {
	for _, p := range c.mapping(n, "trust_boundaries") {
		name := p.Key.Value
		field := "trust_boundaries[" + short(name) + "]"
		f := c.fields(p.Value, field)
		tgID, ok := c.sourceID(p, f, field, "trust boundary")
		if !ok {
			continue
		}
		if _, dup := c.boundaries[tgID]; dup {
			c.fail(f["id"], field+".id", "give each trust boundary its own id", "duplicate trust boundary id %q", short(tgID))
			continue
		}
		b := &boundary{tgID: tgID, name: name, field: field, f: f, typ: "network-on-prem"}
		b.id = c.names.take(tgID, "boundary")
		if t := f["type"]; t != nil && t.Kind != strictyaml.Null {
			if _, ok := enum(c, t, field+".type", "trust boundary type", boundaryKinds); ok {
				b.typ = t.Value
			}
		} else {
			c.imp.Note("boundaries["+b.id+"]", "Threagile gives no type: read as network-on-prem.")
		}
		if m, ok := c.kindMap.Boundary(interchange.Subject{What: "Threagile type", Text: b.typ}, interchange.Subject{What: "name", Text: name}); ok {
			// Set before kindOf runs: a mapped kind is not inherited, and
			// the boundaries nested in it that inherit take it.
			b.kind, b.mapped = m.Kind, m.Why()
		}
		c.boundaries[tgID] = b
		c.bndList = append(c.bndList, b)
	}
	for _, b := range c.bndList {
		c.members(b)
	}
	if c.cycles() {
		return
	}
	for i, b := range c.bndList {
		b.index = i
		c.m.Boundaries = append(c.m.Boundaries, c.boundaryOf(b))
	}
}

// members reads which assets and boundaries a boundary holds.
func (c *converter) members(b *boundary) {
	field := b.field + ".technical_assets_inside"
	list, nodes := c.strList(b.f["technical_assets_inside"], field)
	for i, id := range list {
		a, ok := c.assets[id]
		switch {
		case !ok:
			c.fail(nodes[i], field, c.suggestAsset(id), "unknown technical asset %q", short(id))
		case a.boundary == b:
			c.fail(nodes[i], field, "list each asset once", "technical asset %q is listed twice", short(id))
		case a.boundary != nil:
			c.fail(nodes[i], field, "an asset sits directly inside one trust boundary; nest the boundaries instead",
				"technical asset %q is already inside trust boundary %q", short(id), short(a.boundary.name))
		default:
			a.boundary = b
		}
	}
	field = b.field + ".trust_boundaries_nested"
	list, nodes = c.strList(b.f["trust_boundaries_nested"], field)
	for i, id := range list {
		child, ok := c.boundaries[id]
		switch {
		case !ok:
			c.fail(nodes[i], field, "name the id of a trust boundary of this file", "unknown trust boundary %q", short(id))
		case child == b:
			c.fail(nodes[i], field, "remove it: a boundary cannot nest itself", "trust boundary %q nests itself", short(id))
		case child.parent == b:
			c.fail(nodes[i], field, "list each boundary once", "trust boundary %q is listed twice", short(id))
		case child.parent != nil:
			c.fail(nodes[i], field, "a boundary is nested in one boundary only",
				"trust boundary %q is already nested in %q", short(id), short(child.parent.name))
		default:
			child.parent = b
		}
	}
}

// cycles reports nesting cycles (A nests B nests A), once each, and says
// whether there was one. Each boundary has one parent at most, so
// following parents from every boundary, and stopping at boundaries
// already settled, costs linear time.
func (c *converter) cycles() bool {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[*boundary]int{}
	found := false
	for _, start := range c.bndList {
		var path []*boundary
		b := start
		for b != nil && state[b] == unseen {
			state[b] = onPath
			path = append(path, b)
			b = b.parent
		}
		if b != nil && state[b] == onPath {
			found = true
			c.fail(b.f["trust_boundaries_nested"], b.field+".trust_boundaries_nested",
				"a boundary cannot enclose itself; remove one of the nestings",
				"trust boundary nesting cycle through %q", short(b.name))
		}
		for _, p := range path {
			state[p] = done
		}
	}
	return found
}

// kindOf is the iotthreat kind of a boundary: from its type, or, for the
// types that subdivide what encloses them, the enclosing boundary's kind.
// Nesting has no cycles here (cycles checked first), so the walk ends.
func (c *converter) kindOf(b *boundary) string {
	// Walk up while the kind is inherited, then settle the walked chain
	// from the top down: iterative, since a chain may be long.
	var chain []*boundary
	cur := b
	for cur.kind == "" {
		chain = append(chain, cur)
		if !boundaryKinds[cur.typ].Inherit || cur.parent == nil {
			cur.kind = boundaryKinds[cur.typ].Kind
			break
		}
		cur = cur.parent
	}
	for i := len(chain) - 1; i >= 0; i-- {
		if chain[i].kind == "" {
			chain[i].kind = chain[i].parent.kind
		}
	}
	return b.kind
}

func (c *converter) boundaryOf(b *boundary) model.Boundary {
	path := "boundaries[" + b.id + "]"
	out := model.Boundary{ID: b.id, Name: label(clean(b.name)), Kind: c.kindOf(b)}
	desc := clean(c.str(b.f["description"], b.field+".description"))
	out.Description = prose(desc)
	c.noteCut(path, "description", desc, model.MaxProseLength)
	if b.parent != nil {
		out.Within = b.parent.id
	}
	if b.id != b.tgID {
		c.imp.Note(path, "Threagile's id is %q.", b.tgID)
	}
	bk := boundaryKinds[b.typ]
	if b.mapped != "" {
		c.imp.Note(path, "Threagile type %s (%s): kind %s %s.", b.typ, bk.About, out.Kind, b.mapped)
	} else if bk.Inherit && b.parent != nil {
		c.imp.Note(path, "Threagile type %s (%s): kind %s, as the boundary it is nested in.", b.typ, bk.About, out.Kind)
	} else {
		c.imp.Note(path, "Threagile type %s (%s): kind %s.", b.typ, bk.About, out.Kind)
	}
	if tags := c.tags(b.f["tags"], b.field+".tags"); len(tags) > 0 {
		c.imp.Note(path, "Threagile tags: %s.", joinList(tags))
	}
	return out
}

// suggestAsset is the hint for an unknown asset id.
func (c *converter) suggestAsset(id string) string {
	if !c.canSuggest(id) {
		return "name the id of a technical asset of this file"
	}
	ids := make([]string, 0, len(c.assetList))
	for _, a := range c.assetList {
		ids = append(ids, a.tgID)
	}
	if s := c.suggest(id, ids); s != "" {
		return "did you mean \"" + s + "\"?"
	}
	return "name the id of a technical asset of this file"
}
