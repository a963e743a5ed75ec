package strictyaml

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/diag"
)

type inner struct {
	Name  string   `yaml:"name,required"`
	Ports []int    `yaml:"ports"`
	Tags  []string `yaml:"tags"`
	Src   Source   `yaml:"-"`
}

type outer struct {
	Title   string            `yaml:"title"`
	Enabled bool              `yaml:"enabled"`
	Ratio   float64           `yaml:"ratio"`
	Count   *int              `yaml:"count"`
	Items   []inner           `yaml:"items"`
	Options map[string]string `yaml:"options"`
	Hidden  string            `yaml:"-"`
	Src     Source            `yaml:"-"`
}

func decode(t *testing.T, text string) (*outer, diag.List) {
	t.Helper()
	root, diags := Parse("t.yaml", []byte(text), DefaultLimits)
	if len(diags) > 0 {
		return nil, diags
	}
	var o outer
	return &o, Decode(root, &o, "")
}

func TestDecodeKeepsPositionsAndSpelling(t *testing.T) {
	o, diags := decode(t, `title: "x"
enabled: true
ratio: 1.10
count: 3
items:
  - name: a
    tags: [one, two]
options: {pairing: just-works, codes: true}
`)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if o.Title != "x" || !o.Enabled || o.Ratio != 1.1 || *o.Count != 3 || o.Items[0].Name != "a" {
		t.Errorf("decoded %+v", o)
	}
	if got := o.Items[0].Src.At("tags[1]"); got.Line != 7 || got.Column != 17 {
		t.Errorf("tags[1] at %v, want 7:17", got)
	}
	if got := o.Src.At("options.codes"); got.Line != 8 || got.Column != 39 {
		t.Errorf("options.codes at %v, want 8:39", got)
	}
	if o.Options["codes"] != "true" {
		t.Errorf("scalar map value = %q", o.Options["codes"])
	}
	if !o.Src.Has("items") || o.Src.Has("hidden") {
		t.Error("Has is wrong")
	}
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	_, diags := decode(t, `titel: x
enabled: yes
ratio: fast
hidden: 1
items:
  - tags: a
  - name: [b]
    ports: [80, http]
options: [a]
`)
	want := []string{
		"t.yaml:1:1: titel: unknown key \"titel\"\n\thint: did you mean \"title\"?",
		"t.yaml:2:10: enabled: expected true or false, found the string \"yes\"",
		"t.yaml:3:8: ratio: expected a number, found the string \"fast\"",
		"t.yaml:4:1: hidden: unknown key \"hidden\"",
		"t.yaml:6:5: items[0].name: missing required key \"name\"",
		"t.yaml:6:11: items[0].tags: expected a list, found the string \"a\"",
		"t.yaml:7:11: items[1].name: expected a single value, found a list",
		"t.yaml:8:17: items[1].ports[1]: expected an integer, found the string \"http\"",
		"t.yaml:9:10: options: expected a mapping, found a list",
	}
	got := diags.Sort()
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%v", len(got), len(want), got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i].String(), want[i]) {
			t.Errorf("diagnostic %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestMergeKeysAndAliases(t *testing.T) {
	o, diags := decode(t, `options: &base {a: "1", b: "2"}
items:
  - &first {name: x, tags: [t]}
  - <<: *first
    name: y
`)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if o.Items[1].Name != "y" || len(o.Items[1].Tags) != 1 {
		t.Errorf("merge: %+v", o.Items[1])
	}
}

func TestRefusesAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	_, diags := Parse("bomb.yaml", []byte(b.String()), Limits{MaxBytes: 1 << 20, MaxNodes: 100_000, MaxDepth: 50})
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "expands to more than 100000 nodes") {
		t.Fatalf("alias bomb not refused: %v", diags)
	}
}

func TestRefusesOversizedAndDeepInput(t *testing.T) {
	_, diags := Parse("big.yaml", make([]byte, 2000), Limits{MaxBytes: 1000, MaxNodes: 10, MaxDepth: 10})
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "larger than the 1000-byte limit") {
		t.Errorf("oversized: %v", diags)
	}
	_, diags = Parse("deep.yaml", []byte(strings.Repeat("[", 500)), DefaultLimits)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), "deep.yaml:1:101: nesting goes more than 100 levels deep") {
		t.Errorf("deep flow: %v", diags)
	}
	deepBlock := ""
	for i := 0; i < 150; i++ {
		deepBlock += strings.Repeat(" ", i) + "k:\n"
	}
	_, diags = Parse("deep2.yaml", []byte(deepBlock), DefaultLimits)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "nesting deeper than") {
		t.Errorf("deep block: %v", diags)
	}
}

func TestSyntaxErrorsHaveColumns(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a: 1\nb: [1, 2\n", "t.yaml:2:"},
		{"a: 1\na: 2\n", "t.yaml:2:1: YAML syntax error"},
		{"a: 1\n---\nb: 2\n", "t.yaml:3:1: a model file holds one YAML document"},
		{"a: *nothing\n", "t.yaml:1:4: unknown alias *nothing"},
		{"a: !custom 1\n", "unsupported YAML tag !custom"},
	} {
		_, diags := Parse("t.yaml", []byte(tc.in), DefaultLimits)
		if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tc.want) && !strings.Contains(diags[0].String(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.in, diags, tc.want)
		}
	}
}

func TestRefusesCostlyShapes(t *testing.T) {
	// A line of block indicators nests without brackets.
	_, diags := Parse("dash.yaml", []byte(strings.Repeat("- ", 5000)+"x\n"), DefaultLimits)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), "dash.yaml:1:201: nesting goes more than 100 levels deep") {
		t.Errorf("indicator nesting: %v", diags)
	}
	// Merging one big aliased mapping many times: found by fuzzing, once
	// quadratic. It must finish quickly, whether accepted or refused.
	keys := make([]string, 290)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%d", i)
	}
	text := "- &b {" + strings.Join(keys, ",") + "}\n- &l [" + strings.Repeat("*b,", 144) + "*b]\n" + strings.Repeat("- <<: *l\n", 48)
	if _, diags := Parse("merge.yaml", []byte(text), DefaultLimits); len(diags) != 0 {
		t.Errorf("merge: %v", diags)
	}
}

func TestDiagnosticsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("items: [")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "{nam%d: x},", i)
	}
	b.WriteString("]\n")
	_, diags := decode(t, b.String())
	if len(diags) != MaxDiagnostics+1 || !strings.Contains(diags[len(diags)-1].Message, "too many problems") {
		t.Errorf("got %d diagnostics, last %v", len(diags), diags[len(diags)-1])
	}
}
