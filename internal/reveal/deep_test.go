package reveal

import (
	"reflect"
	"testing"
)

type inner struct {
	Name string
	Tags []string
}

type outer struct {
	Title  string
	Items  []inner
	Ptr    *inner
	ByID   map[string]inner
	Raw    []byte
	Pos    string `json:"-"`
	hidden string
}

// Deep reveals every output string, copies only what changed, and leaves
// the value it was given as it was.
func TestDeep(t *testing.T) {
	const rlo = "a\u202eb"
	in := outer{
		Title:  "plain",
		Items:  []inner{{Name: "ok"}, {Name: rlo, Tags: []string{"x", rlo}}},
		Ptr:    &inner{Name: rlo},
		ByID:   map[string]inner{rlo: {Name: rlo}, "k": {Name: "k"}},
		Raw:    []byte(rlo),
		Pos:    rlo,
		hidden: rlo,
	}
	items, ptr := in.Items, in.Ptr
	got := Deep(in)
	const shown = "a<U+202E>b"
	want := outer{
		Title:  "plain",
		Items:  []inner{{Name: "ok"}, {Name: shown, Tags: []string{"x", shown}}},
		Ptr:    &inner{Name: shown},
		ByID:   map[string]inner{rlo: {Name: shown}, "k": {Name: "k"}},
		Raw:    []byte(rlo),
		Pos:    rlo,
		hidden: rlo,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if in.Items[1].Name != rlo || in.Items[1].Tags[1] != rlo || in.Ptr.Name != rlo || in.ByID[rlo].Name != rlo || &in.Items[0] != &items[0] || in.Ptr != ptr {
		t.Errorf("the input was changed: %+v", in)
	}
	plain := outer{Title: "x", Items: []inner{{Name: "y"}}}
	if out := Deep(plain); &out.Items[0] != &plain.Items[0] {
		t.Error("text without hidden characters was copied")
	}
}
