package threagile

import (
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// storageEncryption is Threagile's encryption of an asset's data at rest.
var storageEncryption = map[string]bool{
	"none": false, "transparent": true, "data-with-symmetric-shared-key": true,
	"data-with-asymmetric-shared-key": true, "data-with-end-user-individual-key": true,
}

// settleElements builds each asset's element, now that its boundary's
// kind is known: the first candidate kind that may sit in that kind of
// boundary is taken.
func (c *converter) settleElements() {
	for _, a := range c.assetList {
		a.index = len(c.m.Elements)
		c.m.Elements = append(c.m.Elements, c.element(a))
	}
	occupied := map[*boundary]bool{}
	for _, a := range c.assetList {
		occupied[a.boundary] = true
	}
	for _, b := range c.bndList {
		if !occupied[b] {
			c.imp.Note("boundaries["+b.id+"]", "No technical asset sits directly in it in Threagile (only nested boundaries, or nothing).")
		}
	}
}

func (c *converter) element(a *asset) model.Element {
	path := "elements[" + a.id + "]"
	e := model.Element{ID: a.id, Name: label(clean(a.name)), Technology: label(a.tech), Tags: a.tags}
	if a.id != a.tgID {
		c.imp.Note(path, "Threagile's id is %q.", a.tgID)
	}
	e.Kind = a.kinds[0]
	if a.boundary != nil {
		bk := c.kindOf(a.boundary)
		if k, ok := c.fitting(a.kinds, bk); ok {
			e.Kind, e.Boundary = k, a.boundary.id
			if k != a.kinds[0] && a.mapped != "" {
				c.imp.Note(path, "The mapping file gives %s, but a %s cannot sit in a %s boundary: written as a %s.", a.kinds[0], a.kinds[0], bk, k)
			} else if k != a.kinds[0] {
				c.imp.Note(path, "Threagile technology %s would be a %s, but a %s cannot sit in a %s boundary: written as a %s.",
					a.tech, a.kinds[0], a.kinds[0], bk, k)
			}
		} else {
			c.imp.Note(path, "Threagile places it inside trust boundary %q, but a %s cannot sit in a %s boundary: no boundary is set; place it by hand.",
				a.boundary.name, e.Kind, bk)
		}
	} else {
		c.imp.Note(path, "Threagile places it in no trust boundary.")
	}
	c.noteKind(path, a, e.Kind)
	desc := clean(c.str(a.f["description"], a.field+".description"))
	e.Description = prose(desc)
	c.noteCut(path, "description", desc, model.MaxProseLength)
	e.Owner = label(clean(c.str(a.f["owner"], a.field+".owner")))
	c.elementData(a, &e)
	c.elementFacts(a, &e, path)
	return e
}

// fitting returns the first of kinds that may sit in a boundary of kind bk.
func (c *converter) fitting(kinds []string, bk string) (string, bool) {
	for _, k := range kinds {
		ek, ok := c.vocab.ElementKind(k)
		if ok && (len(ek.BoundaryKinds) == 0 || slices.Contains(ek.BoundaryKinds, bk)) {
			return k, true
		}
	}
	return "", false
}

// noteKind says what the chosen kind leaves unknown.
func (c *converter) noteKind(path string, a *asset, kind string) {
	switch kind {
	case "device":
		c.imp.Note(path, "Threagile says nothing of this device's physical access, debug interfaces, radios, "+
			"firmware update, hardware key protection or credentials: iotthreat's defaults apply; fill them in.")
	case "third-party-service":
		c.imp.Note(path, "Threagile type %s: another company runs it.", a.typ)
	case "workstation":
		c.imp.Note(path, "Threagile technology %s: a computer people use, written as a workstation.", a.tech)
	}
}

// elementData fills stores and processes. Threagile lists stored data
// among the processed too; iotthreat's processes are what is processed
// without being stored.
func (c *converter) elementData(a *asset, e *model.Element) {
	stored := c.dataRefs(a.f["data_assets_stored"], a.field+".data_assets_stored")
	processed := c.dataRefs(a.f["data_assets_processed"], a.field+".data_assets_processed")
	e.Stores = stored
	if extra := union(stored, processed)[len(stored):]; len(extra) > 0 {
		e.Processes = extra
	}
}

// dataRefs resolves a list of data asset ids; an unknown one is an error.
func (c *converter) dataRefs(n *strictyaml.Node, field string) []string {
	list, nodes := c.strList(n, field)
	var out []string
	seen := map[string]bool{}
	for i, id := range list {
		d, ok := c.data[id]
		if !ok {
			hint := "name the id of a data asset of this file"
			if c.canSuggest(id) {
				if s := c.suggest(id, c.dataIDs()); s != "" {
					hint = "did you mean \"" + s + "\"?"
				}
			}
			c.fail(nodes[i], field, hint, "unknown data asset %q", short(id))
			continue
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

func (c *converter) dataIDs() []string {
	out := make([]string, 0, len(c.data))
	for k := range c.data {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// elementFacts maps the asset's flags: internet, multi_tenant, storage
// encryption, and notes the rest (scope, human use, machine, size, CIA).
func (c *converter) elementFacts(a *asset, e *model.Element, path string) {
	f, field := a.f, a.field
	kind, _ := c.vocab.ElementKind(e.Kind)
	has := func(attr string) bool { return kind != nil && slices.Contains(kind.Attributes, attr) }
	if v, set := c.boolean(f["internet"], field+".internet"); set && v {
		if has("internet_facing") {
			e.InternetFacing = &v
		} else {
			c.imp.Note(path, "Threagile says it is on the internet.")
		}
	}
	if v, set := c.boolean(f["multi_tenant"], field+".multi_tenant"); set {
		if has("multi_tenant") {
			e.MultiTenant = &v
		} else if v {
			c.imp.Note(path, "Threagile says it is multi-tenant.")
		}
	}
	if n := f["encryption"]; n != nil && n.Kind != strictyaml.Null {
		if enc, ok := enum(c, n, field+".encryption", "encryption", storageEncryption); ok && enc {
			if ctl, ok := c.vocab.Control("encrypted-storage"); ok && slices.Contains(ctl.AppliesTo, e.Kind) {
				e.Controls = append(e.Controls, "encrypted-storage")
				c.imp.Note(path, "Threagile encryption %s: declared as the encrypted-storage control.", n.Value)
			} else {
				c.imp.Note(path, "Threagile encryption %s (data at rest).", n.Value)
			}
		}
	}
	if v, _ := c.boolean(f["out_of_scope"], field+".out_of_scope"); v {
		why := clean(c.str(f["justification_out_of_scope"], field+".justification_out_of_scope"))
		if why == "" {
			why = "no reason given"
		}
		c.imp.Note(path, "Out of scope in Threagile (%s); iotthreat analyses it like the rest.", why)
	}
	if v, _ := c.boolean(f["used_as_client_by_human"], field+".used_as_client_by_human"); v {
		c.imp.Note(path, "A person uses it (Threagile used_as_client_by_human): add a user element and a ui flow to it to analyse that person's threats.")
	}
	if e.Kind == "third-party-service" {
		if e.Owner != "" {
			e.Provider = e.Owner
		} else {
			c.imp.Note(path, "Threagile names no owner: the provider is unknown.")
		}
	}
	if a.tech == "hsm" && has("hardware_security") {
		e.HardwareSecurity = "hsm"
	}
	c.facts(path, f, field, "usage", "machine", "size", "redundant", "custom_developed_parts", "data_formats_accepted")
	var cia []string
	for _, k := range []string{"confidentiality", "integrity", "availability"} {
		if v := c.str(f[k], field+"."+k); v != "" {
			cia = append(cia, k+" "+v)
		}
	}
	if len(cia) > 0 {
		why := clean(c.str(f["justification_cia_rating"], field+".justification_cia_rating"))
		text := "Threagile rates the asset itself " + strings.Join(cia, ", ") + "; iotthreat rates elements by the data they hold."
		if why != "" {
			text += " Why: " + why
		}
		c.imp.Note(path, "%s", text)
	}
}
