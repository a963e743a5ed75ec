package threagile

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// dataAssets converts data_assets into data: confidentiality to
// classification, integrity and availability to levels. What the model
// has no field for (usage, origin, owner, quantity, the rating's
// justification) becomes a note.
func (c *converter) dataAssets(n *strictyaml.Node) {
	for _, p := range c.mapping(n, "data_assets") {
		name := p.Key.Value
		field := "data_assets[" + short(name) + "]"
		f := c.fields(p.Value, field)
		tgID, ok := c.sourceID(p, f, field, "data asset")
		if !ok {
			continue
		}
		if _, dup := c.data[tgID]; dup {
			c.fail(f["id"], field+".id", "give each data asset its own id", "duplicate data asset id %q", short(tgID))
			continue
		}
		id := c.names.take(tgID, "data")
		c.data[tgID] = id
		path := "data[" + id + "]"
		if id != tgID {
			c.imp.Note(path, "Threagile's id is %q.", tgID)
		}
		d := model.DataAsset{ID: id, Name: label(clean(name))}
		desc := clean(c.str(f["description"], field+".description"))
		d.Description = prose(desc)
		c.noteCut(path, "description", desc, model.MaxProseLength)
		d.Classification = c.rating(f["confidentiality"], field+".confidentiality", "confidentiality", classifications, path)
		d.Integrity = c.rating(f["integrity"], field+".integrity", "integrity", levels, path)
		d.Availability = c.rating(f["availability"], field+".availability", "availability", levels, path)
		d.Tags = c.tags(f["tags"], field+".tags")
		if j := clean(c.str(f["justification_cia_rating"], field+".justification_cia_rating")); j != "" {
			c.imp.Note(path, "Why rated so (Threagile): %s", j)
		}
		c.facts(path, f, field, "usage", "origin", "owner", "quantity")
		c.m.Data = append(c.m.Data, d)
	}
}

// rating maps a Threagile scale value through table. A missing value
// leaves iotthreat's default and says so; a value that lands on a
// coarser step (restricted and confidential both on confidential) is
// noted with the original.
func (c *converter) rating(n *strictyaml.Node, field, what string, table map[string]string, path string) string {
	if n == nil || n.Kind == strictyaml.Null {
		c.imp.Note(path, "Threagile gives no %s: iotthreat's default applies.", what)
		return ""
	}
	v, ok := enum(c, n, field, what, table)
	if ok && v != n.Value {
		c.imp.Note(path, "Threagile rates %s %s, written as %s.", what, n.Value, v)
	}
	if ok && n.Value == "strictly-confidential" {
		c.imp.Note(path, "If this is personal data, special-category data, or keys and credentials, raise the classification to personal, sensitive or secret.")
	}
	return v
}

// tags reads a list of tags, each cut to the label limit.
func (c *converter) tags(n *strictyaml.Node, field string) []string {
	list, _ := c.strList(n, field)
	out := make([]string, 0, len(list))
	for _, t := range list {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, label(t))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// facts notes the values of keys iotthreat has no field for, in one
// line ("Threagile also says: usage business, owner Company XYZ").
func (c *converter) facts(path string, f map[string]*strictyaml.Node, field string, keys ...string) {
	var parts []string
	for _, k := range keys {
		n := f[k]
		if n == nil || n.Kind == strictyaml.Null {
			continue
		}
		var v string
		if n.Kind == strictyaml.Sequence {
			list, _ := c.strList(n, field+"."+k)
			v = strings.Join(list, ", ")
		} else {
			v = clean(c.str(n, field+"."+k))
		}
		if v != "" {
			parts = append(parts, fmt.Sprintf("%s %s", strings.ReplaceAll(k, "_", " "), v))
		}
	}
	if len(parts) > 0 {
		c.imp.Note(path, "Threagile also says: %s.", strings.Join(parts, "; "))
	}
}

// sourceID reads the id of an entry of a Threagile section; a missing id
// is an error at the entry, since links and boundaries refer to ids.
func (c *converter) sourceID(p strictyaml.Pair, f map[string]*strictyaml.Node, field, what string) (string, bool) {
	if p.Value == nil || p.Value.Kind != strictyaml.Mapping {
		if p.Value != nil && p.Value.Kind != strictyaml.Null {
			return "", false // reported by fields
		}
		c.fail(p.Key, field, "describe it as a mapping with id:, description:, …", "empty %s %q", what, short(p.Key.Value))
		return "", false
	}
	id := strings.TrimSpace(c.str(f["id"], field+".id"))
	if id == "" {
		at := f["id"]
		if at == nil {
			at = p.Key
		}
		c.fail(at, field+".id", "add id: with a unique id (letters, digits, hyphens)", "%s %q has no id", what, short(p.Key.Value))
		return "", false
	}
	return id, true
}
