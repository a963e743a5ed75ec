package strictyaml

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// genDoc writes a random document in (and near) the subset the fast
// reader takes: nested block mappings and sequences, flow collections,
// block scalars, comments and blank lines, with scalars drawn from the
// spellings YAML types differently. Mutants of real files mostly fall
// outside the subset; these mostly fall inside it, so the agreement test
// below covers what the fast reader accepts.
type genDoc struct {
	rng  *rand.Rand
	b    strings.Builder
	step int // spaces per indentation level
}

var genScalars = []string{
	"a", "word", "two words", "-5", "+1", "0", "07", "09", "0x1F", "0o17", "1_000", "1.5", ".5", "1e3", ".inf", "-.Inf",
	".nan", "~", "null", "Null", "true", "False", "yes", "no", "on", "2026-12-04", "2001-12-14t21:59:43.10-05:00",
	"é", "Küche 2", "http://x.y:8080/z", "a#b", "a:b", "a,b", "a[b]", "a{b}", "a?b", "x - y", "'q'", "'it''s'",
	`"d\tq"`, `"\u00e9\x41"`, `""`, "''", "<<x", "%x", "@x", "!x", "&x", "*x", "|x", ">x", "12345678901234567890",
}

var genKeys = []string{"id", "kind", "name", "a b", "x-y", "'quoted'", `"dq"`, "1", "true", "~", "é", "k_1"}

func (g *genDoc) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *genDoc) line(indent int, text string) {
	g.b.WriteString(strings.Repeat(" ", indent))
	g.b.WriteString(text)
	if g.rng.IntN(8) == 0 {
		g.b.WriteString("  # note")
	}
	g.b.WriteString("\n")
	if g.rng.IntN(10) == 0 {
		g.b.WriteString("\n")
	}
	if g.rng.IntN(12) == 0 {
		g.b.WriteString(strings.Repeat(" ", g.rng.IntN(6)) + "# comment line\n")
	}
}

func (g *genDoc) flow(depth int) string {
	switch r := g.rng.IntN(6); {
	case depth > 2 || r < 3:
		return g.pick(genScalars)
	case r == 3:
		items := make([]string, g.rng.IntN(4))
		for i := range items {
			items[i] = g.flow(depth + 1)
		}
		return "[" + strings.Join(items, ", ") + "]"
	default:
		n := g.rng.IntN(4)
		entries := make([]string, 0, n)
		seen := map[string]bool{}
		for range n {
			k := g.pick(genKeys)
			if seen[k] {
				continue
			}
			seen[k] = true
			entries = append(entries, k+": "+g.flow(depth+1))
		}
		return "{" + strings.Join(entries, ", ") + "}"
	}
}

// value writes what follows "key:" or "- " at indent.
func (g *genDoc) value(indent, depth int, prefix string) {
	switch r := g.rng.IntN(10); {
	case depth > 3 || r < 4:
		g.line(indent, prefix+" "+g.flow(depth))
	case r == 4:
		g.line(indent, prefix+" "+g.pick([]string{"|", "|-", ">", ">-"}))
		for range 1 + g.rng.IntN(4) {
			extra := strings.Repeat(" ", g.rng.IntN(2)*2)
			g.b.WriteString(strings.Repeat(" ", indent+g.step) + extra + g.pick(genScalars) + "\n")
			if g.rng.IntN(4) == 0 {
				g.b.WriteString("\n")
			}
		}
	case r == 5 && strings.HasSuffix(prefix, ":"):
		g.line(indent, prefix)
		g.sequence(indent, depth+1) // a list at its key's indentation
	case r < 8:
		g.line(indent, prefix)
		g.mapping(indent+g.step, depth+1)
	default:
		g.line(indent, prefix)
		g.sequence(indent+g.step, depth+1)
	}
}

func (g *genDoc) mapping(indent, depth int) {
	seen := map[string]bool{}
	for range 1 + g.rng.IntN(4) {
		k := g.pick(genKeys)
		if seen[k] {
			continue
		}
		seen[k] = true
		g.value(indent, depth, k+":")
	}
}

func (g *genDoc) sequence(indent, depth int) {
	for range 1 + g.rng.IntN(3) {
		if g.rng.IntN(3) == 0 { // an item that starts a mapping: "- id: x"
			g.value(indent+2, depth+1, "- "+g.pick(genKeys)+":")
			continue
		}
		g.value(indent, depth, "-")
	}
}

func TestFastPathAgreesOnGeneratedDocuments(t *testing.T) {
	runs := 4000
	if testing.Short() {
		runs = 400
	}
	taken := 0
	for i := range runs {
		g := &genDoc{rng: rand.New(rand.NewPCG(uint64(i), 7)), step: 2 + 2*(i%2)}
		g.mapping(0, 0)
		data := g.b.String()
		if i%5 == 0 {
			data = strings.ReplaceAll(data, "\n", "\r\n")
		}
		if fastAgrees(t, "generated", []byte(data)) {
			taken++
		}
	}
	t.Logf("fast reader took %d of %d generated documents", taken, runs)
	if taken < runs/10 {
		t.Errorf("the fast reader took only %d of %d generated documents: the generator no longer writes the subset", taken, runs)
	}
}
