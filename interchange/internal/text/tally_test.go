package text

import (
	"strings"
	"testing"
)

func TestTally(t *testing.T) {
	var none Tally
	if none.String() != "" || none.Len() != 0 || none.Names() != nil || none.Full() {
		t.Errorf("empty tally says %q, %d, %q", none.String(), none.Len(), none.Names())
	}

	three := Tally{Max: 3}
	for i, name := range []string{"a", "b", "c", "d", "e"} {
		if kept := three.Add(name); kept != (i < 3) {
			t.Errorf("Add(%q) kept = %v", name, kept)
		}
	}
	if got, want := three.String(), "a, b, c and 2 more"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if three.Len() != 5 || len(three.Names()) != 3 || !three.Full() {
		t.Errorf("Len %d, names %q", three.Len(), three.Names())
	}

	one := Tally{}
	one.AddQuoted("Web\nApp")
	if got, want := one.String(), `"Web App"`; got != want {
		t.Errorf("one quoted name: %q, want %q", got, want)
	}

	// The zero Max keeps MaxListed names, each cut as Short cuts.
	var many Tally
	long := strings.Repeat("x", 10_000)
	for range 1000 {
		many.AddQuoted(long)
	}
	many.AddUnnamed()
	if many.Len() != 1001 || len(many.Names()) != MaxListed {
		t.Fatalf("Len %d, %d names kept", many.Len(), len(many.Names()))
	}
	if !strings.HasSuffix(many.String(), " and 991 more") || len(many.String()) > MaxListed*(ShortWidth*4+4)+20 {
		t.Errorf("a thousand long names give %d bytes: %.200q", len(many.String()), many.String())
	}

	// Only unnamed things: the count alone, as Few says it.
	var unnamed Tally
	unnamed.AddUnnamed()
	unnamed.AddUnnamed()
	if got := unnamed.String(); got != "2" {
		t.Errorf("unnamed tally says %q", got)
	}
}

func TestTallyShort(t *testing.T) {
	words := Tally{Max: 1}
	words.AddShort("Physical\tsecurity")
	words.AddShort("never kept")
	if got, want := words.String(), "Physical security and 1 more"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
