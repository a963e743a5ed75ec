package rules

import (
	"slices"
	"testing"
)

// Every finding that names a security threat says which weakness it is:
// rules with STRIDE categories, and privacy rules about data disclosure,
// carry at least one CWE (CWE-359 fits disclosure). Other privacy rules
// may go without one only by saying why in references.no_cwe: they are
// about what users are told or agreed to, which CWE, a catalogue of
// weaknesses in software and hardware, does not describe.
func TestEveryRuleCarriesACWE(t *testing.T) {
	all, diags := Builtin()
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, r := range all {
		refs := r.References
		switch {
		case len(refs.CWE) > 0:
		case len(r.STRIDE) > 0:
			t.Errorf("%s has STRIDE categories %v but no CWE", r.ID, r.STRIDE)
		case slices.Contains(r.LINDDUN, "data-disclosure"):
			t.Errorf("%s discloses data but carries no CWE (CWE-359 fits)", r.ID)
		case refs.NoCWE == "":
			t.Errorf("%s carries no CWE and does not say why in references.no_cwe", r.ID)
		}
	}
}
