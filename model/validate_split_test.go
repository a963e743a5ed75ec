package model

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// Validation checks the elements and flows of a large model in two halves
// on two goroutines; its diagnostics must be those of one pass, in the
// same order (compared as Validate returns them, before loading sorts
// them), wherever the problems are, and the count of unknown references
// the later checks go on with must be the same. Only the first
// maxRefHints unknown references get a suggestion, so the count runs
// across the halves: "both halves" fails if the second half's
// suggestions ignore the first half's count, and "one in each half" if
// the count is not carried on.
func TestSplitValidationMatchesOnePass(t *testing.T) {
	atLeastTwoProcessors(t)
	const elements, flows = 400, 800 // the halves meet in the flows, at 600
	cases := []struct {
		name string
		bad  func(i int) bool // which flows (by index) get an unknown source
		kind func(i int) bool // which elements get an unknown kind
	}{
		{"no problems", func(int) bool { return false }, func(int) bool { return false }},
		{"first half only", func(i int) bool { return i < 200 && i%10 == 0 }, func(i int) bool { return i%50 == 0 }},
		{"second half only", func(i int) bool { return i > 300 && i%20 == 0 }, func(int) bool { return false }},
		{"one in each half", func(i int) bool { return i == 10 || i == 700 }, func(int) bool { return false }},
		// 8 unknown references in the first half and 24 in the second:
		// the cap on suggestions falls in the second.
		{"both halves", func(i int) bool { return i%25 == 7 }, func(i int) bool { return i%100 == 3 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("iotthreat: 1\nsystem: {name: Split}\nelements:\n")
			for i := range elements {
				kind := "support-service"
				if c.kind(i) {
					kind = "support-servce"
				}
				fmt.Fprintf(&b, "  - {id: svc-%03d, kind: %s}\n", i, kind)
			}
			b.WriteString("flows:\n")
			for i := range flows {
				from := fmt.Sprintf("svc-%03d", i%elements)
				if c.bad(i) {
					from += "x"
				}
				fmt.Fprintf(&b, "  - {id: f%03d, from: %s, to: svc-%03d, protocol: https}\n", i, from, (i+1)%elements)
			}
			loaded, _ := Parse("m.yaml", []byte(b.String()), Options{})
			if loaded == nil {
				t.Fatal("the model did not parse")
			}
			check := func(from int) ([]string, int) {
				was := splitFrom
				splitFrom = from
				defer func() { splitFrom = was }()
				ch := newChecker(loaded.Model, loaded.Vocab)
				ch.run()
				out := make([]string, len(ch.diags))
				for i, d := range ch.diags {
					out[i] = d.String()
				}
				return out, ch.unknownRefs
			}
			onePass, onePassRefs := check(1 << 30)
			split, splitRefs := check(0)
			if !slices.Equal(split, onePass) {
				t.Errorf("split validation differs from one pass:\n%s\n--- one pass:\n%s", strings.Join(split, "\n"), strings.Join(onePass, "\n"))
			}
			if splitRefs != onePassRefs {
				t.Errorf("split validation counted %d unknown references, one pass %d", splitRefs, onePassRefs)
			}
			if wantAny := c.name != "no problems"; (len(onePass) > 0) != wantAny {
				t.Errorf("%d problems; the case is written to have some: %v", len(onePass), wantAny)
			}
		})
	}
}

// atLeastTwoProcessors lets the test use two processors (go test -cpu 1
// gives it one), since the paths it checks run only with two or more.
func atLeastTwoProcessors(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		was := runtime.GOMAXPROCS(2)
		t.Cleanup(func() { runtime.GOMAXPROCS(was) })
	}
}
