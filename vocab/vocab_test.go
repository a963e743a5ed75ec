package vocab

import "testing"

func TestBuiltinIsConsistent(t *testing.T) {
	v, err := loadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Protocols) < 40 || len(v.Controls) < 40 || len(v.ElementKinds) < 11 {
		t.Errorf("built-in vocabulary looks truncated: %d protocols, %d controls, %d element kinds",
			len(v.Protocols), len(v.Controls), len(v.ElementKinds))
	}
	if v.Rank("classification", "secret") <= v.Rank("classification", "personal") {
		t.Error("classification scale is out of order")
	}
}
