package interchange

import "testing"

func TestModelTooLarge(t *testing.T) {
	if d := ModelTooLarge("a.json", MaxInputBytes); d != nil {
		t.Errorf("a model of exactly the limit is refused: %v", d)
	}
	d := ModelTooLarge("a.json", MaxInputBytes+1<<20)
	want := "a.json:1:1: the converted model would be 65.0 MiB, more than the 64.0 MiB a model file may be\n" +
		"\thint: split the source into several smaller models, or leave out what the threat model does not need"
	if len(d) != 1 || d[0].String() != want {
		t.Errorf("got %v, want\n%s", d, want)
	}
}
