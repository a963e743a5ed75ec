package model

import (
	"fmt"
	"maps"
	"slices"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// checkVocabularyIDs reports the empty ids (id: "") among a model's
// vocabulary extensions. The decoder accepts them, as a required key that
// is present, and an empty word would then be a valid value: an element
// with kind: "" would pass once some extension defined the kind "".
func checkVocabularyIDs(v *vocab.Vocabulary) diag.List {
	var diags diag.List
	empty := func(src strictyaml.Source, field, id string) {
		if writtenEmpty(src, "id", id) {
			diags.Add(src.At("id"), field+".id", "give it an id of letters, digits, '.', '_' and '-'", "empty id")
		}
	}
	for i, k := range v.ElementKinds {
		empty(k.Src, fmt.Sprintf("vocabulary.element_kinds[%d]", i), k.ID)
	}
	for i, b := range v.BoundaryKinds {
		empty(b.Src, fmt.Sprintf("vocabulary.boundary_kinds[%d]", i), b.ID)
	}
	for i, p := range v.Protocols {
		field := fmt.Sprintf("vocabulary.protocols[%d]", i)
		empty(p.Src, field, p.ID)
		for j, o := range p.Options {
			ofield := fmt.Sprintf("%s.options[%d]", field, j)
			empty(o.Src, ofield, o.ID)
			for k, t := range o.Values {
				empty(t.Src, fmt.Sprintf("%s.values[%d]", ofield, k), t.ID)
			}
		}
	}
	for i, c := range v.Controls {
		empty(c.Src, fmt.Sprintf("vocabulary.controls[%d]", i), c.ID)
	}
	for i, s := range v.Standards {
		field := fmt.Sprintf("vocabulary.standards[%d]", i)
		empty(s.Src, field, s.ID)
		for j, it := range s.Items {
			empty(it.Src, fmt.Sprintf("%s.items[%d]", field, j), it.ID)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(v.Enums)) {
		for i, t := range v.Enums[name] {
			empty(t.Src, fmt.Sprintf("vocabulary.enums.%s[%d]", name, i), t.ID)
		}
	}
	return diags
}

// checkVocabularyAttributes verifies that element kinds added in a model's
// vocabulary name only attributes the model format has, and that no
// extension has an empty id (see checkVocabularyIDs).
func checkVocabularyAttributes(v *vocab.Vocabulary) diag.List {
	diags := checkVocabularyIDs(v)
	for _, k := range v.ElementKinds {
		for i, a := range k.Attributes {
			if !slices.Contains(kindSpecific, a) {
				diags.Add(k.Src.At(fmt.Sprintf("attributes[%d]", i)), "vocabulary.element_kinds["+k.ID+"].attributes",
					diag.DidYouMean(a, kindSpecific), "unknown element attribute %q", a)
			}
		}
	}
	return diags
}
