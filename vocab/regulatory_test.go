package vocab

import (
	"slices"
	"strings"
	"testing"
)

// The CRA's Annex I has 22 items: Part I (1), (2)(a)–(m) and Part II
// (1)–(8), each linked to EUR-Lex; every EN 18031 part carries the
// password restriction on AUM-5 and its sub-items, part 2 the children's
// restriction and part 3 the update restriction.
func TestRegulatoryStandards(t *testing.T) {
	v := Builtin()
	cra, ok := v.Standard("eu-cra-annex-i")
	if !ok || !cra.Regulatory {
		t.Fatal("eu-cra-annex-i is missing or not regulatory")
	}
	var ids []string
	for _, it := range cra.Items {
		ids = append(ids, it.ID)
		if !strings.HasPrefix(it.URL, "https://eur-lex.europa.eu/eli/reg/2024/2847/oj") {
			t.Errorf("%s links to %q", it.ID, it.URL)
		}
	}
	want := []string{"I-1"}
	for c := 'a'; c <= 'm'; c++ {
		want = append(want, "I-2"+string(c))
	}
	for i := 1; i <= 8; i++ {
		want = append(want, "II-"+string(rune('0'+i)))
	}
	if !slices.Equal(ids, want) {
		t.Errorf("CRA items %v, want %v", ids, want)
	}
	restricted := map[string][]string{
		"en-18031-1": {"AUM-5", "AUM-5-1", "AUM-5-2"},
		"en-18031-2": {"ACM-3", "ACM-4", "ACM-5", "ACM-6", "AUM-5", "AUM-5-1", "AUM-5-2"},
		"en-18031-3": {"AUM-5", "AUM-5-1", "AUM-5-2", "SUM-2"},
	}
	for id, wantRestricted := range restricted {
		s, ok := v.Standard(id)
		if !ok || !s.Regulatory {
			t.Fatalf("%s is missing or not regulatory", id)
		}
		var got []string
		for _, it := range s.Items {
			if it.Restriction != "" {
				got = append(got, it.ID)
			}
		}
		if !slices.Equal(got, wantRestricted) {
			t.Errorf("%s restricted items %v, want %v", id, got, wantRestricted)
		}
	}
}

// Every control the regulations ask about exists and cites a regulatory
// item, and no catalogue standard is marked regulatory.
func TestRegulatoryControls(t *testing.T) {
	v := Builtin()
	for _, id := range []string{"security-log-opt-out", "update-notification", "access-alerts", "separate-security-updates",
		"egress-limits", "authenticator-change", "key-generation", "gateway-traffic-filtering", "user-notification"} {
		c, ok := v.Control(id)
		if !ok {
			t.Errorf("control %s is missing", id)
			continue
		}
		regulatory := 0
		for std, items := range c.References {
			if s, ok := v.Standard(std); ok && s.Regulatory {
				regulatory += len(items)
			}
		}
		if regulatory == 0 {
			t.Errorf("control %s cites no regulatory item", id)
		}
	}
	for _, id := range []string{"etsi-en-303-645", "owasp-iot-2018", "nistir-8259a", "owasp-isvs"} {
		if s, _ := v.Standard(id); s.Regulatory {
			t.Errorf("%s is a catalogue, not regulatory", id)
		}
	}
}

// A reference to an item a regulatory standard lacks is refused like any
// other standard's, with a suggestion.
func TestRegulatoryReferenceChecked(t *testing.T) {
	ext := parseExt(t, `controls:
  - {id: acme-x, name: X, description: d, applies_to: [system], references: {eu-cra-annex-i: [I-2n]}}
`)
	_, diags := Builtin().Extend(ext)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), `has no item "I-2n"`) {
		t.Errorf("diagnostics: %v", diags)
	}
}
