package otm

import (
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
)

// converter turns a read OTM document into a model.
type converter struct {
	file  string
	doc   *document
	diags position.Capped
	// suggested counts the "did you mean" hints worked out (see suggest).
	suggested int
	// mapping is the --map file, whose rules decide kinds before the
	// guesses of kinds.go; nil maps nothing.
	mapping *interchange.Mapping

	zones          map[string]*zone
	components     map[string]*component
	assets         map[string]*asset
	threatDefs     map[string]*threatDef
	mitigationDefs map[string]*mitigationDef
}

func newConverter(file string, doc *document) *converter {
	return &converter{file: file, doc: doc, diags: position.Capped{Max: position.MaxProblems}, zones: map[string]*zone{}, components: map[string]*component{},
		assets: map[string]*asset{}, threatDefs: map[string]*threatDef{}, mitigationDefs: map[string]*mitigationDef{}}
}

// errorf records a problem; past position.MaxProblems they are only
// counted, and the last line of the list says how many more there were.
func (c *converter) errorf(pos diag.Pos, field, hint, format string, args ...any) {
	c.diags.Add(pos, field, hint, format, args...)
}

// index files each item of a list by id, reporting a repeated id.
func index[T any](c *converter, items []T, what, list string, id func(*T) string, pos func(*T) diag.Pos, into map[string]*T) {
	for i := range items {
		it := &items[i]
		k := id(it)
		if k == "" {
			continue // reported as missing
		}
		if prev, dup := into[k]; dup {
			c.errorf(pos(it), list+".id", "give each "+what+" its own id; references name items by id",
				"duplicate %s id %q (first defined at %s)", what, k, pos(prev))
			continue
		}
		into[k] = it
	}
}

// check indexes the document and reports what makes it unconvertible:
// repeated ids, references to nothing, and parents that form a cycle.
func (c *converter) check() {
	d := c.doc
	index(c, d.zones, "trust zone", "trustZones", func(z *zone) string { return z.id }, func(z *zone) diag.Pos { return z.pos }, c.zones)
	index(c, d.components, "component", "components", func(x *component) string { return x.id }, func(x *component) diag.Pos { return x.pos }, c.components)
	flows := map[string]*dataflow{}
	index(c, d.flows, "dataflow", "dataflows", func(x *dataflow) string { return x.id }, func(x *dataflow) diag.Pos { return x.pos }, flows)
	index(c, d.assets, "asset", "assets", func(x *asset) string { return x.id }, func(x *asset) diag.Pos { return x.pos }, c.assets)
	index(c, d.threats, "threat", "threats", func(x *threatDef) string { return x.id }, func(x *threatDef) diag.Pos { return x.pos }, c.threatDefs)
	index(c, d.mitigations, "mitigation", "mitigations", func(x *mitigationDef) string { return x.id }, func(x *mitigationDef) diag.Pos { return x.pos }, c.mitigationDefs)

	for i := range d.zones {
		c.parentRef(&d.zones[i].parent, "trustZones["+d.zones[i].id+"].parent")
	}
	for i := range d.components {
		x := &d.components[i]
		field := "components[" + x.id + "]"
		c.parentRef(&x.parent, field+".parent")
		c.assetRefs(x.processed, field+".assets.processed")
		c.assetRefs(x.stored, field+".assets.stored")
		c.threatRefs(x.threats, field+".threats")
	}
	for i := range d.flows {
		x := &d.flows[i]
		field := "dataflows[" + x.id + "]"
		c.endpoint(x.source, field+".source")
		c.endpoint(x.destination, field+".destination")
		c.assetRefs(x.assets, field+".assets")
		c.threatRefs(x.threats, field+".threats")
	}
	if c.diags.Len() == 0 {
		c.cycles()
	}
}

func (c *converter) parentRef(p *parentRef, field string) {
	switch {
	case p.zone != "":
		if c.zones[p.zone] == nil {
			c.errorf(p.pos, field+".trustZone", c.suggest(p.zone, c.zones), "parent trust zone %q is not defined", p.zone)
		}
	case p.component != "":
		if c.components[p.component] == nil {
			c.errorf(p.pos, field+".component", c.suggest(p.component, c.components), "parent component %q is not defined", p.component)
		}
	}
}

func (c *converter) endpoint(r ref, field string) {
	if r.id == "" {
		return // reported as missing
	}
	if c.components[r.id] == nil {
		hint := c.suggest(r.id, c.components)
		if c.zones[r.id] != nil {
			hint = "a dataflow joins two components; this names a trust zone"
		}
		c.errorf(r.pos, field, hint, "dataflow end %q is not a component", r.id)
	}
}

func (c *converter) assetRefs(refs []ref, field string) {
	for _, r := range refs {
		if r.id != "" && c.assets[r.id] == nil {
			c.errorf(r.pos, field, c.suggest(r.id, c.assets), "asset %q is not defined", r.id)
		}
	}
}

func (c *converter) threatRefs(refs []threatRef, field string) {
	for _, t := range refs {
		if t.threat.id != "" && c.threatDefs[t.threat.id] == nil {
			c.errorf(t.threat.pos, field+".threat", "a threat reference names an entry of the top-level threats list",
				"threat %q is not defined", t.threat.id)
		}
	}
}

// Bounds on "did you mean" hints: each compares the id with every id of
// its kind, so a file of thousands of dangling references to thousands of
// ids would cost their product (a 456 KB file took 34 s) for hints past
// the 100 problems that are listed anyway.
const (
	maxSuggestions       = 20
	maxSuggestCandidates = 2000
)

// suggest is a hint naming the closest id, for a dangling reference.
func (c *converter) suggest(id string, in any) string {
	const plain = "references name items by their id"
	if c.suggested >= maxSuggestions || len(id) > 200 {
		return plain
	}
	c.suggested++
	var ids []string
	switch m := in.(type) {
	case map[string]*zone:
		ids = idsOf(m)
	case map[string]*component:
		ids = idsOf(m)
	case map[string]*asset:
		ids = idsOf(m)
	}
	if s := diag.Suggest(id, ids); s != "" {
		return "did you mean \"" + s + "\"?"
	}
	return plain
}

// idsOf lists m's ids for suggest, or none past maxSuggestCandidates.
func idsOf[T any](m map[string]*T) []string {
	if len(m) > maxSuggestCandidates {
		return nil
	}
	ids := make([]string, 0, len(m))
	for k := range m {
		ids = append(ids, k)
	}
	return ids
}

// cycles reports trust zones and components whose parents lead back to
// themselves. Each chain is walked once: a node reached before is either
// on the current path (a cycle) or already known to end.
func (c *converter) cycles() {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	for i := range c.doc.zones {
		z := &c.doc.zones[i]
		var path []*zone
		for cur := z; cur != nil && state["z:"+cur.id] != done; {
			if state["z:"+cur.id] == onPath {
				c.errorf(cur.parent.pos, "trustZones["+cur.id+"].parent", "a trust zone cannot enclose itself; remove one parent",
					"trust zone nesting cycle through %q", cur.id)
				break
			}
			state["z:"+cur.id] = onPath
			path = append(path, cur)
			cur = c.zones[cur.parent.zone]
		}
		for _, p := range path {
			state["z:"+p.id] = done
		}
	}
	for i := range c.doc.components {
		x := &c.doc.components[i]
		var path []*component
		for cur := x; cur != nil && state["c:"+cur.id] != done; {
			if state["c:"+cur.id] == onPath {
				c.errorf(cur.parent.pos, "components["+cur.id+"].parent", "a component cannot contain itself; remove one parent",
					"component nesting cycle through %q", cur.id)
				break
			}
			state["c:"+cur.id] = onPath
			path = append(path, cur)
			cur = c.components[cur.parent.component]
		}
		for _, p := range path {
			state["c:"+p.id] = done
		}
	}
}
