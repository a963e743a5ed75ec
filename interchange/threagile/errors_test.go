package threagile

import (
	"strings"
	"testing"
)

// TestLocatedErrors feeds malformed models and checks each error names
// the line and column of the bad value, the Threagile field and what was
// expected, and that no model comes back.
func TestLocatedErrors(t *testing.T) {
	const head = "threagile_version: 1.0.0\ntitle: t\n"
	cases := []struct{ name, src, want string }{
		{"root is a list", "- a\n", "bad.yaml:1:1: expected a Threagile model (a mapping), found a list"},
		{"syntax", "title: [\n", "bad.yaml:"},
		{"version", "threagile_version: 2.0.0\n", "bad.yaml:1:20: threagile_version: unsupported version \"2.0.0\""},
		{"section is a list", head + "technical_assets:\n  - a\n", "bad.yaml:4:3: technical_assets: expected a mapping, found a list"},
		{"asset is a string", head + "technical_assets:\n  A: web\n", "bad.yaml:4:6: technical_assets[A]: expected a mapping, found the string \"web\""},
		{"missing id", head + "technical_assets:\n  A: {type: process}\n", "bad.yaml:4:3: technical_assets[A].id: technical asset \"A\" has no id"},
		{"bool as string", head + "technical_assets:\n  A:\n    id: a\n    internet: \"yes\"\n", "bad.yaml:6:15: technical_assets[A].internet: expected true or false, found the string \"yes\""},
		{"tags as string", head + "technical_assets:\n  A:\n    id: a\n    tags: linux\n", "bad.yaml:6:11: technical_assets[A].tags: expected a list, found the string \"linux\""},
		{"id as list", head + "data_assets:\n  D:\n    id: [d]\n", "bad.yaml:5:9: data_assets[D].id: expected a string, found a list"},
		{"unknown type", head + "technical_assets:\n  A: {id: a, type: proces}\n", `technical_assets[A].type: unknown Threagile technical asset type "proces"` + "\n\thint: did you mean \"process\"?"},
		{"duplicate asset id", head + "technical_assets:\n  A: {id: a}\n  B: {id: a}\n", "bad.yaml:5:11: technical_assets[B].id: duplicate technical asset id \"a\""},
		{"unknown target", head + "technical_assets:\n  A: {id: a, communication_links: {L: {target: bb, protocol: https}}}\n  B: {id: b}\n",
			`bad.yaml:4:48: technical_assets[A].communication_links[L].target: unknown technical asset "bb"` + "\n\thint: did you mean \"b\"?"},
		{"unknown protocol", head + "technical_assets:\n  A: {id: a, communication_links: {L: {target: a, protocol: htps}}}\n",
			`technical_assets[A].communication_links[L].protocol: unknown Threagile protocol "htps"`},
		{"missing protocol", head + "technical_assets:\n  A: {id: a, communication_links: {L: {target: a}}}\n", `communication link "L" has no protocol`},
		{"unknown data", head + "technical_assets:\n  A: {id: a, data_assets_stored: [x]}\n", `bad.yaml:4:35: technical_assets[A].data_assets_stored: unknown data asset "x"`},
		{"boundary cycle", head + "trust_boundaries:\n  X: {id: x, trust_boundaries_nested: [y]}\n  Y: {id: y, trust_boundaries_nested: [x]}\n",
			"trust boundary nesting cycle through"},
		{"asset in two boundaries", head + "technical_assets:\n  A: {id: a}\ntrust_boundaries:\n  X: {id: x, technical_assets_inside: [a]}\n  Y: {id: y, technical_assets_inside: [a]}\n",
			`bad.yaml:7:40: trust_boundaries[Y].technical_assets_inside: technical asset "a" is already inside trust boundary "X"`},
		{"nested twice", head + "trust_boundaries:\n  X: {id: x, trust_boundaries_nested: [z]}\n  Y: {id: y, trust_boundaries_nested: [z]}\n  Z: {id: z}\n",
			`trust boundary "z" is already nested in "X"`},
		{"cwe not a number", head + "individual_risk_categories:\n  C: {id: c, stride: spoofing, cwe: CWE-79}\n", "individual_risk_categories[C].cwe: expected a whole number"},
		{"risk without stride", head + "individual_risk_categories:\n  C: {id: c}\n", `risk category "C" has no STRIDE category`},
		{"risk on unknown asset", head + "individual_risk_categories:\n  C: {id: c, stride: spoofing, risks_identified: {R: {most_relevant_technical_asset: q}}}\n",
			`most_relevant_technical_asset: unknown technical asset "q"`},
		{"tracking status", head + "risk_tracking:\n  x@y: {status: done}\n", `bad.yaml:4:17: risk_tracking[x@y].status: unknown Threagile risk status "done"`},
		{"huge value is cut in messages", head + "technical_assets:\n  A: {id: a, type: " + strings.Repeat("x", 5000) + "}\n", `unknown Threagile technical asset type "xxxxxxxx`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			imp, diags := Import("bad.yaml", []byte(c.src))
			if imp != nil {
				t.Fatal("a malformed model must give no import")
			}
			if len(diags) == 0 {
				t.Fatal("no diagnostics")
			}
			var all []string
			for _, d := range diags {
				if d.Line == 0 {
					t.Errorf("unlocated: %s", d)
				}
				if len(d.Message) > 300 {
					t.Errorf("message of %d bytes", len(d.Message))
				}
				all = append(all, d.String())
			}
			if got := strings.Join(all, "\n"); !strings.Contains(got, c.want) {
				t.Errorf("got\n%s\nwant it to contain\n%s", got, c.want)
			}
		})
	}
}

// TestLenient checks what is not an error: unknown keys, an unknown
// technology, a missing version, an empty file section.
func TestLenient(t *testing.T) {
	src := `title: t
some_future_key: {a: 1}
technical_assets:
  A: {id: a, technology: teleporter, diagram_tweak_order: 3, new_flag: true}
data_assets:
trust_boundaries: {}
`
	imp, diags := Import("ok.yaml", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	checkValid(t, imp)
	if !strings.Contains(strings.Join(imp.Notes["elements[a]"], "\n"), `"teleporter" is not one this importer knows`) {
		t.Errorf("notes %v", imp.Notes)
	}
	if !strings.Contains(strings.Join(imp.Notes[""], "\n"), "no threagile_version") {
		t.Error("a missing version must be noted")
	}
}
