package strictyaml

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/synth"
)

// fastAgrees checks the fast reader against go.yaml.in/yaml/v3 on data:
// where the fast reader gives a tree, the general path must give the same
// one, positions, sizes and text counts included. It reports whether the
// fast reader took the document.
func fastAgrees(t testing.TB, name string, data []byte) bool {
	t.Helper()
	lim := DefaultLimits
	budget := lim.TextBudget(len(data))
	fast := parseFast(name, data, lim, budget, 0, 0, nil)
	if fast == nil {
		return false
	}
	general := parseGeneral(name, data, lim, budget, 0, 0)
	if general == nil {
		t.Fatalf("%s: the fast reader took a document the general parser refuses:\n%s", name, clip(data))
	}
	if !reflect.DeepEqual(fast, general) {
		t.Fatalf("%s: the fast reader and the general parser disagree:\n%s\n%s", name, clip(data), firstDifference(dumpNode(fast), dumpNode(general)))
	}
	return true
}

func clip(data []byte) string {
	if len(data) > 2000 {
		return string(data[:2000]) + "…"
	}
	return string(data)
}

// repoYAML returns every YAML file of the repository: examples, rules,
// vocabulary, test data.
func repoYAML(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "third_party" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[path] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFastPathAgreesOnRepositoryFiles(t *testing.T) {
	taken := 0
	files := repoYAML(t)
	for name, data := range files {
		if fastAgrees(t, name, data) {
			taken++
		} else {
			t.Logf("general parser: %s", name)
		}
		// The same file as Windows editors save it.
		crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		if fastAgrees(t, name+" (CRLF)", crlf) {
			taken++
		}
	}
	t.Logf("fast reader took %d of %d files and their CRLF copies", taken, 2*len(files))
}

// fastCases are small documents at the edges of the subset, each either
// read by the fast reader exactly as by yaml.v3 or given up on.
var fastCases = []string{
	"a: b\n", "a: b", "a:\nb: 1\n", "a:   # c\nb: 1\n", "a:\n", "a:", "a :\n", "a  : b\n",
	"- a\n- b\n", "-  a\n-   b: c\n    d: e\n", "- - a\n  - b\n- c\n", "-\n  a: b\n",
	"a:\n- x\n- y\nb: 1\n", "a:\n  - x\nb:", "- a:\n  b: 2\n", "- a:\n  - x\n  b: 1\n",
	"k: Küché\nü: [é, x]\n", "a: {x: 1, y: [a, b], z: {q: r}}\n", "a: {}\nb: []\n", "a: [x, ]\n", "a: {x: y, }\n",
	"a: {x: }\n", "a: {x}\n", "a: [a: b]\n", "a: [a:b]\n", "a: {u: https://x.y/z}\n", "a: [b?c]\n", "a: [b #c]\n",
	"a: [b,\n  c]\n", "a: [\n  b,\n  c\n  ]\n", "a: [b\n  , c]\n", "a: [b\n  c]\n", "a: [b,\nc]\n", "a: {x: 1,\n   y: 2}\n",
	"a: [b, # note\n  c]\n", "a: {x:\n  1}\n", "a: {x: \n  1}\n",
	"x: 'it''s'\ny: \"\\u00e9\\t\\x41\\U0001F600\"\n", "x: \"\\ud800\"\n", "x: \"a\\\nb\"\n", "x: 'a\n  b'\n",
	"a: b # c\n#d\n  # e\nc: d\n", "a: b#c\n", "a: 'b'#c\n", "a: 'b' # c\n",
	"a: -5\nb: 0x1F\nc: 1_0\nd: 2026-01-01\ne: .5\nf: yes\ng: ~\nh: 09\ni: 0123\nj: 1e3\nk: +1\nl: .inf\nm: -.Inf\nn: NULL\no: True\np: 123456789012345678901234\n",
	"a: <<\n", "<<: {a: b}\n", "a: &x b\nc: *x\n", "a: !!str 1\n", "a: |\n  x\n  y\n", "a: >\n  x\n  y\n",
	"a: >-\n  x\n\n  y\n    z\n  w\n", "a: |-\n  x\n\n    y\n", "a: |+\n  x\n\n", "a: |2\n   x\n", "a: >\n\n  x\n",
	"a: >-\n  x\n  \nb: 1\n", "a: >-\n  x\n      \nb: 1\n", "a: >-\n  x\n# c\nb: 1\n", "a: >-\n  x\n  # c\nb: 1\n", "a: >\nb: 1\n",
	"- |\n  x\n- >-\n  y\n", "a: |\n  x\n", "a: |\n  x", "a: >- # c\n  x\n", "a: >-x\n  x\n",
	"a: b\n  c\n", "a: b\n c: d\n", "a:\n  b: 1\n c: 2\n", "a: b: c\n", "a: b:\n", "a: - b\n", "'a': 1\n\"b\": 2\n", "'a' : 1\n",
	"a: 1\na: 2\n", "{a: 1}\n", "[a]\n", "---\na: 1\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "%YAML 1.2\n---\na: 1\n",
	"a:\tb\n", "a: b\r\nc: d\r\n", "\ufeffa: 1\n", "a: b\u0085c\n", "a: b\u2028c\n", "a: \u00a0b\n",
	"a: @b\n", "a: `b\n", "a: %b\n", "a: ?b\n", "a: :b\n", "a: -b\n", "a: -\n", "a: [-b]\n", "a: [-]\n", "? a\n: b\n",
	"- \n- a\n", "-\n- a\n", "a:\n  -\n  - b\n", "  a: 1\n  b: 2\n", "  - a\n  - b\n", "a:\n    - b\n  - c\n",
	"# only a comment\n", "", "\n\n", "a: 1\n# trailing\n\n", "a: 'x' 'y'\n", "a: \"x\" y\n", "a: [x] y\n", "a: {x: y} # c\n",
	"a: b\n\n\nc: d\n", "a:\n\n  b: 1\n", "a:\n  b:\n    c:\n      d: e\n", "a: 'é' \nb: \"ü\"\n", "é: 1\n",
	"a: x, y\n", "a: x[y]\n", "a: x{y}\n", "a: x ? y\n", "a: http://x:8080/y\n", "a: x: y\n", "a: \"x\": y\n",
	"a: [\"x\", 'y']\n", "a: {\"x\": 1}\n", "a: {'x': 1}\n", "a: {\"x\":1}\n", "a: [1, 2.5, true, ~, null]\n",
}

func TestFastPathAgreesOnEdgeCases(t *testing.T) {
	taken := 0
	for _, c := range fastCases {
		if fastAgrees(t, fmt.Sprintf("%q", c), []byte(c)) {
			taken++
		}
	}
	t.Logf("fast reader took %d of %d cases", taken, len(fastCases))
	if taken < len(fastCases)/2 {
		t.Errorf("the fast reader took only %d of %d cases", taken, len(fastCases))
	}
}

// TestFastPathAgreesUnderMutation changes the repository's files a few
// bytes at a time, with the characters YAML gives meaning to, and checks
// every mutant the fast reader takes against yaml.v3.
func TestFastPathAgreesUnderMutation(t *testing.T) {
	files := repoYAML(t)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = " :#-\n\"'[]{},|>\\?&*!~.0aé\t\r"
	runs := 6000
	if testing.Short() {
		runs = 600
	}
	taken := 0
	for range runs {
		data := slices.Clone(files[names[rng.IntN(len(names))]])
		if len(data) > 4000 {
			start := rng.IntN(len(data) - 4000)
			data = data[start : start+4000]
		}
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(data) + 1)
			r := []rune(alphabet)[rng.IntN(len([]rune(alphabet)))]
			switch rng.IntN(3) {
			case 0: // insert
				data = slices.Insert(data, at, []byte(string(r))...)
			case 1: // delete
				if at < len(data) {
					data = slices.Delete(data, at, at+1)
				}
			default: // replace
				if at < len(data) && data[at] < 0x80 {
					data = slices.Replace(data, at, at+1, []byte(string(r))...)
				}
			}
		}
		if !utf8.Valid(data) {
			continue
		}
		if fastAgrees(t, "mutant", data) {
			taken++
		}
	}
	t.Logf("fast reader took %d of %d mutants", taken, runs)
}

func FuzzFastPathAgrees(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	for _, data := range repoYAML(f) {
		if len(data) < 8000 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) || len(data) > 1<<16 {
			return
		}
		fastAgrees(t, "fuzz", data)
	})
}

// firstDifference shows the first line where two dumps differ.
func firstDifference(fast, general string) string {
	a, b := strings.Split(fast, "\n"), strings.Split(general, "\n")
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("line %d of the dumps:\nfast:    %s\ngeneral: %s", i+1, a[i], b[i])
		}
	}
	return fmt.Sprintf("dumps of %d and %d lines", len(a), len(b))
}

// TestFastPathTakesGeneratedModels keeps the fast reader on the models
// the benchmarks load: were it to give up on them, loading would silently
// fall back to the general parser, several times slower.
func TestFastPathTakesGeneratedModels(t *testing.T) {
	for _, seed := range []uint64{1, 7} {
		var buf bytes.Buffer
		if err := synth.Generate(&buf, synth.Options{Elements: 300, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		if !fastAgrees(t, fmt.Sprintf("synthetic model, seed %d", seed), data) {
			t.Errorf("the fast reader gave up on the synthetic model of seed %d", seed)
		}
		// The pieces a large model is cut into (see parseSplit).
		_, pieces, ok := planPieces(data, tinySplit)
		if !ok {
			t.Fatal("the synthetic model was not cut into pieces")
		}
		budget := DefaultLimits.TextBudget(len(data))
		for _, p := range pieces {
			fast := parseFast("m.yaml", data[p.start:p.end], DefaultLimits, budget, p.line-1, 1, nil)
			general := parseGeneral("m.yaml", data[p.start:p.end], DefaultLimits, budget, p.line-1, 1)
			if fast == nil || !reflect.DeepEqual(fast, general) {
				t.Fatalf("piece at line %d: the fast reader gave up or disagrees:\n%s", p.line, clip(data[p.start:p.end]))
			}
		}
	}
}

// TestFastPathTakesTheExamples keeps the fast reader on the models users
// start from.
func TestFastPathTakesTheExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.yaml")
	if len(files) == 0 {
		t.Fatal("no examples found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !fastAgrees(t, f, data) {
			t.Errorf("the fast reader gave up on %s", f)
		}
	}
}

// TestFastPathAsksYAMLv3ABoundedNumberOfTimes keeps the cost of typing
// unusual plain scalars bounded: past maxAsked distinct ones the fast
// reader gives up rather than ask yaml.v3 for each.
func TestFastPathAsksYAMLv3ABoundedNumberOfTimes(t *testing.T) {
	doc := func(distinct, total int) []byte {
		var b bytes.Buffer
		b.WriteString("versions: [")
		for i := range total {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "1.2.%d", i%distinct)
		}
		b.WriteString("]\n")
		return b.Bytes()
	}
	if !fastAgrees(t, "repeated versions", doc(maxAsked, 3*maxAsked)) {
		t.Errorf("the fast reader gave up on %d distinct versions, within its bound", maxAsked)
	}
	if fastAgrees(t, "distinct versions", doc(maxAsked+1, maxAsked+1)) {
		t.Errorf("the fast reader asked yaml.v3 for more than %d values", maxAsked)
	}
}
