package model

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// idPattern is what an id may look like: it becomes part of finding ids
// (RULE@id), file names and diagram node names, so no spaces, no @.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Validate checks a merged model against a vocabulary and returns every
// problem found. It never stops at the first: a user fixing a model wants
// the whole list in one run.
func Validate(m *Model, v *vocab.Vocabulary) diag.List {
	c := newChecker(m, v)
	c.run()
	return c.diags
}

// newChecker makes the checker of m, its indexes empty and sized.
func newChecker(m *Model, v *vocab.Vocabulary) *checker {
	// The indexes are made at their size: a 100,000-element model's
	// grew through a dozen rehashes each.
	return &checker{m: m, v: v,
		data:       make(map[string]*DataAsset, len(m.Data)),
		boundaries: make(map[string]*Boundary, len(m.Boundaries)),
		elements:   make(map[string]*Element, len(m.Elements)),
		targets:    make(map[string]diag.Pos, len(m.Boundaries)+len(m.Elements)+len(m.Flows)),
	}
}

// run makes every check, in the order Validate reports them.
func (c *checker) run() {
	c.system()
	c.indexData()
	c.indexTargets()
	c.boundaryChecks()
	c.elementsAndFlows()
	c.tracking()
	c.rules()
	c.threats()
	c.product()
	c.attackPaths()
}

type checker struct {
	m          *Model
	v          *vocab.Vocabulary
	diags      diag.List
	data       map[string]*DataAsset
	boundaries map[string]*Boundary
	elements   map[string]*Element
	targets    map[string]diag.Pos // element, flow and boundary ids share one namespace
	// unknownRefs counts references to ids the model does not define
	// (see maxRefHints).
	unknownRefs int
}

func (c *checker) add(pos diag.Pos, field, hint, format string, args ...any) {
	c.diags.Add(pos, field, hint, format, args...)
}

// term checks that value (when set) belongs to the named enumeration.
func (c *checker) term(src strictyaml.Source, key, field, enum, value string) {
	if value != "" && !c.v.HasTerm(enum, value) {
		c.add(src.At(key), field, diag.DidYouMean(value, c.v.TermIDs(enum)), "unknown %s %q", label(enum), value)
	}
}

// itemField names a list entry by its id, or by its index when it has none,
// the same way the decoder names it.
func itemField(list, id string, i int) string {
	if id == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return list + "[" + id + "]"
}

// plural names several of what ("boundary" → "boundaries").
func plural(what string) string {
	if strings.HasSuffix(what, "y") {
		return strings.TrimSuffix(what, "y") + "ies"
	}
	return what + "s"
}

// article puts "a" or "an" before what ("an element", "a boundary").
func article(what string) string {
	if strings.ContainsAny(what[:1], "aeiou") {
		return "an " + what
	}
	return "a " + what
}

// label turns an enumeration name into words for messages.
func label(enum string) string { return strings.ReplaceAll(enum, "_", " ") }

// id checks the form of an id. A missing id is reported by the decoder as
// a missing required key; an empty one (id: "") is written, so the
// decoder accepts it, but it names nothing: two would not be duplicates,
// and findings on them would share the id RULE@.
func (c *checker) id(src strictyaml.Source, field, id string) bool {
	if id == "" {
		if src.Has("id") {
			c.add(src.At("id"), field+".id", "give it an id of letters, digits, '.', '_' and '-', starting with a letter or digit",
				"empty id")
		}
		return false
	}
	if !idPattern.MatchString(id) {
		c.add(src.At("id"), field, "use letters, digits, '.', '_' and '-', starting with a letter or digit",
			"invalid id %q", id)
		return false
	}
	return true
}

// writtenEmpty reports whether key was written with an empty string as
// its value (kind: ""): the decoder accepts it even for a required key, so
// the checks that skip empty values must not skip this one.
func writtenEmpty(src strictyaml.Source, key, value string) bool {
	return value == "" && src.Has(key)
}

// ref checks a reference to an id in index, suggesting close ids. An
// empty reference is reported as such: it names nothing.
func ref[T any](c *checker, pos diag.Pos, field, what, id string, index map[string]T) bool {
	if _, ok := index[id]; ok {
		return true
	}
	if id == "" {
		c.add(pos, field, "write the id of "+article(what)+" the model defines", "empty %s id", what)
		return false
	}
	c.unknownRefs++
	var hint string
	switch {
	case len(index) == 0:
		hint = fmt.Sprintf("the model defines no %s yet", plural(what))
	case c.unknownRefs > maxRefHints:
		// Suggesting compares the id with every id of its kind: for
		// thousands of unknown references to thousands of ids that is
		// the whole cost of validation (8,000 broken flows took 20 s).
		hint = fmt.Sprintf("check the spelling against the %d %s the model defines", len(index), plural(what))
	default:
		ids := make([]string, 0, len(index))
		for k := range index {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		hint = diag.DidYouMean(id, ids)
	}
	c.add(pos, field, hint, "unknown %s %q", what, id)
	return false
}

// maxRefHints is how many unknown references get a "did you mean" hint;
// the rest say how many ids there are to check against.
const maxRefHints = 20

func (c *checker) system() {
	s := &c.m.System
	pos := s.Src.Pos
	if pos.File == "" {
		pos = c.m.Src.Pos
	}
	if s.Name == "" && !s.Src.Written("name") {
		c.add(pos, "system.name", "add system: {name: …} to the root file", "missing system name")
	}
	c.term(s.Src, "criticality", "system.criticality", "level", s.Criticality)
	if s.Deployment < 0 {
		c.add(s.Src.At("deployment"), "system.deployment", "write 0 when unknown", "deployment must not be negative, got %d", s.Deployment)
	}
	c.controls(s.Src, "system", "system", s.Controls)
}

func (c *checker) indexData() {
	for i := range c.m.Data {
		d := &c.m.Data[i]
		field := itemField("data", d.ID, i)
		if !c.id(d.Src, field, d.ID) {
			continue
		}
		if prev, dup := c.data[d.ID]; dup {
			c.add(d.Src.At("id"), field, "give each data asset its own id",
				"duplicate data id %q (first defined at %s)", d.ID, prev.Src.At("id"))
			continue
		}
		c.data[d.ID] = d
		c.term(d.Src, "classification", field+".classification", "classification", d.Classification)
		c.term(d.Src, "integrity", field+".integrity", "level", d.Integrity)
		c.term(d.Src, "availability", field+".availability", "level", d.Availability)
		c.term(d.Src, "scope", field+".scope", "scope", d.Scope)
	}
}

// indexTargets registers boundary, element and flow ids. They share one
// namespace because a finding id names its target by id alone.
func (c *checker) indexTargets() {
	claim := func(src strictyaml.Source, field, what, id string) bool {
		if !c.id(src, field, id) {
			return false
		}
		if prev, dup := c.targets[id]; dup {
			c.add(src.At("id"), field, "boundaries, elements and flows share one id namespace; rename one",
				"duplicate id %q (first defined at %s)", id, prev)
			return false
		}
		c.targets[id] = src.At("id")
		return true
	}
	for i := range c.m.Boundaries {
		b := &c.m.Boundaries[i]
		if claim(b.Src, itemField("boundaries", b.ID, i), "boundary", b.ID) {
			c.boundaries[b.ID] = b
		}
	}
	for i := range c.m.Elements {
		e := &c.m.Elements[i]
		if claim(e.Src, itemField("elements", e.ID, i), "element", e.ID) {
			c.elements[e.ID] = e
		}
	}
	for i := range c.m.Flows {
		f := &c.m.Flows[i]
		claim(f.Src, itemField("flows", f.ID, i), "flow", f.ID)
	}
}

// controls checks declared control ids: known, and meant for this target
// (kind is an element kind, "flow" or "system").
func (c *checker) controls(src strictyaml.Source, field, kind string, ids []string) {
	seen := map[string]bool{}
	for i, id := range ids {
		pos := src.At(fmt.Sprintf("controls[%d]", i))
		ctl, ok := c.v.Control(id)
		if !ok {
			c.add(pos, field+".controls", diag.DidYouMean(id, c.v.ControlIDs()), "unknown control %q", id)
			continue
		}
		if seen[id] {
			c.add(pos, field+".controls", "list each control once", "control %q is listed twice", id)
		}
		seen[id] = true
		if !slices.Contains(ctl.AppliesTo, kind) {
			c.add(pos, field+".controls", "it applies to: "+joinComma(ctl.AppliesTo),
				"control %q does not apply to a %s", id, kind)
		}
	}
}
