package reveal

import "testing"

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"Café ✓ 日本 👍🏽 ❤️", "Café ✓ 日本 👍🏽 ❤️"}, // visible non-ASCII and variation selectors stay
		{"tab\tand\nlines\r", "tab\tand\nlines\r"},
		{"risk accepted\u202e  dexif ton", "risk accepted<U+202E>  dexif ton"},
		{"ad\u200bmin", "ad<U+200B>min"},
		{"a\u2066b\u2069c\u061cd\u200ee\u200ff", "a<U+2066>b<U+2069>c<U+061C>d<U+200E>e<U+200F>f"},
		{"\ufeffx\u2060y\u200dz\u200cw", "<U+FEFF>x<U+2060>y<U+200D>z<U+200C>w"},
		{"\x1b[31mred\x1b[0m", "<U+001B>[31mred<U+001B>[0m"},
		{"nul\x00del\x7fc1\u0085", "nul<U+0000>del<U+007F>c1<U+0085>"},
		{"tag\U000E0041\U000E0042", "tag<U+E0041><U+E0042>"},
		{"bad\xffbyte", "bad<0xFF>byte"},
		{"sep\u2028par\u2029", "sep<U+2028>par<U+2029>"},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	if _, _, ok := Find("Front door lock 🔒"); ok {
		t.Error("Find reported a hidden character in visible text")
	}
	r, at, ok := Find("lock\u202eabc")
	if !ok || r != 0x202E || at != 4 {
		t.Errorf("Find = %U, %d, %v; want U+202E at 4", r, at, ok)
	}
	if got := Name(0x202E); got != "U+202E RIGHT-TO-LEFT OVERRIDE" {
		t.Errorf("Name = %q", got)
	}
	if got := Name(0xE0041); got != "U+E0041 TAG CHARACTER" {
		t.Errorf("Name = %q", got)
	}
	if !Hidden(0x200B) || Hidden('a') || Hidden(0xFE0F) || Hidden(0x00E9) {
		t.Error("Hidden misclassifies")
	}
}
