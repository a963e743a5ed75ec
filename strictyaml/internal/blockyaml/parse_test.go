package blockyaml

import (
	"fmt"
	"strings"
	"testing"
)

// dump builds a one-line picture of the tree, positions included:
// scalars as "value"@line:col (plain ones with a P), mappings as
// {key@pos: value} and sequences as [items].
type dump struct{ refuse string }

func (d dump) Scalar(v string, plain bool, at Pos) (string, bool) {
	mark := ""
	if plain {
		mark = "P"
	}
	return fmt.Sprintf("%s%q@%d:%d", mark, v, at.Line, at.Column), v != d.refuse
}

func (dump) Empty(at Pos) string { return fmt.Sprintf("~@%d:%d", at.Line, at.Column) }

func (dump) Sequence(at Pos, items []string) (string, bool) {
	return fmt.Sprintf("[%s]@%d:%d", strings.Join(items, " "), at.Line, at.Column), true
}

func (dump) Mapping(at Pos, entries []Entry[string]) (string, bool) {
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = fmt.Sprintf("%s@%d:%d: %s", e.Key, e.KeyAt.Line, e.KeyAt.Column, e.Value)
	}
	return fmt.Sprintf("{%s}@%d:%d", strings.Join(parts, ", "), at.Line, at.Column), true
}

func TestParseReadsTheSubset(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a: b\n", `{a@1:1: P"b"@1:4}@1:1`},
		{"a:\nb: 1\n", `{a@1:1: ~@1:3, b@2:1: P"1"@2:4}@1:1`},
		{"- x\n- 'y'\n", `[P"x"@1:3 "y"@2:3]@1:1`},
		{"- id: a\n  k: b\n- id: c\n", `[{id@1:3: P"a"@1:7, k@2:3: P"b"@2:6}@1:3 {id@3:3: P"c"@3:7}@3:3]@1:1`},
		{"a:\n- x\nb: y\n", `{a@1:1: [P"x"@2:3]@2:1, b@3:1: P"y"@3:4}@1:1`},
		{"a: {x: 1, y: [p, q]}\n", `{a@1:1: {x@1:5: P"1"@1:8, y@1:11: [P"p"@1:15 P"q"@1:18]@1:14}@1:4}@1:1`},
		{"a: [b,\n  c]  # note\n", `{a@1:1: [P"b"@1:5 P"c"@2:3]@1:4}@1:1`},
		{"é: [ü, x]\n", `{é@1:1: [P"ü"@1:5 P"x"@1:8]@1:4}@1:1`},
		{"a: \"\\u00e9\\t\" # c\n", `{a@1:1: "é\t"@1:4}@1:1`},
		{"a: 'it''s'\n", `{a@1:1: "it's"@1:4}@1:1`},
		{"a: http://x:8/y # c\n", `{a@1:1: P"http://x:8/y"@1:4}@1:1`},
		{"a: >-\n  one\n  two\n\n  three\n    more\n  end\nb: 1\n", `{a@1:1: "one two\nthree\n  more\nend"@1:4, b@8:1: P"1"@8:4}@1:1`},
		{"a: |\n  one\n    two\n\n# c\nb: 1\n", `{a@1:1: "one\n  two\n"@1:4, b@6:1: P"1"@6:4}@1:1`},
		{"  - a\n  - b\n", `[P"a"@1:5 P"b"@2:5]@1:3`},
		{"a: >-\r\n  x\r\n  y\r\nb: [c,\r\n  d]\r\n", `{a@1:1: "x y"@1:4, b@4:1: [P"c"@4:5 P"d"@5:3]@4:4}@1:1`},
	} {
		got, ok := Parse[string]([]byte(c.in), dump{}, 0, 100)
		if !ok || got != c.want {
			t.Errorf("Parse(%q) = %s, %v\nwant %s", c.in, got, ok, c.want)
		}
	}
}

func TestParseGivesUpOutsideTheSubset(t *testing.T) {
	for _, in := range []string{
		"", "# only\n", "a: &x b\n", "a: *x\n", "a: !!str b\n", "<<: {a: b}\n", "a: b\n  c\n", "a: 'b\n  c'\n",
		"a: b: c\n", "a: |+\n  x\n", "a: |2\n   x\n", "a: >\n\n  x\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.2\n",
		"a:\tb\n", "a: b\rc: d\n", "a: b\r", "\ufeffa: 1\n", "a: b\u2028c\n", "? a\n: b\n", "- \n- a\n", "a: {x: }\n", "a: [b\n  c]\n",
		"a: [b,\nc]\n", "a: x\n a: y\n", "a: \"\\q\"\n", "a: \"\\ud800\"\n", "a: \"\\U80000000\"\n", "a: \"\\U00110000\"\n", "a: b\xff\n", "x\n", "[a]\n", "a: - b\n",
	} {
		if got, ok := Parse[string]([]byte(in), dump{}, 0, 100); ok {
			t.Errorf("Parse(%q) = %s; want it to give up", in, got)
		}
	}
}

func TestParseGivesUpPastTheDepthLimit(t *testing.T) {
	in := "a:\n  b:\n    c: [d]\n" // "d" is four levels down
	if _, ok := Parse[string]([]byte(in), dump{}, 0, 4); !ok {
		t.Errorf("depth 4 is within a limit of 4")
	}
	if _, ok := Parse[string]([]byte(in), dump{}, 0, 3); ok {
		t.Errorf("depth 4 is past a limit of 3")
	}
	if _, ok := Parse[string]([]byte(in), dump{}, 1, 4); ok {
		t.Errorf("starting one level down, depth 5 is past a limit of 4")
	}
}

func TestParseGivesUpWhenTheBuilderRefuses(t *testing.T) {
	if _, ok := Parse[string]([]byte("a: [x, y, z]\n"), dump{refuse: "y"}, 0, 100); ok {
		t.Error("the builder refused a node, and Parse went on")
	}
}

// TestColumnsOnLongLines keeps columns right on a line of many values
// beyond ASCII, counted on from one value to the next.
func TestColumnsOnLongLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: [")
	for i := range 2000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("é")
	}
	b.WriteString("]\n")
	got, ok := Parse[string]([]byte(b.String()), dump{}, 0, 100)
	if !ok {
		t.Fatal("gave up")
	}
	if want := `P"é"@1:6002]`; !strings.HasSuffix(got, want+"@1:4}@1:1") {
		t.Errorf("last item: got …%s, want %s", got[len(got)-40:], want)
	}
}
