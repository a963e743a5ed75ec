package strictyaml

import "testing"

// Paths are spelled as the decoder spelled them when it built each one as
// a string: a key joined with a dot unless it comes first, a map entry's
// key always after a dot, a list item by its id or else its index.
func TestPathOf(t *testing.T) {
	withID := &Node{Kind: Mapping, Pairs: []Pair{{Key: &Node{Kind: Scalar, Value: "id"}, Value: &Node{Kind: Scalar, Value: "gw1"}}}}
	emptyID := &Node{Kind: Mapping, Pairs: []Pair{{Key: &Node{Kind: Scalar, Value: "id"}, Value: &Node{Kind: Scalar, Value: ""}}}}
	listID := &Node{Kind: Mapping, Pairs: []Pair{{Key: &Node{Kind: Scalar, Value: "id"}, Value: &Node{Kind: Sequence}}}}
	noID := &Node{Kind: Mapping}
	root := func(name string) step { return step{kind: stepRoot, name: name} }
	for _, c := range []struct {
		steps []step
		want  string
	}{
		{[]step{root("")}, ""},
		{[]step{root("rules[R-1]")}, "rules[R-1]"},
		{[]step{root(""), keyStep("elements")}, "elements"},
		{[]step{root("doc"), keyStep("elements")}, "doc.elements"},
		{[]step{root(""), keyStep("elements"), itemStep(3, withID), keyStep("kind")}, "elements[gw1].kind"},
		{[]step{root(""), keyStep("flows"), itemStep(7, noID)}, "flows[7]"},
		{[]step{root(""), keyStep("flows"), itemStep(7, emptyID)}, "flows[7]"},
		{[]step{root(""), keyStep("flows"), itemStep(7, listID)}, "flows[7]"},
		{[]step{root(""), keyStep("flows"), itemStep(2, &Node{Kind: Scalar, Value: "x"})}, "flows[2]"},
		{[]step{root(""), itemStep(0, noID), keyStep("kind")}, "[0].kind"},
		{[]step{root(""), mapKeyStep("tls")}, ".tls"},
		{[]step{root(""), keyStep("options"), mapKeyStep("tls")}, "options.tls"},
		{[]step{root("elements"), itemStep(4, withID), keyStep("options"), mapKeyStep("a.b"), itemStep(1, noID)}, "elements[gw1].options.a.b[1]"},
	} {
		if got := pathOf(c.steps); got != c.want {
			t.Errorf("%+v: %q, want %q", c.steps, got, c.want)
		}
	}
}
