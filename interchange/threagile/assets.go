package threagile

import (
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/interchange"

	"github.com/iotthreat/iotthreat/strictyaml"
)

// asset is a Threagile technical asset while the file is read: its
// element is built once the trust boundaries are known.
type asset struct {
	tgID, id, name, field string
	f                     map[string]*strictyaml.Node
	typ, tech             string
	kinds                 []string  // candidate element kinds, best first
	mapped                string    // why kinds[0] came from the mapping file, if it did
	boundary              *boundary // the Threagile boundary it is inside
	index                 int       // of its element in the model
	tags                  []string
}

// technicalAssets reads each technical asset's id, type and technology.
// Its links are read after every asset is known, since they name their
// targets by id.
func (c *converter) technicalAssets(n *strictyaml.Node) {
	for _, p := range c.mapping(n, "technical_assets") {
		name := p.Key.Value
		field := "technical_assets[" + short(name) + "]"
		f := c.fields(p.Value, field)
		tgID, ok := c.sourceID(p, f, field, "technical asset")
		if !ok {
			continue
		}
		if _, dup := c.assets[tgID]; dup {
			c.fail(f["id"], field+".id", "give each technical asset its own id", "duplicate technical asset id %q", short(tgID))
			continue
		}
		a := &asset{tgID: tgID, id: c.names.take(tgID, "asset"), name: name, field: field, f: f, index: -1}
		a.typ = "process"
		if t := f["type"]; t != nil && t.Kind != strictyaml.Null {
			if _, ok := enum(c, t, field+".type", "technical asset type", typeKinds); ok {
				a.typ = t.Value
			}
		}
		a.tech, a.kinds = c.technology(a)
		a.tags = c.tags(f["tags"], field+".tags")
		c.assets[tgID] = a
		c.assetList = append(c.assetList, a)
	}
}

// technology picks the asset's candidate kinds from its technology (or
// the first known of a technologies list, as later Threagile versions
// write), falling back to its type. An unknown technology is noted, not
// refused: Threagile adds technologies between versions.
func (c *converter) technology(a *asset) (string, []string) {
	tech := strings.TrimSpace(c.str(a.f["technology"], a.field+".technology"))
	if tech == "" {
		list, _ := c.strList(a.f["technologies"], a.field+".technologies")
		for _, t := range list {
			if _, ok := technologies[t]; ok {
				tech = t
				break
			}
		}
		if tech == "" && len(list) > 0 {
			tech = list[0]
		}
	}
	kinds, known := technologies[tech]
	path := "elements[" + a.id + "]"
	if m, ok := c.kindMap.Element(interchange.Subject{What: "Threagile technology", Text: tech},
		interchange.Subject{What: "Threagile type", Text: a.typ}, interchange.Subject{What: "name", Text: a.name}); ok {
		// The mapped kind first; the built-in candidates stay as the
		// fallbacks for a boundary the mapped kind cannot sit in.
		if len(kinds) == 0 {
			kinds = typeKinds[a.typ]
		}
		a.mapped = m.Why()
		c.imp.Note(path, "Kind %s %s.", m.Kind, a.mapped)
		return tech, append([]string{m.Kind}, slices.DeleteFunc(slices.Clone(kinds), func(k string) bool { return k == m.Kind })...)
	}
	switch {
	case tech == "":
		c.imp.Note(path, "Threagile gives no technology: the kind follows its type (%s).", a.typ)
	case !known:
		c.imp.Note(path, "Threagile technology %q is not one this importer knows: the kind follows its type (%s).", short(tech), a.typ)
	}
	if len(kinds) == 0 {
		kinds = typeKinds[a.typ]
	}
	if a.typ == "external-entity" && serverKinds[kinds[0]] {
		// Another company runs it: an external server is a third party's.
		kinds = []string{"third-party-service"}
	}
	return tech, kinds
}
