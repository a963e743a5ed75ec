package text

import (
	"fmt"
	"testing"
)

func TestIDsTake(t *testing.T) {
	ids := NewIDs("system")
	var got []string
	for _, want := range []string{"hub", "hub", "system", "", "", "hub"} {
		got = append(got, ids.Take(want, "element"))
	}
	if fmt.Sprint(got) != "[hub hub-2 system-2 element element-2 hub-3]" {
		t.Errorf("got %v", got)
	}
	// an id reserved as it is is skipped by later takes
	if !ids.Reserve("hub-4") || ids.Reserve("hub-4") {
		t.Error("Reserve did not say whether hub-4 was free")
	}
	if id := ids.Take("hub", ""); id != "hub-5" {
		t.Errorf("after reserving hub-4: %s", id)
	}
	// a base that looks numbered is a base of its own
	if id := ids.Take("hub-2", ""); id != "hub-2-2" {
		t.Errorf("hub-2 again: %s", id)
	}
}

// Many copies of one name cost linear time: 50,000 take well under a
// second (quadratic search would try 1.25e9 ids).
func TestIDsManyCopies(t *testing.T) {
	ids := NewIDs()
	var last string
	for i := 0; i < 50000; i++ {
		last = ids.Take("same", "")
	}
	if last != "same-50000" {
		t.Errorf("last = %s", last)
	}
}
