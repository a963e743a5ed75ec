package importtest

import (
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
)

func TestKindsAndOptions(t *testing.T) {
	imp := interchange.New("Small", "a test")
	imp.Model.Boundaries = []model.Boundary{{ID: "home", Kind: "local-network"}}
	imp.Model.Elements = []model.Element{{ID: "hub", Kind: "gateway", Boundary: "home"}, {ID: "owner", Kind: "user"}}
	got := Kinds(imp)
	want := map[string]string{"home": "local-network", "hub": "gateway in home", "owner": "user in "}
	if len(got) != len(want) {
		t.Fatalf("Kinds = %v", got)
	}
	for id, k := range want {
		if got[id] != k {
			t.Errorf("%s: %q; want %q", id, got[id], k)
		}
	}
	if Options(t, "").Map != nil {
		t.Error("no mapping text gave a mapping")
	}
	if Options(t, "elements:\n  hub: gateway\n").Map == nil {
		t.Error("a mapping text gave no mapping")
	}
}

// An import the model reads back comes back with its YAML.
func TestReparse(t *testing.T) {
	imp := interchange.New("Small", "a test")
	imp.Model.Elements = []model.Element{{ID: "owner", Kind: "user"}}
	l, out := Reparse(t, imp)
	if len(l.Model.Elements) != 1 || len(out) == 0 {
		t.Fatalf("reparsed %d elements from %q", len(l.Model.Elements), out)
	}
}
