package vocab

import (
	"strconv"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// RequiredEnums are the enumerations the model format relies on.
var RequiredEnums = []string{
	"classification", "level", "physical_access", "debug_interface", "firmware_update",
	"encryption", "authentication", "hardware_security", "credentials", "platform",
	"role", "tracking_status", "stride", "linddun", "exposure", "operator", "medium", "range",
}

// Check verifies that the vocabulary is internally consistent: ids are
// unique and every cross-reference (a protocol's medium, a control's
// standard provisions, a kind's allowed boundaries) names something defined.
func (v *Vocabulary) Check() diag.List {
	var diags diag.List
	seen := map[string]map[string]bool{}
	unique := func(kind, id string, src strictyaml.Source) {
		if seen[kind] == nil {
			seen[kind] = map[string]bool{}
		}
		if seen[kind][id] {
			diags.Add(src.At("id"), kind, "give each entry its own id", "duplicate %s %q", kind, id)
		}
		seen[kind][id] = true
	}
	term := func(src strictyaml.Source, entry, key, enum, value string) {
		if !v.HasTerm(enum, value) {
			diags.Add(src.At(key), entry+"."+key, diag.DidYouMean(value, v.TermIDs(enum)), "unknown %s %q", enum, value)
		}
	}
	for _, name := range RequiredEnums {
		if len(v.Enums[name]) == 0 {
			diags.Add(diag.Pos{File: "vocab/data"}, "enums", "", "enumeration %q is missing", name)
		}
	}
	for name, terms := range v.Enums {
		for _, t := range terms {
			unique("value of "+name, t.ID, t.Src)
		}
	}
	for _, k := range v.ElementKinds {
		unique("element kind", k.ID, k.Src)
		for i, b := range k.BoundaryKinds {
			if _, ok := v.BoundaryKind(b); !ok {
				diags.Add(k.Src.At(indexKey("boundary_kinds", i)), "boundary_kinds", diag.DidYouMean(b, v.BoundaryKindIDs()), "unknown boundary kind %q", b)
			}
		}
		for i, c := range k.ConnectsTo {
			if _, ok := v.ElementKind(c); !ok {
				diags.Add(k.Src.At(indexKey("connects_to", i)), "connects_to", diag.DidYouMean(c, v.ElementKindIDs()), "unknown element kind %q", c)
			}
		}
	}
	for _, b := range v.BoundaryKinds {
		unique("boundary kind", b.ID, b.Src)
		entry := "boundary_kinds[" + b.ID + "]"
		term(b.Src, entry, "exposure", "exposure", b.Exposure)
		term(b.Src, entry, "controlled_by", "operator", b.ControlledBy)
	}
	for _, p := range v.Protocols {
		unique("protocol", p.ID, p.Src)
		entry := "protocols[" + p.ID + "]"
		term(p.Src, entry, "medium", "medium", p.Medium)
		term(p.Src, entry, "range", "range", p.Range)
		for i, e := range p.Encryption {
			term(p.Src, entry, indexKey("encryption", i), "encryption", e)
		}
		for i, a := range p.Authentication {
			term(p.Src, entry, indexKey("authentication", i), "authentication", a)
		}
		opts := map[string]bool{}
		for _, o := range p.Options {
			if opts[o.ID] {
				diags.Add(o.Src.At("id"), "options", "", "protocol %s has option %q twice", p.ID, o.ID)
			}
			opts[o.ID] = true
		}
	}
	for _, c := range v.Controls {
		unique("control", c.ID, c.Src)
		for i, a := range c.AppliesTo {
			if _, ok := v.ElementKind(a); !ok && a != "flow" && a != "system" {
				diags.Add(c.Src.At(indexKey("applies_to", i)), "applies_to", diag.DidYouMean(a, append(v.ElementKindIDs(), "flow", "system")),
					"unknown control target %q (an element kind, flow or system)", a)
			}
		}
		for std, items := range c.References {
			diags = append(diags, v.CheckReferences(c.Src, "references."+std, "controls["+c.ID+"].references."+std, std, items)...)
		}
	}
	for _, s := range v.Standards {
		unique("standard", s.ID, s.Src)
		for _, it := range s.Items {
			unique("item of "+s.ID, it.ID, it.Src)
		}
	}
	return diags.Sort()
}

// CheckReferences verifies that items are provisions of the standard std.
// key is the Source key of the list, so errors point at the bad item, and
// field names the list in messages.
func (v *Vocabulary) CheckReferences(src strictyaml.Source, key, field, std string, items []string) diag.List {
	var diags diag.List
	s, ok := v.Standard(std)
	if !ok {
		ids := make([]string, len(v.Standards))
		for i, st := range v.Standards {
			ids[i] = st.ID
		}
		diags.Add(src.At(key), field, diag.DidYouMean(std, ids), "unknown standard %q", std)
		return diags
	}
	known := make([]string, len(s.Items))
	for i, it := range s.Items {
		known[i] = it.ID
	}
	for i, item := range items {
		if !s.Has(item) {
			diags.Add(src.At(indexKey(key, i)), field, diag.DidYouMean(item, known), "%s has no item %q", s.Name, item)
		}
	}
	return diags
}

// Has reports whether the standard defines the item id.
func (s *Standard) Has(id string) bool {
	for _, it := range s.Items {
		if it.ID == id {
			return true
		}
	}
	return false
}

func indexKey(key string, i int) string {
	return key + "[" + strconv.Itoa(i) + "]"
}
