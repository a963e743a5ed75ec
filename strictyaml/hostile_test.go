package strictyaml

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// expandedText is the bytes of every key and scalar of the tree under n,
// each counted as often as aliases repeat it, computed independently of
// the converter's own counting. Aliased subtrees share their children, so
// a memo keeps the walk linear in the written document.
func expandedText(n *Node, memo map[*Node]int) int {
	if n == nil {
		return 0
	}
	if t, ok := memo[n]; ok {
		return t
	}
	t := len(n.Value)
	for _, it := range n.Items {
		t += expandedText(it, memo)
	}
	for _, p := range n.Pairs {
		t += expandedText(p.Key, memo) + expandedText(p.Value, memo)
	}
	memo[n] = t
	return t
}

// issueModel is the shape of the report: one long string and count
// aliases of it under an element's sensors.
func issueModel(long, count int) []byte {
	var b strings.Builder
	b.WriteString("iotthreat: 1\nsystem: {name: Acme}\nelements:\n  - id: cam\n    kind: device\n")
	b.WriteString("    description: &big " + strings.Repeat("x", long) + "\n    sensors:\n")
	for range count {
		b.WriteString("      - *big\n")
	}
	return []byte(b.String())
}

// One 1 MiB string repeated 3,000 times by aliases is 3 GB of text in a
// file of 1 MiB: refused at the alias that crosses the budget, quickly
// and without making the text. "Quickly" is measured in memory, not
// time: the refusal takes 0.1 s (1.8 s under the race detector), and a
// bound on the clock failed once on a loaded machine (7 s against 5);
// the bytes it allocates (7 MiB) do not depend on the load, and making
// even a tenth of the text would break the bound.
func TestRefusesTextAmplification(t *testing.T) {
	data := issueModel(1<<20, 3000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, diags := Parse("m.yaml", data, DefaultLimits)
	runtime.ReadMemStats(&after)
	if mib := (after.TotalAlloc - before.TotalAlloc) >> 20; mib > 64 {
		t.Errorf("refusing it allocated %d MiB", mib)
	}
	budget := DefaultLimits.TextBudget(len(data))
	// 1 MiB written, then each alias adds 1 MiB: the fifth alias (line 12)
	// crosses 4 × 1.04 MiB + 1 MiB.
	want := fmt.Sprintf("m.yaml:12:9: document expands to more than %d bytes of text through aliases", budget)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), want) {
		t.Fatalf("got %v, want %s", diags, want)
	}
	if !strings.Contains(diags[0].Hint, "4 × the file's size + 1048576 bytes") {
		t.Errorf("hint %q does not state the limit", diags[0].Hint)
	}
}

// The budget counts bytes, not nodes: the same file with a short string
// is accepted, and the limit follows TextFactor and TextSlack exactly.
func TestTextBudgetIsExact(t *testing.T) {
	data := issueModel(100, 3000)
	root, diags := Parse("m.yaml", data, DefaultLimits)
	if len(diags) > 0 {
		t.Fatalf("short string refused: %v", diags)
	}
	text := expandedText(root, map[*Node]int{})
	if text <= len(data) {
		t.Fatalf("expanded text %d not larger than the file (%d): the test shape is wrong", text, len(data))
	}
	for _, tc := range []struct {
		slack int
		ok    bool
	}{{text - len(data), true}, {text - len(data) - 1, false}} {
		lim := DefaultLimits
		lim.TextFactor, lim.TextSlack = 1, tc.slack
		_, diags := Parse("m.yaml", data, lim)
		if (len(diags) == 0) != tc.ok {
			t.Errorf("budget %d for %d bytes of text: accepted=%v, want %v (%v)", len(data)+tc.slack, text, len(diags) == 0, tc.ok, diags)
		}
	}
}

// Merge keys count what they add: a list of 145 aliases of one mapping
// merged 48 times adds its keys 48 times, not 145 × 48 times. A merge
// that does add too much is refused like an alias.
func TestTextBudgetMerges(t *testing.T) {
	keys := make([]string, 290)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%d", i)
	}
	text := "- &b {" + strings.Join(keys, ",") + "}\n- &l [" + strings.Repeat("*b,", 144) + "*b]\n" + strings.Repeat("- <<: *l\n", 48)
	root, diags := Parse("merge.yaml", []byte(text), DefaultLimits)
	if len(diags) != 0 {
		t.Fatalf("merge: %v", diags)
	}
	if got, max := expandedText(root, map[*Node]int{}), DefaultLimits.TextBudget(len(text)); got > max {
		t.Errorf("accepted %d bytes of text, budget %d", got, max)
	}
	big := "a: &a {k: " + strings.Repeat("v", 1000) + "}\nl:\n" + strings.Repeat("  - <<: *a\n", 2000)
	_, diags = Parse("merge2.yaml", []byte(big), DefaultLimits)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "bytes of text through aliases") || diags[0].Column != 5 {
		t.Errorf("repeated merge: %v", diags)
	}
}

// The split parse takes only files without anchors or aliases, so it
// can never expand text; it still holds the assembled tree to the budget,
// and a file over its size threshold with aliases goes to the serial
// parse, which refuses it.
func TestTextBudgetSplitPath(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("splitting needs two cores")
	}
	data := largeModel(4000)
	if len(data) < splitDefaults.minBytes {
		t.Fatalf("model of %d bytes is below the split threshold", len(data))
	}
	if parseSplit("m.yaml", data, DefaultLimits, splitDefaults, nil) == nil {
		t.Fatal("the plain model was not split")
	}
	lim := DefaultLimits
	lim.TextFactor, lim.TextSlack = 0, 1000 // less than the file's own text
	if parseSplit("m.yaml", data, lim, splitDefaults, nil) != nil {
		t.Error("split parse accepted text over the budget")
	}
	if _, diags := Parse("m.yaml", data, lim); len(diags) != 1 || !strings.Contains(diags[0].Message, "bytes of text") {
		t.Errorf("serial parse: %v", diags)
	}
	// Over 256 KiB, with aliases: not split, refused by the serial parse.
	bomb := issueModel(300<<10, 100)
	if plainEnough(bomb) {
		t.Fatal("a file with aliases looks plain to the splitter")
	}
	if parseSplit("m.yaml", bomb, DefaultLimits, splitDefaults, nil) != nil {
		t.Error("a file with aliases was split")
	}
	if _, diags := Parse("m.yaml", bomb, DefaultLimits); len(diags) != 1 || !strings.Contains(diags[0].Message, "bytes of text") {
		t.Errorf("large alias file: %v", diags)
	}
}

// Input that is not UTF-8 text as YAML allows it is refused before
// parsing, at the first bad byte, as an encoding problem.
func TestEncodingProblems(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"invalid byte in quoted string", "a: 1\nname: \"Ac\xffme\"\n", "t.yaml:2:10: encoding problem: invalid UTF-8 byte 0xff"},
		{"latin-1 in a comment", "# caf\xe9\na: 1\n", "t.yaml:1:6: encoding problem: invalid UTF-8 byte 0xe9"},
		{"truncated sequence", "a: \xe2\x80", "t.yaml:1:4: encoding problem: invalid UTF-8 byte 0xe2"},
		{"NUL on line 2", "a: 1\nb: \"x\x00y\"\n", "t.yaml:2:6: encoding problem: NUL character (byte 0x00)"},
		{"bell", "a: 1\nb: \"\a\"\n", "t.yaml:2:5: encoding problem: control character U+0007 is not allowed"},
		{"escape", "a: \x1b[31m\n", "t.yaml:1:4: encoding problem: control character U+001B"},
		{"DEL", "a: x\x7f\n", "t.yaml:1:5: encoding problem: control character U+007F"},
		{"C1 control", "a: x\u0090\n", "t.yaml:1:5: encoding problem: control character U+0090"},
		{"noncharacter", "a: x\uffff\n", "t.yaml:1:5: encoding problem: control character U+FFFF"},
		{"after CRLF and a lone CR", "a: 1\r\nb: 2\rc: \x00", "t.yaml:3:4: encoding problem: NUL"},
		{"after NEL and LS", "a: \"1\u0085\u2028é\x01\"", "t.yaml:3:2: encoding problem: control character U+0001"},
		{"after a UTF-8 BOM", "\ufeffa: \x00", "t.yaml:1:4: encoding problem: NUL"},
		{"UTF-16LE BOM", "\xff\xfea\x00:\x00", "t.yaml:1:1: encoding problem: the file is UTF-16; save it as UTF-8"},
		{"UTF-16BE BOM", "\xfe\xff\x00a\x00:", "t.yaml:1:1: encoding problem: the file is UTF-16; save it as UTF-8"},
		{"UTF-32LE BOM", "\xff\xfe\x00\x00a\x00\x00\x00", "t.yaml:1:1: encoding problem: the file is UTF-32; save it as UTF-8"},
		{"UTF-32BE BOM", "\x00\x00\xfe\xff\x00\x00\x00a", "t.yaml:1:1: encoding problem: the file is UTF-32; save it as UTF-8"},
		{"UTF-16LE without BOM", "a\x00:\x00 \x001\x00", "t.yaml:1:2: encoding problem: the file looks like UTF-16 (little-endian) without a byte order mark"},
		{"UTF-16BE without BOM", "\x00a\x00:\x00 \x001", "t.yaml:1:1: encoding problem: the file looks like UTF-16 (big-endian) without a byte order mark"},
	} {
		_, diags := Parse("t.yaml", []byte(tc.in), DefaultLimits)
		if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tc.want) {
			t.Errorf("%s: got %v\nwant %s", tc.name, diags, tc.want)
			continue
		}
		if strings.Contains(diags[0].Hint, "indentation") {
			t.Errorf("%s: indentation hint for an encoding problem: %q", tc.name, diags[0].Hint)
		}
	}
	// What YAML allows passes: a UTF-8 BOM, tabs in values, NEL, text
	// in every script, noncharacters' neighbours.
	for _, ok := range []string{"\ufeffa: 1\n", "a: \"x\ty\"\n", "a: \"x\u0085y\"\n", "a: Ünïcödé 日本 👍\n", "a: \ufffd\n"} {
		if _, diags := Parse("t.yaml", []byte(ok), DefaultLimits); len(diags) > 0 {
			t.Errorf("%q refused: %v", ok, diags)
		}
	}
}

// A key longer than YAML's 1024 characters is named as such, where it
// starts, instead of "could not find expected ':'".
func TestLongKeys(t *testing.T) {
	long := strings.Repeat("k", 1100)
	for _, tc := range []struct{ name, in, want string }{
		{"block", "a: 1\nb:\n  " + long + ": x\n", "t.yaml:3:3: mapping key is 1100 characters long; YAML allows keys of at most 1024 characters"},
		{"quoted", "a: 1\nb:\n  \"" + long + "\": x\n", "t.yaml:3:3: mapping key is 1102 characters long"},
		{"list item", "a:\n  - " + long + ": x\n", "t.yaml:2:5: mapping key is 1100 characters long"},
		{"flow", "a:\n  - {id: f, " + long + ": x}\n", "t.yaml:2:13: mapping key is 1100 characters long"},
	} {
		_, diags := Parse("t.yaml", []byte(tc.in), DefaultLimits)
		if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tc.want) {
			t.Errorf("%s: got %v\nwant %s", tc.name, diags, tc.want)
		}
	}
	// 1024 characters is allowed; a long value with a colon in it is
	// another error, not a long key.
	if _, diags := Parse("t.yaml", []byte("a:\n  "+strings.Repeat("k", 1024)+": x\n"), DefaultLimits); len(diags) > 0 {
		t.Errorf("1024-character key refused: %v", diags)
	}
	_, diags := Parse("t.yaml", []byte("a: {b: "+long+" c: d}\n"), DefaultLimits)
	if len(diags) != 1 || strings.Contains(diags[0].Message, "mapping key is") {
		t.Errorf("long value taken for a long key: %v", diags)
	}
	// A quoted key whose line ends in a backslash, on the line the parser
	// failed on: the search for a long key read past the line and
	// panicked (found by FuzzSplitParseShapes and FuzzSplitDecode).
	for _, in := range []string{":\n0\n\"\\", "0\n\": \\", "a: 1\n\"\\", "a: 1\n- {\"x\": 1, \"\\"} {
		if _, diags := Parse("t.yaml", []byte(in), DefaultLimits); len(diags) != 1 || diags[0].Line < 1 {
			t.Errorf("%q: got %v, want one located problem", in, diags)
		}
	}
}

// FuzzParse feeds arbitrary bytes to the parser. It must never panic,
// every diagnostic must be located, and whatever is accepted stays within
// its limits: expanded text at most Limits.TextBudget of its size, which
// is what keeps the cost of everything downstream proportional to it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"a: &a [x, x]\nb: [*a, *a, *a]\n", "a: &a {k: v}\nb: {<<: [*a, *a]}\n", "a: &a [*a]\n",
		"- &b {k0,k1}\n- &l [*b,*b]\n- <<: *l\n", "\ufeffa: 1\n", "a: \"\\u202e\"\n", "a: \"x\x00\"\n",
		"k" + strings.Repeat("k", 1030) + ": v\n", string(issueModel(2000, 50)),
	} {
		f.Add([]byte(s))
	}
	lim := DefaultLimits
	lim.TextFactor, lim.TextSlack = 2, 4096 // small enough for short inputs to reach
	f.Fuzz(func(t *testing.T, data []byte) {
		root, diags := Parse("f.yaml", data, lim)
		for _, d := range diags {
			if d.File != "f.yaml" || d.Line < 1 || d.Column < 1 || d.Message == "" {
				t.Fatalf("diagnostic without a location: %#v", d)
			}
		}
		if len(diags) > 0 {
			return
		}
		if got, max := expandedText(root, map[*Node]int{}), lim.TextBudget(len(data)); got > max {
			t.Fatalf("accepted %d bytes of expanded text from %d bytes of input, budget %d", got, len(data), max)
		}
	})
}
