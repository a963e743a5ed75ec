package otm

import "slices"

// fitPeople makes each user whose dataflows reach a kind a person cannot
// talk to directly (a service, a store, another user) a workstation, as
// the Threat Dragon importer does: OTM files draw people calling back
// ends straight away ("Administrator" → "Backend API"), where iotthreat
// has a person reach services through a client. It runs on the elements
// as converted, so that a kind taken from the type, the name, a mapping
// or a fallback is checked alike; a workstation its trust zone's
// boundary does not admit is left outside it, with a note.
func (k *conversion) fitPeople() {
	user, ok := k.v.ElementKind("user")
	if !ok {
		return
	}
	m := k.imp.Model
	at := make(map[string]int, len(m.Elements))
	for i := range m.Elements {
		at[m.Elements[i].ID] = i
	}
	for i := range k.doc.flows {
		x := &k.doc.flows[i]
		from, okFrom := at[k.elem[x.source.id]]
		to, okTo := at[k.elem[x.destination.id]]
		if !okFrom || !okTo || from == to {
			continue
		}
		for _, pair := range [][2]int{{from, to}, {to, from}} {
			p, other := &m.Elements[pair[0]], &m.Elements[pair[1]]
			if p.Kind != "user" || slices.Contains(user.ConnectsTo, other.Kind) {
				continue
			}
			path := "elements[" + p.ID + "]"
			p.Kind = "workstation"
			k.imp.Note(path, "kind workstation, not user: it talks straight to %s, a %s, and iotthreat has a person reach services through a client; this is the machine they work at. If it is a person, add a user and a ui flow to this element.",
				other.ID, other.Kind)
			if p.Boundary != "" && !k.admits(p.Kind, k.kinds[p.Boundary]) {
				k.imp.Note(path, "left outside boundary %s, whose kind (%s) does not admit a workstation.", p.Boundary, k.kinds[p.Boundary])
				p.Boundary = ""
			}
		}
	}
}
