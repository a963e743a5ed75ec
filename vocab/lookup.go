package vocab

import "sort"

// index maps ids to entries; it is rebuilt whenever entries change.
type index struct {
	elementKinds  map[string]*ElementKind
	boundaryKinds map[string]*BoundaryKind
	protocols     map[string]*Protocol
	controls      map[string]*Control
	standards     map[string]*Standard
	terms         map[string]map[string]int // enum → term id → rank
}

func (v *Vocabulary) reindex() {
	ix := &index{
		elementKinds:  map[string]*ElementKind{},
		boundaryKinds: map[string]*BoundaryKind{},
		protocols:     map[string]*Protocol{},
		controls:      map[string]*Control{},
		standards:     map[string]*Standard{},
		terms:         map[string]map[string]int{},
	}
	for i := range v.ElementKinds {
		ix.elementKinds[v.ElementKinds[i].ID] = &v.ElementKinds[i]
	}
	for i := range v.BoundaryKinds {
		ix.boundaryKinds[v.BoundaryKinds[i].ID] = &v.BoundaryKinds[i]
	}
	for i := range v.Protocols {
		ix.protocols[v.Protocols[i].ID] = &v.Protocols[i]
	}
	for i := range v.Controls {
		ix.controls[v.Controls[i].ID] = &v.Controls[i]
	}
	for i := range v.Standards {
		ix.standards[v.Standards[i].ID] = &v.Standards[i]
	}
	for name, terms := range v.Enums {
		ranks := make(map[string]int, len(terms))
		for i, t := range terms {
			ranks[t.ID] = i
		}
		ix.terms[name] = ranks
	}
	v.index = ix
}

func (v *Vocabulary) ix() *index {
	if v.index == nil {
		v.reindex()
	}
	return v.index
}

// ElementKind looks up an element kind by id.
func (v *Vocabulary) ElementKind(id string) (*ElementKind, bool) {
	k, ok := v.ix().elementKinds[id]
	return k, ok
}

// BoundaryKind looks up a boundary kind by id.
func (v *Vocabulary) BoundaryKind(id string) (*BoundaryKind, bool) {
	k, ok := v.ix().boundaryKinds[id]
	return k, ok
}

// Protocol looks up a protocol by id.
func (v *Vocabulary) Protocol(id string) (*Protocol, bool) {
	p, ok := v.ix().protocols[id]
	return p, ok
}

// Control looks up a control by id.
func (v *Vocabulary) Control(id string) (*Control, bool) {
	c, ok := v.ix().controls[id]
	return c, ok
}

// Standard looks up a standard by id.
func (v *Vocabulary) Standard(id string) (*Standard, bool) {
	s, ok := v.ix().standards[id]
	return s, ok
}

// HasTerm reports whether id is a value of the named enumeration.
func (v *Vocabulary) HasTerm(enum, id string) bool {
	_, ok := v.ix().terms[enum][id]
	return ok
}

// SafetyAction reports whether id is an action marked safety: true.
func (v *Vocabulary) SafetyAction(id string) bool {
	for _, t := range v.Enums["action"] {
		if t.ID == id {
			return t.Safety
		}
	}
	return false
}

// Rank returns the position of id in a scale (0 is lowest), or -1.
func (v *Vocabulary) Rank(enum, id string) int {
	if r, ok := v.ix().terms[enum][id]; ok {
		return r
	}
	return -1
}

// TermIDs lists an enumeration's values in their defined order.
func (v *Vocabulary) TermIDs(enum string) []string {
	terms := v.Enums[enum]
	ids := make([]string, len(terms))
	for i, t := range terms {
		ids[i] = t.ID
	}
	return ids
}

// ElementKindIDs lists element kind ids in definition order.
func (v *Vocabulary) ElementKindIDs() []string {
	ids := make([]string, len(v.ElementKinds))
	for i, k := range v.ElementKinds {
		ids[i] = k.ID
	}
	return ids
}

// BoundaryKindIDs lists boundary kind ids in definition order.
func (v *Vocabulary) BoundaryKindIDs() []string {
	ids := make([]string, len(v.BoundaryKinds))
	for i, k := range v.BoundaryKinds {
		ids[i] = k.ID
	}
	return ids
}

// ProtocolIDs lists protocol ids, sorted.
func (v *Vocabulary) ProtocolIDs() []string {
	ids := make([]string, len(v.Protocols))
	for i, p := range v.Protocols {
		ids[i] = p.ID
	}
	sort.Strings(ids)
	return ids
}

// ControlIDs lists control ids, sorted.
func (v *Vocabulary) ControlIDs() []string {
	ids := make([]string, len(v.Controls))
	for i, c := range v.Controls {
		ids[i] = c.ID
	}
	sort.Strings(ids)
	return ids
}

// OptionIDs lists a protocol's option ids.
func (p *Protocol) OptionIDs() []string {
	ids := make([]string, len(p.Options))
	for i, o := range p.Options {
		ids[i] = o.ID
	}
	return ids
}

// Option looks up one of the protocol's options.
func (p *Protocol) Option(id string) (*Option, bool) {
	for i := range p.Options {
		if p.Options[i].ID == id {
			return &p.Options[i], true
		}
	}
	return nil, false
}

// ValueIDs lists an option's allowed values.
func (o *Option) ValueIDs() []string {
	ids := make([]string, len(o.Values))
	for i, t := range o.Values {
		ids[i] = t.ID
	}
	return ids
}
