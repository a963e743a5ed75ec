package strictyaml

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// More shapes for the split parse, found in review (several were bugs:
// quoted strings hiding a "key:" line, line breaks other than \n,
// complex keys at the end of a piece): each must decline or agree exactly
// with the serial parse (checkSplit fails the test otherwise).
var splitShapes = map[string]string{
	// A double-quoted scalar running over column-0 lines: the planner
	// takes "l:" inside the string for a top-level key.
	"quoted string hides a key":          "k: \"abc\nl:\n  - x\n  - y\n\"\nl:\n",
	"single-quoted hides a key":          "k: 'abc\nl:\n  - x\n  - y\n'\nl:\n",
	"quoted string closed on a key line": "k: \"abc\nl:\n  - x\n  - y\nm: z\"\nl:\n",
	"single-quoted closed on a key line": "k: 'abc\nl:\n  - x\n  - y\nm: it''s'\nl:\n",
	// Line breaks the planner does not count but the YAML parser does.
	"lone CR inside list": "l:\n  - a\r  - b\n  - c\n",
	"lone CR before list": "k: a\rm: b\nl:\n  - x\n  - y\n",
	"NEL inside an item":  "l:\n  - \"a\u0085b\"\n  - c\n",
	"LS inside an item":   "l:\n  - \"a\u2028b\"\n  - c\n",
	"PS in a plain value": "k: a\u2029b\nl:\n  - x\n  - y\n",
	"NEL before the list": "k: \"a\u0085b\"\nl:\n  - x\n  - y\n",
	"LS after the list":   "l:\n  - x\n  - y\nk: \"a\u2028b\"\nm: 1\n",
	"block scalar indent": "l:\n  - |2\n   - a\n  - b\n",
	"block scalar col 0":  "l:\n- |1\n - a\n- b\n",
	"comment first":       "l:\n  # first\n  - a\n  - b\n",
	"empty list then key": "l:\nm:\n  - a\n",
	"col0 list then key":  "l:\n- a\n- b\nm: 1\n",
	"complex key":         "? a\n: b\nl:\n  - x\n",
	"complex key in item": "l:\n  - ? a\n    : b\n  - x\n",
	"tab after dash":      "l:\n  -\tx\n  - y\n",
	"doc end":             "l:\n  - x\n...\n",
	"BOM":                 "\ufeffl:\n  - x\n  - y\n",
	"BOM comment":         "\ufeff# c\nl:\n  - x\n  - y\n",
	"tag on list":         "l: !!seq\n  - x\n  - y\n",
	"tag on item list":    "l:\n  - !!seq\n    - x\n  - y\n",
	"plain multi-line":    "l:\n  - a\n    - b\n  - c\n",
	"key dash":            "-l:\n  - a\n  - b\n",
	"key null":            "null:\n  - a\n  - b\n",
	"key number":          "1:\n  - a\n01:\n  - b\n",
	"flow in skeleton":    "k: [a,\n  b]\nl:\n  - x\n  - y\n",
	"flow map item":       "l:\n  - {a: 1,\n  b: 2}\n",
	"comment in quoted":   "l:\n  - \"a\n  # c\n    b\"\n  - x\n",
	"CRLF list col 0":     "l:\r\n- a\r\n- b\r\nm: 1\r\n",
	"empty item last":     "l:\n  - a\n  -\n",
	"doc start comment":   "--- # c\nl:\n  - a\n  - b\n",
	"doc start twice":     "---\n---\nl:\n  - a\n",
	"directive-like key":  "l:\n  - a\n%x: 1\n",
	// A complex key without a value: the empty value takes the position
	// of the token after it, which is in the next piece.
	"complex key without value": "0:\n  - ? 0\n  -",
	"complex key last in piece": "l:\n  - ? a\n\n  - b\n",
}

func TestSplitParseOnMoreShapes(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	for name, text := range splitShapes {
		t.Run(name, func(t *testing.T) {
			checkSplit(t, name, []byte(text), tinySplit)
		})
	}
}

// With the default sizes, through Parse: a model over 256 KiB whose
// first value is a quoted string running over column-0 lines loads as the
// serial parse reads it (the list inside the string was moved under a
// later key of the same name).
func TestSplitQuotedStringHidingAListAtDefaultSizes(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	var b strings.Builder
	b.WriteString("description: \"notes\nelements:\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "  - id: e%d\n    kind: device\n    name: a fairly long element name %d\n", i, i)
	}
	b.WriteString("end: here\"\nelements:\n")
	data := []byte(b.String())
	serial, diags := parseSerial("m.yaml", data, DefaultLimits, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got, diags := Parse("m.yaml", data, DefaultLimits)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if !reflect.DeepEqual(got, serial) {
		t.Errorf("Parse differs from the serial parse: elements is %s (serial: %s)",
			got.Lookup("elements").Describe(), serial.Lookup("elements").Describe())
	}
}

// With the default sizes: a U+2028 line break (or a lone CR, NEL, PS)
// must not shift later line numbers (it did, in the split parse).
func TestSplitUnusualLineBreaksAtDefaultSizes(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	var b strings.Builder
	b.WriteString("name: x\nelements:\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "  - id: e%d\n    kind: device\n    name: \"a fairly long\u2028element name %d\"\n", i, i)
	}
	data := []byte(b.String())
	serial, diags := parseSerial("m.yaml", data, DefaultLimits, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got, _ := Parse("m.yaml", data, DefaultLimits)
	last := func(n *Node) int { it := n.Lookup("elements").Items; return it[len(it)-1].Pos.Line }
	if last(got) != last(serial) {
		t.Errorf("last element at line %d, serial parse says %d", last(got), last(serial))
	}
}

// MaxNodes is enforced on the assembled tree as the serial parse does.
func TestSplitMaxNodes(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	data := []byte("a: 1\nl:\n  - a\n  - b\n  - c\n  - d\n  - e\n")
	for max := 1; max < 16; max++ {
		lim := DefaultLimits
		lim.MaxNodes = max
		serial, diags := parseSerial("x", data, lim, nil)
		split := parseSplit("x", data, lim, tinySplit, nil)
		if split != nil && (len(diags) > 0 || !reflect.DeepEqual(split, serial)) {
			t.Errorf("MaxNodes %d: split accepted, serial %v", max, diags)
		}
	}
}

// Progress never goes backwards.
func TestSplitProgressMonotonic(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	text := string(largeModel(4000))
	// A problem in the last list item: the split parse fails late, and
	// the serial parse starts again from zero.
	text += "  - [unterminated\n"
	last := -1
	var back []string
	ParseProgress("m.yaml", []byte(text), DefaultLimits, func(done, total int) {
		if done < last {
			back = append(back, fmt.Sprintf("%d after %d", done, last))
		}
		last = done
	})
	if len(back) > 0 {
		t.Errorf("progress went backwards: %v", back)
	}
}

// FuzzSplitParseShapes is FuzzSplitParse seeded with the shapes above.
func FuzzSplitParseShapes(f *testing.F) {
	for _, text := range splitShapes {
		f.Add([]byte(text))
	}
	f.Add([]byte("l:\n  - |2\n    x\n  - y\nm:\n- a\n- 'b\n  c'\n"))
	f.Add([]byte("a: {x: 1,\n  y: 2}\nl:\n- a\n- \"b\n  c\"\n- [d,\n  e]\nm:\n  - ? k\n    : v\n  - >-\n    f\n\n    - g\n"))
	f.Add([]byte("# c\n---\nl: # c\n  # c\n  - - a\n    - b\n  -\n  - !!str c\nn:\n  x: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplit(t, "fuzz.yaml", data, tinySplit)
	})
}
