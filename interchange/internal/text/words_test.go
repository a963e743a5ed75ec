package text

import (
	"fmt"
	"testing"
)

func TestWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "[]"},
		{"!!! ...", "[]"},
		{"Smart Lock (BLE)", "[smart lock ble]"},
		{"Café\u202eÜber\x00x\xffy 日本", "[café über x y 日本]"},
	} {
		if got := fmt.Sprint(Words(c.in)); got != c.want {
			t.Errorf("Words(%q) = %s; want %s", c.in, got, c.want)
		}
	}
	set := WordSet("hub", "gateway")
	if !set["hub"] || set["lock"] || len(WordSet()) != 0 {
		t.Errorf("WordSet = %v", set)
	}
}
