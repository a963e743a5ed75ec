package interchange

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const goodMap = `# kinds for our catalogue
elements:
  "aws-lambda": support-service
  "*sensor*": device
  "Cust*DB": datastore
  "*": third-party-service
boundaries:
  "Public Cloud": vendor-cloud
`

func mustMapping(t *testing.T, text string) *Mapping {
	t.Helper()
	m, diags := ParseMapping("map.yaml", []byte(text))
	if len(diags) > 0 || m == nil {
		t.Fatalf("ParseMapping: %v", diags)
	}
	return m
}

func TestMappingMatch(t *testing.T) {
	m := mustMapping(t, goodMap)
	if len(m.Elements) != 4 || len(m.Boundaries) != 1 {
		t.Fatalf("got %d element and %d boundary rules", len(m.Elements), len(m.Boundaries))
	}
	cases := []struct {
		typ, name, kind, pattern, what string
	}{
		{"AWS-Lambda", "Resize", "support-service", "aws-lambda", "type"},                          // case is ignored
		{"iot-sensor-v2", "x", "device", "*sensor*", "type"},                                       // * in the middle of the text
		{"Sensor", "x", "device", "*sensor*", "type"},                                              // * matches nothing too
		{"ec2", "Temperature SENSOR", "device", "*sensor*", "name"},                                // the name, when the type does not match
		{"custdb", "CustomerDB", "datastore", "Cust*DB", "type"},                                   // an earlier rule matches the type first
		{"web", "Customer Orders DB", "datastore", "Cust*DB", "name"},                              // the first rule wins over "*"
		{"aws-lambda-edge", "edge", "third-party-service", "*", "type"},                            // "aws-lambda" is the whole text, not a prefix
		{"", "Thing", "third-party-service", "*", "name"},                                          // an empty type is skipped
		{"sensor-" + strings.Repeat("x", MaxMatchedText), "y", "third-party-service", "*", "name"}, // a type too long to compare
	}
	for _, c := range cases {
		got, ok := m.Element(Subject{"type", c.typ}, Subject{"name", c.name})
		if !ok || got.Kind != c.kind || got.Rule.Pattern != c.pattern || got.Subject.What != c.what {
			t.Errorf("Element(%.20q, %q) = %+v, %v; want %s by %q on the %s", c.typ, c.name, got, ok, c.kind, c.pattern, c.what)
		}
	}
	if got, ok := m.Boundary(Subject{"name", "public cloud"}); !ok || got.Kind != "vendor-cloud" {
		t.Errorf("Boundary(public cloud) = %+v, %v", got, ok)
	}
	if _, ok := m.Boundary(Subject{"name", "Public Cloud 2"}); ok {
		t.Error("a pattern without * must match the whole text")
	}
	got, _ := m.Element(Subject{"OTM type", "iot-sensor"})
	want := `from the mapping file map.yaml (rule "*sensor*" on line 4 matched its OTM type "iot-sensor")`
	if got.Why() != want {
		t.Errorf("Why() = %q; want %q", got.Why(), want)
	}
	var none *Mapping
	if _, ok := none.Element(Subject{"type", "sensor"}); ok {
		t.Error("a nil mapping must map nothing")
	}
	if d := none.Unused("otm"); d != nil {
		t.Errorf("nil mapping: Unused = %v", d)
	}
}

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		pattern, text string
		want          bool
	}{
		{"abc", "abc", true}, {"abc", "abcd", false}, {"*", "", true}, {"*", "x", true},
		{"a*", "a", true}, {"*a", "ba", true}, {"*a", "ab", false}, {"a*b", "ab", true}, {"a*b", "a", false},
		{"a*a", "a", false}, // prefix and suffix may not overlap
		{"*ab*ab*", "abab", true}, {"*ab*ab*", "aba", false}, {"a*b*c", "abbbc", true}, {"a*b*c", "acb", false},
		{"**", "", true}, {"*x*y*z*", "xxyyzz", true}, {"*x*y*z*", "zyx", false},
	}
	for _, c := range cases {
		if got := globMatch(strings.Split(c.pattern, "*"), c.text); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v; want %v", c.pattern, c.text, got, c.want)
		}
	}
}

// Every problem of a mapping file is a located error, each with a hint;
// a file with any problem gives no mapping.
func TestParseMappingErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"unknown element kind", "elements:\n  \"*sensor*\": devise\n",
			"map.yaml:2:15: elements[*sensor*]: unknown element kind \"devise\"\n\thint: did you mean \"device\"?"},
		{"unknown boundary kind", "boundaries:\n  Public Cloud: vendor-clod\n",
			"map.yaml:2:17: boundaries[Public Cloud]: unknown boundary kind \"vendor-clod\"\n\thint: did you mean \"vendor-cloud\"?"},
		{"element kind in boundaries", "boundaries:\n  x: device\n",
			"map.yaml:2:6: boundaries[x]: unknown boundary kind \"device\"\n\thint: expected one of: physical, local-network,"},
		{"unknown section", "element:\n  x: device\n",
			"map.yaml:1:1: element: unknown section \"element\" of a mapping file\n\thint: did you mean \"elements\"?"},
		{"kind not a string", "elements:\n  x: [device]\n",
			"map.yaml:2:6: elements[x]: expected an element kind, found a list\n\thint: expected one of: device, gateway,"},
		{"section not a mapping", "elements: [device]\n",
			"map.yaml:1:11: elements: expected a mapping of patterns to kinds, found a list"},
		{"repeated pattern", "elements:\n  Sensor: device\n  sensor: gateway\n",
			"map.yaml:3:3: elements[sensor]: the pattern repeats the rule on line 2, which always matches first"},
		{"empty pattern", "elements:\n  \"\": device\n", "map.yaml:2:3: elements[]: empty pattern"},
		{"long pattern", "elements:\n  " + strings.Repeat("a", MaxPatternLength+1) + ": device\n",
			fmt.Sprintf("map.yaml:2:3: elements[%s…]: the pattern is %d bytes long", strings.Repeat("a", 60), MaxPatternLength+1)},
		{"not a mapping", "- device\n", "map.yaml:1:1: a mapping file is a mapping with elements and boundaries, found a list"},
		{"empty file", "# nothing\n", "map.yaml:1:1: the mapping file is empty"},
		{"malformed YAML", "elements:\n  x: [device\n", "map.yaml:"},
		{"duplicate key", "elements:\n  x: device\n  x: gateway\n", "map.yaml:3:3"},
		{"too large", strings.Repeat("#", MaxMappingBytes+1), "map.yaml:1:1: file is larger than the 1048576-byte limit of a mapping file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, diags := ParseMapping("map.yaml", []byte(c.text))
			if m != nil || len(diags) == 0 {
				t.Fatalf("got a mapping, diagnostics %v", diags)
			}
			if got := diags.Error(); !strings.HasPrefix(got, c.want) {
				t.Errorf("got\n%s\nwant it to start with\n%s", got, c.want)
			}
			for _, d := range diags {
				if d.Line == 0 || d.Column == 0 {
					t.Errorf("not located: %v", d)
				}
			}
		})
	}
}

// Bounds: more rules than the limit are refused in one error, and a
// long kind gets the list of kinds, not an edit distance over its length.
func TestParseMappingLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("elements:\n")
	for i := range MaxMappingRules + 1 {
		fmt.Fprintf(&b, "  p%d: device\n", i)
	}
	_, diags := ParseMapping("map.yaml", []byte(b.String()))
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "1001 rules, more than the limit of 1000") {
		t.Errorf("too many rules: %v", diags)
	}
	b.Reset()
	b.WriteString("elements:\n")
	for i := range MaxMappingRules {
		fmt.Fprintf(&b, "  p%d: device\n", i)
	}
	b.WriteString("boundaries:\n")
	for i := range MaxMappingRules {
		fmt.Fprintf(&b, "  p%d: internet\n", i)
	}
	if m, diags := ParseMapping("map.yaml", []byte(b.String())); m == nil {
		t.Errorf("the limit itself must be accepted: %v", diags)
	}
	_, diags = ParseMapping("map.yaml", []byte("elements:\n  x: "+strings.Repeat("d", 100_000)+"\n"))
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Hint, "expected one of: device") {
		t.Errorf("long kind: %v", diags)
	}
}

// The worst a mapping can cost: every component of a large import
// compared with a full file of rules that each scan the whole text.
func TestMappingMatchCost(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	var b strings.Builder
	b.WriteString("elements:\n")
	for i := range MaxMappingRules {
		fmt.Fprintf(&b, "  \"*%s*q%d*\": device\n", strings.Repeat("x", 100), i)
	}
	m := mustMapping(t, b.String())
	text := strings.Repeat("x", MaxMatchedText-1)
	const items = 2_000
	start := time.Now()
	for range items {
		if _, ok := m.Element(Subject{"type", text}, Subject{"name", text}); ok {
			t.Fatal("matched")
		}
	}
	per := time.Since(start) / items
	t.Logf("%d rules against two 1 KiB texts: %v per item", MaxMappingRules, per)
	if per > 5*time.Millisecond {
		t.Errorf("%v per item: a 50,000-component file would take %v", per, 50_000*per)
	}
}

func TestMappingUnused(t *testing.T) {
	m := mustMapping(t, "elements:\n  \"*sensor*\": device\n  \"*sensr*\": device\nboundaries:\n  Home: local-network\n")
	if d := m.Unused("drawio"); len(d) != 1 || !strings.Contains(d[0].String(), "map.yaml:1:1: warning: the drawio importer takes every kind from the file itself") {
		t.Errorf("not consulted: %v", d)
	}
	m.Element(Subject{"type", "sensor"})
	got := m.Unused("otm")
	if len(got) != 2 || got[0].Line != 3 || got[1].Line != 5 || got[0].Field != "elements[*sensr*]" {
		t.Errorf("Unused = %v", got)
	}
}

func TestReadMapping(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "map.yaml")
	if err := os.WriteFile(path, []byte(goodMap), 0o644); err != nil {
		t.Fatal(err)
	}
	if m, diags, err := ReadMapping(path); m == nil || diags != nil || err != nil {
		t.Errorf("ReadMapping: %v %v %v", m, diags, err)
	}
	if _, _, err := ReadMapping(filepath.Join(dir, "missing.yaml")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	if err := os.WriteFile(path, []byte(strings.Repeat("#", MaxMappingBytes+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if m, diags, err := ReadMapping(path); m != nil || err != nil || len(diags) != 1 || diags[0].Line != 1 {
		t.Errorf("too large: %v %v %v", m, diags, err)
	}
}

// FuzzParseMapping: no mapping file makes the parser panic, and every
// accepted rule names a kind of the vocabulary and matches its own
// pattern's text with the stars removed.
func FuzzParseMapping(f *testing.F) {
	f.Add([]byte(goodMap))
	f.Add([]byte("elements: {\"**\": device, a*b: user}\nboundaries: null\n"))
	f.Add([]byte("elements:\n  x: &k device\n  y: *k\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, diags := ParseMapping("fuzz.yaml", data)
		if m == nil {
			if len(diags) == 0 {
				t.Fatal("no mapping and no diagnostics")
			}
			return
		}
		for _, r := range m.Elements {
			text := strings.ReplaceAll(strings.TrimSpace(r.Pattern), "*", "")
			if text == "" || text != strings.TrimSpace(text) || len(text) > MaxMatchedText {
				continue // the subject is trimmed: a pattern such as "* a" needs the space
			}
			if _, ok := m.Element(Subject{"type", text}); !ok {
				t.Fatalf("rule %q does not match its own text %q", r.Pattern, text)
			}
		}
	})
}
