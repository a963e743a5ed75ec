package rules

import (
	"slices"
	"testing"

	"github.com/iotthreat/iotthreat/model"
)

// noCWE lists the privacy rules for which no CWE fits, with why: they are
// about what users are told or agreed to, which CWE, a catalogue of
// weaknesses in software and hardware, does not describe. A rule that
// discloses data carries CWE-359; any rule with STRIDE categories carries
// at least one CWE. (To do: say this in each rule's own metadata rather
// than here.)
var noCWE = map[string]string{
	"IOT-PRIV-001": "erasure on request is a legal duty (GDPR art. 17), not a weakness",
	"IOT-PRIV-002": "transparency towards users is a legal duty, not a weakness",
	"IOT-PRIV-003": "recorded consent is a legal duty, not a weakness",
	"IOT-PRIV-004": "explicit consent for special-category data is a legal duty, not a weakness",
	"IOT-PRIV-007": "documenting sensing to people nearby is transparency, not a weakness",
}

// Every finding that names a security threat says which weakness it is:
// rules with STRIDE categories, and privacy rules about data disclosure,
// carry at least one CWE; the other privacy rules may go without only
// with a reason in noCWE.
func TestEveryRuleCarriesACWE(t *testing.T) {
	all, diags := Builtin()
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, r := range all {
		has := len(r.References.CWE) > 0
		_, excused := noCWE[r.ID]
		switch {
		case has && excused:
			t.Errorf("%s carries CWE %v but is listed in noCWE; remove it from the list", r.ID, r.References.CWE)
		case has:
		case len(r.STRIDE) > 0:
			t.Errorf("%s has STRIDE categories %v but no CWE", r.ID, r.STRIDE)
		case slices.Contains(r.LINDDUN, "data-disclosure"):
			t.Errorf("%s discloses data but carries no CWE (CWE-359 fits)", r.ID)
		case !excused:
			t.Errorf("%s carries no CWE and no reason in noCWE", r.ID)
		}
	}
	for id := range noCWE {
		if !slices.ContainsFunc(all, func(r model.Rule) bool { return r.ID == id }) {
			t.Errorf("noCWE lists %s, which is not a built-in rule", id)
		}
	}
}
