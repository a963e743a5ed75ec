package strictyaml

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// tinySplit cuts every list of at least one item after every item, so
// that small inputs exercise every cut the planner allows.
var tinySplit = splitSizes{minBytes: 0, minItems: 1, piece: 1}

// checkSplit parses data both ways and fails unless the split parse
// either declined or produced exactly the serial parse's tree, and
// declined whenever the serial parse found a problem. It reports whether
// the split parse took the document.
func checkSplit(t *testing.T, name string, data []byte, sizes splitSizes) bool {
	t.Helper()
	serial, diags := parseSerial(name, data, DefaultLimits, nil)
	split := parseSplit(name, data, DefaultLimits, sizes, nil)
	if split == nil {
		return false
	}
	if len(diags) > 0 {
		t.Fatalf("%s: the split parse accepted a document the serial parse refuses:\n%v\n%s", name, diags, data)
	}
	if !reflect.DeepEqual(split, serial) {
		t.Fatalf("%s: split and serial parses differ\nsplit:  %s\nserial: %s", name, dumpNode(split), dumpNode(serial))
	}
	return true
}

func dumpNode(n *Node) string {
	var b strings.Builder
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		fmt.Fprintf(&b, "%s%d %q %q %d:%d size=%d text=%d\n", strings.Repeat("  ", depth), n.Kind, n.Tag, n.Value, n.Pos.Line, n.Pos.Column, n.size, n.text)
		for _, it := range n.Items {
			walk(it, depth+1)
		}
		for _, p := range n.Pairs {
			walk(p.Key, depth+1)
			walk(p.Value, depth+2)
		}
	}
	walk(n, 0)
	return b.String()
}

func TestSplitParseEqualsSerialOnExamples(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	files, _ := filepath.Glob("../examples/*.yaml")
	templates, _ := filepath.Glob("../scaffold/*/*.yaml")
	files = append(files, templates...)
	if len(files) == 0 {
		t.Fatal("no example models found")
	}
	taken := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkSplit(t, f, data, tinySplit) {
			taken++
		}
		// The same file with Windows line ends.
		checkSplit(t, f+" (CRLF)", []byte(strings.ReplaceAll(string(data), "\n", "\r\n")), tinySplit)
	}
	if taken == 0 {
		t.Fatal("the split parse declined every example: the test proves nothing")
	}
}

// A generated model of a few hundred KB takes the split path with the
// default sizes, and yields the serial parse's tree.
func TestSplitParseEqualsSerialOnALargeModel(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	data := largeModel(3000)
	if len(data) < splitDefaults.minBytes {
		t.Fatalf("the generated model (%d bytes) is too small to be split", len(data))
	}
	if !checkSplit(t, "large.yaml", data, splitDefaults) {
		t.Fatal("the split parse declined a plain large model")
	}
	root, diags := Parse("large.yaml", data, DefaultLimits)
	if len(diags) > 0 || root.Pairs[1].Key.Value != "elements" || len(root.Pairs[1].Value.Items) != 3000 {
		t.Fatalf("Parse: %v", diags)
	}
}

// largeModel writes n elements and flows in the shapes models use: block
// and flow mappings, lists, comments, quoted and block scalars.
func largeModel(n int) []byte {
	var b strings.Builder
	b.WriteString("# generated\nname: Large\nelements:\n")
	for i := range n {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "  - id: e%d\n    kind: device\n    name: \"Element %d: a \\\"quoted\\\" name\"\n    stores: [firmware, logs]\n", i, i)
		case 1:
			fmt.Fprintf(&b, "  - {id: e%d, kind: gateway, boundary: b%d}\n", i, i%7)
		case 2:
			fmt.Fprintf(&b, "  # element %d\n  - id: e%d\n    kind: service\n    description: |\n      Line one of %d.\n      - not an item\n\n    options:\n      pairing: true\n", i, i, i)
		default:
			fmt.Fprintf(&b, "  - id: e%d\n    kind: mobile-app\n    notes: 'folded\n      over two lines'\n", i)
		}
	}
	b.WriteString("flows:\n")
	for i := range n {
		fmt.Fprintf(&b, "- {from: e%d, to: e%d, protocol: https, data: [telemetry]}\n", i, (i+1)%n)
	}
	b.WriteString("boundaries:\n  - id: b0\n    kind: home\n")
	return []byte(b.String())
}

// Shapes the planner must either decline or cut correctly; each is
// compared with the serial parse, errors included.
func TestSplitParseOnTrickyShapes(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	cases := map[string]struct {
		yaml  string
		taken bool // whether the split parse should take it
	}{
		"plain":                   {"a: 1\nl:\n  - x\n  - y\n  - z\n", true},
		"list at column 0":        {"l:\n- x\n- y\nm: 2\n", true},
		"document start":          {"# c\n---\nl:\n  - x\n  - y\n", true},
		"comment after key":       {"l: # the list\n  - x\n  # between\n  - y\n# after\nm: 1\n", true},
		"nested lists":            {"l:\n  - - a\n    - b\n  - - c\n", true},
		"empty item":              {"l:\n  -\n  - x\n", true},
		"mapping value":           {"m:\n  a: 1\n  b: 2\nl:\n  - x\n", true},
		"quote across items":      {"l:\n  - \"open\n  - still in the string\"\n  - x\n", false},
		"flow across items":       {"l:\n  - [a,\n  - b]\n  - c\n", false},
		"single quote over items": {"l:\n  - 'a\n  - b'\n", false},
		"alias":                   {"a: &x 1\nl:\n  - *x\n  - y\n", false},
		"two documents":           {"l:\n  - x\n---\nl:\n  - y\n", false},
		"directive":               {"%YAML 1.2\n---\nl:\n  - x\n", false},
		"flow document":           {"{l: [x, y]}\n", false},
		"quoted key":              {"\"l\":\n  - x\n  - y\n", false},
		"item out of place":       {"l:\n    - x\n  - y\n", false},
		"duplicate key":           {"l:\n  - x\nl:\n  - y\n", false},
		"bad item":                {"l:\n  - x\n  - [y\n  - z\n", false},
		"tab":                     {"l:\n  - x\n\t- y\n", false},
		"tag in item":             {"l:\n  - !!str 1\n  - !foo x\n", false},
		"block scalar":            {"l:\n  - |\n    text\n    - more\n  - x\n", true},
		"no newline at end":       {"l:\n  - x\n  - y", true},
		"nothing to cut":          {"name: x\nl: [a, b]\n", false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := checkSplit(t, name, []byte(c.yaml), tinySplit); got != c.taken {
				t.Errorf("split parse took the document: %v, want %v", got, c.taken)
			}
		})
	}
}

// FuzzSplitParse checks that whatever the bytes, the split parse either
// declines or agrees exactly with the serial parse.
func FuzzSplitParse(f *testing.F) {
	f.Add([]byte("a: 1\nl:\n  - x\n  - {y: 1}\n  - z\nm:\n- 1\n- 2\n"))
	f.Add([]byte("l:\n  - \"a\n  - b\"\n"))
	f.Add([]byte("l:\n  - |\n    - x\n  - y\n"))
	f.Add(largeModel(8))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplit(t, "fuzz.yaml", data, tinySplit)
	})
}
