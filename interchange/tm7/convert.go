package tm7

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/geom"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// MaxCrossingWork bounds the segment pairs compared to find which flows
// cross which boundary lines; past it the crossings are left out with a
// note instead of computed.
const MaxCrossingWork = 20_000_000

// converter holds one import's state.
type converter struct {
	doc *document
	v   *vocab.Vocabulary
	imp *interchange.Import
	ids *text.IDs // element, flow and boundary ids: one namespace
	// Per diagram, in order; and the converted items by Guid.
	nodes   map[string]*elem
	boxByID map[string]*box // by Guid
	flows   map[string]*flow
	threatN int
	mapping *interchange.Mapping // the --map file; nil maps nothing
}

// elem is a shape that became an element.
type elem struct {
	it      *item
	id      string
	kind    string
	box     *box
	element int // index into the model's elements
}

// box is a trust boundary box that became a boundary.
type box struct {
	it       *item
	id, kind string
	why      string
	mapped   bool // kind from the mapping file (why says which rule)
	parent   *box
	boundary int
	members  []*elem
}

// flow is a data flow that became a flow.
type flow struct {
	it       *item
	id       string
	from, to *elem
	index    int
}

// newID makes a unique id from a name, or from fallback when the name
// has no ASCII letters or digits.
func (c *converter) newID(name, fallback string) string {
	return c.ids.Take(text.Slug(name, maxIDLength), fallback)
}

// surfaceNote says which diagram an item came from, when there are
// several.
func (c *converter) surfaceNote(path string, it *item) {
	if len(c.doc.surfaces) > 1 {
		c.imp.Note(path, "From Threat Modeling Tool diagram %d (%q).", it.surface+1, c.doc.surfaces[it.surface].name)
	}
}

// outOfScope tags an item the tool marks out of scope, and says why.
func (c *converter) outOfScope(path string, it *item) []string {
	if p, ok := it.props.find("Out Of Scope"); !ok || !strings.EqualFold(p.value, "true") {
		return nil
	}
	reason := text.OneLine(it.props.get("Reason For Out Of Scope"))
	if reason == "" {
		reason = "no reason given"
	}
	c.imp.Note(path, "Out of scope in the Threat Modeling Tool (%s); the analysis still covers it.", reason)
	return []string{"out-of-scope"}
}

// elements makes each process, external interactor and data store an
// element, guessing its kind.
func (c *converter) elements() {
	m := c.imp.Model
	skipped := map[string]int{}
	for _, sf := range c.doc.surfaces {
		for _, it := range sf.shapes {
			if !isElement(it.generic) {
				if it.generic != gBox {
					skipped[orWord(it.generic, "untyped")]++
				}
				continue
			}
			name, cutOff := text.Label(it.name)
			fallback := map[string]string{gProcess: "process", gExternal: "external", gStore: "store"}[it.generic]
			e := &elem{it: it, id: c.newID(name, fallback)}
			path := "elements[" + e.id + "]"
			if name == "" {
				name = e.id
				c.imp.Note(path, "The shape has no name in the Threat Modeling Tool.")
			}
			if cutOff {
				c.imp.Note(path, "The name was shortened to %d characters.", model.MaxLabelLength)
			}
			if mt, ok := c.mapping.Element(c.subjects(it, name)...); ok {
				e.kind = mt.Kind
				c.imp.Note(path, "Kind %s %s.", e.kind, mt.Why())
			} else {
				var why string
				switch it.generic {
				case gProcess:
					e.kind, why = guessProcess(it)
				case gExternal:
					e.kind, why = guessExternal(it)
				default:
					e.kind = "datastore"
				}
				if why != "" {
					c.imp.Note(path, "Kind %s guessed: %s (stencil %q). Check it.", e.kind, why, orWord(it.stencil, it.typeID))
				}
			}
			c.surfaceNote(path, it)
			e.element = len(m.Elements)
			m.Elements = append(m.Elements, model.Element{ID: e.id, Name: name, Kind: e.kind, Tags: c.outOfScope(path, it)})
			c.nodes[it.guid] = e
		}
	}
	for _, g := range slices.Sorted(maps.Keys(skipped)) {
		c.imp.Note("", "%d shapes of type %s (annotations and the like) not imported.", skipped[g], g)
	}
	if len(c.doc.surfaces) > 1 {
		c.imp.Note("", "The file's %d diagrams are merged into one model; each item notes its diagram.", len(c.doc.surfaces))
	}
}

// boxes makes each trust boundary box a boundary. Its members are the
// shapes whose centre it holds (the smallest box wins); it lies within
// the smallest larger box holding its centre.
func (c *converter) boxes() {
	m := c.imp.Model
	for _, sf := range c.doc.surfaces {
		var bs []*box
		var rects []geom.Rect
		for _, it := range sf.shapes {
			if it.generic == gBox {
				bs = append(bs, &box{it: it})
				rects = append(rects, it.rect)
			}
		}
		for i, b := range bs {
			if p := geom.Innermost(rects, b.it.rect.Centre(), i, b.it.rect.Area()); p >= 0 {
				b.parent = bs[p]
			}
			name, cutOff := text.Label(b.it.name)
			b.id = c.newID(name, "boundary")
			path := "boundaries[" + b.id + "]"
			if name == "" {
				name = fmt.Sprintf("Boundary %d", i+1)
				c.imp.Note(path, "The trust boundary has no name in the Threat Modeling Tool.")
			}
			if cutOff {
				c.imp.Note(path, "The name was shortened to %d characters.", model.MaxLabelLength)
			}
			if mt, ok := c.mapping.Boundary(c.subjects(b.it, name)...); ok {
				b.kind, b.why, b.mapped = mt.Kind, mt.Why(), true
			} else {
				b.kind, b.why = guessBoundary(b.it)
			}
			c.surfaceNote(path, b.it)
			b.boundary = len(m.Boundaries)
			m.Boundaries = append(m.Boundaries, model.Boundary{ID: b.id, Name: name, Kind: b.kind})
			c.boxByID[b.it.guid] = b
		}
		for _, b := range bs {
			if b.parent != nil {
				m.Boundaries[b.boundary].Within = b.parent.id
			}
		}
		for _, it := range sf.shapes {
			e := c.nodes[it.guid]
			if e == nil {
				continue
			}
			if i := geom.Innermost(rects, it.rect.Centre(), -1, -1); i >= 0 {
				e.box = bs[i]
				bs[i].members = append(bs[i].members, e)
			}
		}
	}
}

// allowedIn reports whether an element kind may sit in a boundary kind.
func (c *converter) allowedIn(kind, boundaryKind string) bool {
	k, ok := c.v.ElementKind(kind)
	return !ok || len(k.BoundaryKinds) == 0 || slices.Contains(k.BoundaryKinds, boundaryKind)
}

// fitKinds makes the guesses agree with iotthreat's rules on where each
// kind may sit: a box takes the kind its name suggests when its members
// may sit in it, else the kind that fewest of them may not; a member that
// still may not is given another kind of its shape that may, or, failing
// that, is left outside the box. Membership is kept wherever a kind
// allows it, since it is what the drawing says.
func (c *converter) fitKinds() {
	m := c.imp.Model
	for _, b := range c.sortedBoxes() {
		misfits := func(kind string) int {
			n := 0
			for _, e := range b.members {
				if !c.allowedIn(e.kind, kind) {
					n++
				}
			}
			return n
		}
		best, worst := b.kind, misfits(b.kind)
		for _, k := range boundaryPreference {
			if worst == 0 {
				break
			}
			if n := misfits(k); n < worst {
				best, worst = k, n
			}
		}
		path := "boundaries[" + b.id + "]"
		switch {
		case best != b.kind && b.mapped:
			c.imp.Note(path, "Kind %s: %s is what the mapping file gives (%s), but it does not fit what the box holds. Check it.", best, b.kind, b.why)
		case best != b.kind:
			c.imp.Note(path, "Kind %s: %s would fit the name (%s), but not what the box holds. Check it.", best, b.kind, b.why)
		case b.mapped:
			c.imp.Note(path, "Kind %s %s.", b.kind, b.why)
		default:
			c.imp.Note(path, "Kind %s guessed: %s. Check it.", b.kind, b.why)
		}
		b.kind = best
		m.Boundaries[b.boundary].Kind = best
		for _, e := range b.members {
			if c.allowedIn(e.kind, b.kind) {
				continue
			}
			c.refit(e, b)
		}
	}
}

// refit gives a member that may not sit in its box another kind, or
// leaves it outside.
func (c *converter) refit(e *elem, b *box) {
	m := c.imp.Model
	path := "elements[" + e.id + "]"
	for _, k := range fallbacks[e.it.generic] {
		if c.allowedIn(k, b.kind) {
			c.imp.Note(path, "Kind %s instead of %s, which cannot sit in a %s boundary such as %s.", k, e.kind, b.kind, b.id)
			e.kind = k
			m.Elements[e.element].Kind = k
			return
		}
	}
	c.imp.Note(path, "Drawn inside %s, but a %s cannot sit in a %s boundary: left outside it.", b.id, e.kind, b.kind)
	e.box = nil
}

// fitPeople makes each user whose flows reach a kind a person cannot talk
// to directly (a service, a store, another user) a third-party service:
// an external interactor that talks to a back end is most often another
// system. A flow to or from a person uses the protocol ui.
func (c *converter) fitPeople() {
	m := c.imp.Model
	user, ok := c.v.ElementKind("user")
	if !ok {
		return
	}
	for _, f := range c.sortedFlows() {
		for _, pair := range [][2]*elem{{f.from, f.to}, {f.to, f.from}} {
			p, other := pair[0], pair[1]
			if p.kind != "user" || slices.Contains(user.ConnectsTo, other.kind) {
				continue
			}
			path := "elements[" + p.id + "]"
			c.imp.Note(path, "Kind third-party-service, not user: it talks straight to %s, a %s, and iotthreat has a person reach services through a client. If it is a person, add the client they use.", other.id, other.kind)
			p.kind = "third-party-service"
			m.Elements[p.element].Kind = p.kind
			if p.box != nil && !c.allowedIn(p.kind, p.box.kind) {
				c.refit(p, p.box)
			}
		}
	}
}

// place writes each element's boundary, after the kinds are settled.
func (c *converter) place() {
	for _, e := range c.nodes {
		if e.box != nil {
			c.imp.Model.Elements[e.element].Boundary = e.box.id
		}
	}
}

func (c *converter) sortedBoxes() []*box {
	out := make([]*box, 0, len(c.boxByID))
	for _, b := range c.boxByID {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b *box) int { return a.boundary - b.boundary })
	return out
}

func (c *converter) sortedFlows() []*flow {
	out := make([]*flow, 0, len(c.flows))
	for _, f := range c.flows {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *flow) int { return a.index - b.index })
	return out
}

// subjects are the texts a mapping rule is matched with: the stencil's
// type id ("SE.P.TMCore.WebAPI"), its display name ("Web API"), the
// generic type ("GE.P") and the item's name.
func (c *converter) subjects(it *item, name string) []interchange.Subject {
	return []interchange.Subject{{What: "stencil type", Text: it.typeID}, {What: "stencil", Text: it.stencil},
		{What: "generic type", Text: it.generic}, {What: "name", Text: name}}
}

// plural picks the word for a count.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
