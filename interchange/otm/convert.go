package otm

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Attribute keys an iotthreat export writes, so that importing its own
// export gives back the kinds and facts OTM has no field for.
const (
	attrKind           = "iotthreat:kind"
	attrTechnology     = "iotthreat:technology"
	attrClassification = "iotthreat:classification"
	attrOrigin         = "iotthreat:origin" // on threats: rule or manual
	attrRule           = "iotthreat:rule"
	attrTarget         = "iotthreat:target"
)

// conversion is the state of one convert.
type conversion struct {
	*converter
	imp   *interchange.Import
	v     *vocab.Vocabulary
	ids   *namespace // elements, flows and boundaries share one namespace
	data  *namespace
	tids  *threatIDs
	zone  map[string]string // OTM zone id → boundary id
	elem  map[string]string // OTM component id → element id
	flow  map[string]string // OTM dataflow id → flow id
	asset map[string]string // OTM asset id → data id
	kinds map[string]string // boundary id → kind
	// restored is set when an item came whole from an iotthreat attribute.
	restored bool
	// templates holds each threat catalogue entry converted once, by OTM
	// id; mitigationLines each mitigation's line of text (see threats.go).
	templates       map[string]*threatTemplate
	mitigationLines map[string]string
	// copied counts the bytes of catalogue text the threat references
	// copied so far, against maxThreatText; over is set when it passed.
	copied int
	over   bool
}

// convert builds the model; restored says some items came whole from
// iotthreat attributes (see lossless.go).
func (c *converter) convert() (*interchange.Import, bool) {
	d := c.doc
	// The name as it will be written: a name of nothing but characters a
	// label cannot hold (control bytes, invalid UTF-8) is empty once
	// cleaned, and a model needs one.
	name, _ := text.Label(strings.TrimSpace(d.project.name))
	if name == "" {
		name, _ = text.Label(strings.TrimSpace(d.project.id))
	}
	unnamed := name == ""
	if unnamed {
		name = "Unnamed system"
	}
	k := &conversion{converter: c, imp: interchange.New(name, "Open Threat Model file "+filepath.Base(c.file)),
		v: vocab.Builtin(), ids: newNamespace(), data: newNamespace(), tids: &threatIDs{text.NewIDs()},
		zone: map[string]string{}, elem: map[string]string{}, flow: map[string]string{}, asset: map[string]string{}, kinds: map[string]string{},
		templates: map[string]*threatTemplate{}, mitigationLines: map[string]string{}}
	m := k.imp.Model
	if unnamed {
		k.imp.Note("system", "The OTM project's name and id hold no text a name can keep: named %q; give it its name.", name)
	}
	m.System.Description = k.prose("", "project description", d.project.description)
	owner := d.project.owner
	if owner == "" {
		owner = d.project.ownerContact
	}
	m.System.Owner = k.label("", "project owner", owner)
	if d.version != "" {
		k.imp.Note("", "OTM version %s, project id %q.", d.version, d.project.id)
	}
	k.imp.Note("", "OTM representations (diagram positions, sizes, code locations) and tool-specific attributes are not carried; iotthreat lays out its own diagrams.")
	// Ids first, in document order, so references resolve whatever the order.
	for i := range d.zones {
		if !synthetic(&d.zones[i]) {
			k.zone[d.zones[i].id] = k.newID(d.zones[i].id, "zone", "boundaries")
		}
	}
	for i := range d.components {
		k.elem[d.components[i].id] = k.newID(d.components[i].id, "component", "elements")
	}
	for i := range d.flows {
		if x := &d.flows[i]; x.source.id == x.destination.id {
			// Left out (see flows): its id is taken, but a note on a
			// flow the model does not have would land at the head.
			k.flow[x.id], _ = k.ids.id(x.id, "flow")
			continue
		}
		k.flow[d.flows[i].id] = k.newID(d.flows[i].id, "flow", "flows")
	}
	for i := range d.assets {
		id, changed := k.data.id(d.assets[i].id, fmt.Sprintf("asset-%d", i+1))
		k.asset[d.assets[i].id] = id
		if changed {
			k.imp.Note("data["+id+"]", "OTM id %q is not a model id; renamed.", d.assets[i].id)
		}
	}
	k.dataAssets()
	kinds := k.elementKinds()
	k.boundaries(kinds)
	k.elements(kinds)
	k.fitPeople()
	k.flows()
	k.threats()
	k.projectItems()
	return k.imp, k.restored
}

// projectItems restores what an iotthreat export keeps in the project's
// attributes: the system's own fields, tracking, rules, vocabulary,
// product facts and attack-path settings.
func (k *conversion) projectItems() {
	m := k.imp.Model
	a := k.doc.project.attrs
	var sys model.System
	if restore(a, attrSystem, &sys) {
		m.System, k.restored = sys, true
	}
	var tracking map[string]model.Tracking
	if restore(a, attrTracking, &tracking) {
		m.Tracking, k.restored = tracking, true
	}
	var rules []model.Rule
	if restore(a, attrRules, &rules) {
		m.Rules, k.restored = rules, true
	}
	if restore(a, attrVocabulary, &m.Vocabulary) {
		k.restored = true
	}
	var product model.Product
	if restore(a, attrProduct, &product) {
		m.Product, k.restored = &product, true
	}
	var ap model.AttackPaths
	if restore(a, attrPaths, &ap) {
		m.AttackPaths, k.restored = &ap, true
	}
}

// synthetic says whether z is the zone an iotthreat export writes for
// the elements that sit in no boundary.
func synthetic(z *zone) bool { return z != nil && z.attrs[attrSynthetic] == "true" }

// newID gives an OTM id its model id, noting a change.
func (k *conversion) newID(otmID, what, section string) string {
	id, changed := k.ids.id(otmID, what)
	if changed {
		k.imp.Note(section+"["+id+"]", "OTM %s id %q is not a model id or is taken; renamed.", what, otmID)
	}
	return id
}

// dataAssets converts assets: confidentiality gives the classification,
// integrity and availability their levels.
func (k *conversion) dataAssets() {
	for i := range k.doc.assets {
		a := &k.doc.assets[i]
		id := k.asset[a.id]
		path := "data[" + id + "]"
		var whole model.DataAsset
		if restore(a.attrs, attrItem, &whole) && whole.ID == id {
			k.imp.Model.Data = append(k.imp.Model.Data, whole)
			k.restored = true
			continue
		}
		da := model.DataAsset{ID: id, Name: k.label(path, "name", a.name), Description: k.prose(path, "description", a.description)}
		if cl := a.attrs[attrClassification]; k.v.HasTerm("classification", cl) {
			da.Classification = cl
		} else if a.c >= 0 {
			da.Classification = classification(a.c)
			k.imp.Note(path, "classification %s from OTM confidentiality %g (0–10 public, –40 internal, –70 confidential, above sensitive); OTM cannot say personal or secret: review.", da.Classification, a.c)
		} else {
			k.imp.Note(path, "OTM gave no confidentiality: classification left at the default (internal).")
		}
		if a.i >= 0 {
			da.Integrity = level(a.i)
		}
		if a.a >= 0 {
			da.Availability = level(a.a)
		}
		k.imp.Model.Data = append(k.imp.Model.Data, da)
	}
}

// classification maps an OTM confidentiality rating (0 to 100) to a
// classification. Personal and secret are kinds of data, not degrees, so
// a number never gives them.
func classification(v float64) string {
	switch {
	case v <= 10:
		return "public"
	case v <= 40:
		return "internal"
	case v <= 70:
		return "confidential"
	}
	return "sensitive"
}

// level maps an OTM rating (0 to 100) to a level; export writes the
// upper bound of each band (25, 50, 75, 100), which maps back the same.
func level(v float64) string {
	switch {
	case v <= 25:
		return "low"
	case v <= 50:
		return "medium"
	case v <= 75:
		return "high"
	}
	return "critical"
}

// elementKind is the kind chosen for a component and whether it was
// recognised (an unrecognised one may change to fit its zone).
type elementKind struct {
	kind, why string
	known     bool
	zone      string // the OTM zone it sits in, through component parents
	via       string // the OTM component it is nested in, if any
}

// elementKinds guesses each component's kind and finds its zone.
func (k *conversion) elementKinds() map[string]*elementKind {
	out := map[string]*elementKind{}
	zoneOf := map[string]string{}
	for i := range k.doc.components {
		x := &k.doc.components[i]
		ek := &elementKind{}
		if kind := x.attrs[attrKind]; kind != "" {
			if _, ok := k.v.ElementKind(kind); ok {
				ek.kind, ek.known = kind, true
			}
		}
		if ek.kind == "" {
			if m, ok := k.mapping.Element(interchange.Subject{What: "OTM type", Text: x.typ}, interchange.Subject{What: "name", Text: x.name}); ok {
				ek.kind, ek.why, ek.known = m.Kind, m.Why(), true
			} else if _, ok := k.v.ElementKind(x.typ); ok {
				ek.kind, ek.why, ek.known = x.typ, "its OTM type is an iotthreat element kind", true
			} else {
				ek.kind, ek.why, ek.known = guessElement(x.typ, x.name)
			}
		}
		ek.zone = k.zoneOf(x, zoneOf)
		if x.parent.zone == "" {
			ek.via = x.parent.component
		}
		out[x.id] = ek
	}
	return out
}

// zoneOf finds the zone a component sits in through its component
// parents (check ruled out cycles), remembering each answer in memo so
// that a long chain of nested components costs its length once.
func (k *conversion) zoneOf(x *component, memo map[string]string) string {
	var chain []*component
	zone := ""
	for cur := x; cur != nil; cur = k.components[cur.parent.component] {
		if z, ok := memo[cur.id]; ok {
			zone = z
			break
		}
		chain = append(chain, cur)
		if cur.parent.zone != "" {
			if !synthetic(k.zones[cur.parent.zone]) {
				zone = cur.parent.zone
			}
			break
		}
		if cur.parent.component == "" || len(chain) > len(k.doc.components) {
			break
		}
	}
	for _, c := range chain {
		memo[c.id] = zone
	}
	return zone
}

// admits says whether an element of kind may sit in a boundary of bkind.
func (k *conversion) admits(kind, bkind string) bool {
	ek, ok := k.v.ElementKind(kind)
	return !ok || len(ek.BoundaryKinds) == 0 || slices.Contains(ek.BoundaryKinds, bkind)
}

// boundaries converts trust zones. A zone's kind is guessed from its type
// and name, then changed, with a note, when the components it holds
// cannot sit in a boundary of that kind (an "Internet" zone that holds
// only a phone app becomes a mobile-device boundary).
func (k *conversion) boundaries(kinds map[string]*elementKind) {
	members := map[string][]string{} // OTM zone id → kinds of recognised members
	for i := range k.doc.components {
		if ek := kinds[k.doc.components[i].id]; ek.known && ek.zone != "" {
			members[ek.zone] = append(members[ek.zone], ek.kind)
		}
	}
	vary := false
	for i := range k.doc.zones {
		if k.doc.zones[i].trust != k.doc.zones[0].trust {
			vary = true
		}
	}
	for i := range k.doc.zones {
		z := &k.doc.zones[i]
		if synthetic(z) {
			continue
		}
		id := k.zone[z.id]
		path := "boundaries[" + id + "]"
		var whole model.Boundary
		if restore(z.attrs, attrItem, &whole) && whole.ID == id {
			k.kinds[id] = whole.Kind
			k.imp.Model.Boundaries = append(k.imp.Model.Boundaries, whole)
			k.restored = true
			continue
		}
		b := model.Boundary{ID: id, Name: k.label(path, "name", z.name), Description: k.prose(path, "description", z.description)}
		var why string
		decided := "guessed"
		if kind := z.attrs[attrKind]; kind != "" {
			if _, ok := k.v.BoundaryKind(kind); ok {
				b.Kind = kind
			}
		}
		if b.Kind == "" {
			if m, ok := k.mapping.Boundary(interchange.Subject{What: "OTM type", Text: z.typ}, interchange.Subject{What: "name", Text: z.name}); ok {
				b.Kind, why, decided = m.Kind, m.Why(), "mapped"
			} else if _, ok := k.v.BoundaryKind(z.typ); ok {
				b.Kind, why = z.typ, "its OTM type is an iotthreat boundary kind"
			} else {
				b.Kind, why = guessZone(z, vary)
			}
		}
		if fits := k.fitting(members[z.id]); !slices.Contains(fits, b.Kind) && len(fits) > 0 {
			was := b.Kind
			b.Kind = fits[0]
			why = fmt.Sprintf("%s was %s (%s), but the zone holds %s, which iotthreat places only in a %s boundary", was, decided, why,
				strings.Join(uniq(members[z.id]), " and "), b.Kind)
		}
		if why != "" {
			k.imp.Note(path, "kind %s: %s.", b.Kind, why)
		}
		if z.hasTrust {
			k.imp.Note(path, "OTM trust rating %g (iotthreat derives trust from the kind).", z.trust)
		}
		switch {
		case z.parent.zone != "" && !synthetic(k.zones[z.parent.zone]):
			b.Within = k.zone[z.parent.zone]
		case z.parent.component != "":
			k.imp.Note(path, "OTM puts this zone inside component %q; iotthreat boundaries nest only in boundaries, so it is left unnested.", z.parent.component)
		}
		k.kinds[id] = b.Kind
		k.imp.Model.Boundaries = append(k.imp.Model.Boundaries, b)
	}
}

// fitting lists the boundary kinds, in order of preference, that admit
// every kind of members; nil when members is empty.
func (k *conversion) fitting(members []string) []string {
	if len(members) == 0 {
		return nil
	}
	var out []string
	for _, bk := range boundaryPreference {
		ok := true
		for _, m := range members {
			ok = ok && k.admits(m, bk)
		}
		if ok {
			out = append(out, bk)
		}
	}
	return out
}

func uniq(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return slices.Compact(out)
}

// elements converts components. Components nested in components are
// flattened into the zone of their nearest zone ancestor: iotthreat
// elements do not nest.
func (k *conversion) elements(kinds map[string]*elementKind) {
	for i := range k.doc.components {
		x := &k.doc.components[i]
		ek := kinds[x.id]
		id := k.elem[x.id]
		path := "elements[" + id + "]"
		var whole model.Element
		if restore(x.attrs, attrItem, &whole) && whole.ID == id {
			k.imp.Model.Elements = append(k.imp.Model.Elements, whole)
			k.restored = true
			continue
		}
		e := model.Element{ID: id, Name: k.label(path, "name", x.name), Kind: ek.kind, Description: k.prose(path, "description", x.description),
			Tags: cleanTags(x.tags)}
		if t := x.attrs[attrTechnology]; t != "" {
			e.Technology = k.label(path, "technology", t)
		} else if x.typ != "" && x.typ != ek.kind {
			e.Technology = k.label(path, "OTM type", x.typ)
		}
		if ek.why != "" {
			k.imp.Note(path, "kind %s: %s.", ek.kind, ek.why)
		}
		if ek.via != "" {
			parent := k.components[ek.via]
			k.imp.Note(path, "OTM nests it inside component %s (%q); iotthreat elements do not nest, so it sits in that component's trust zone.",
				k.elem[ek.via], parent.name)
		}
		if ek.zone == "" {
			k.imp.Note(path, "OTM gives it no trust zone: it sits outside every boundary.")
		} else {
			bid := k.zone[ek.zone]
			bkind := k.kinds[bid]
			switch {
			case k.admits(e.Kind, bkind):
				e.Boundary = bid
			case !ek.known:
				for _, alt := range unknownFallbacks {
					if k.admits(alt, bkind) {
						e.Kind, e.Boundary = alt, bid
						k.imp.Note(path, "kind %s instead, the first kind a %s boundary admits.", alt, bkind)
						break
					}
				}
			}
			if e.Boundary == "" {
				k.imp.Note(path, "OTM places it in trust zone %s, but a %s cannot sit in a %s boundary: it is left outside every boundary; put it in a boundary of a kind it admits, nested in %s.",
					bid, e.Kind, bkind, bid)
			}
		}
		var stores, processes uniqueList
		for _, r := range x.stored {
			stores.add(k.asset[r.id])
		}
		for _, r := range x.processed {
			if id := k.asset[r.id]; !stores.has(id) {
				processes.add(id)
			}
		}
		e.Stores, e.Processes = stores.items, processes.items
		k.attributesNote(path, x.attrs)
		k.imp.Model.Elements = append(k.imp.Model.Elements, e)
	}
}

// attributesNote lists the tool attributes of an item that the model
// cannot hold, shortened.
func (k *conversion) attributesNote(path string, attrs map[string]string) {
	var parts []string
	for _, key := range slices.Sorted(maps.Keys(attrs)) {
		if strings.HasPrefix(key, "iotthreat:") || strings.EqualFold(key, "name") {
			continue
		}
		parts = append(parts, key+"="+attrs[key])
	}
	if len(parts) == 0 {
		return
	}
	text := strings.Join(parts, ", ")
	if len(text) > 200 {
		text = text[:200]
		for len(text) > 0 && text[len(text)-1]&0xC0 == 0x80 { // do not cut a character in two
			text = text[:len(text)-1]
		}
		text += " …"
	}
	k.imp.Note(path, "OTM attributes not carried: %s.", text)
}

// cleanTags drops the tags an iotthreat export writes for facts that
// have fields of their own, and repeated tags; each tag is cut to a
// label.
func cleanTags(tags []string) []string {
	var out uniqueList
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || strings.HasPrefix(t, "protocol:") || strings.HasPrefix(t, "encryption:") || strings.HasPrefix(t, "authentication:") || strings.HasPrefix(t, "port:") {
			continue
		}
		t, _ = text.Label(t)
		out.add(t)
	}
	return out.items
}
