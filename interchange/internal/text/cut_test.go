package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCut(t *testing.T) {
	for _, c := range []struct {
		in      string
		n       int
		cut     string
		trimmed string
		was     bool
	}{
		{"", 5, "", "", false},
		{"short", 5, "short", "short", false},
		{"longer", 5, "long…", "long…", true},
		{"ab cdef", 4, "ab …", "ab…", true},
		{"  abcdef", 4, "  a…", "a…", true},
		{"日本語テキスト", 3, "日本…", "日本…", true},
		{"abc", 1, "…", "…", true},
		{"abc", 0, "", "", true},
		{"", 0, "", "", false},
		{"abc", -7, "", "", true},
		// a bad byte in the part kept becomes U+FFFD and counts as one
		{"a\xffbcdef", 4, "a\ufffdb…", "a\ufffdb…", true},
		// a short text is returned as it is, bad bytes and all
		{"a\xffb", 4, "a\xffb", "a\xffb", false},
	} {
		got, was := Cut(c.in, c.n)
		if got != c.cut || was != c.was {
			t.Errorf("Cut(%q, %d) = %q, %v; want %q, %v", c.in, c.n, got, was, c.cut, c.was)
		}
		got, was = CutTrimmed(c.in, c.n)
		if got != c.trimmed || was != c.was {
			t.Errorf("CutTrimmed(%q, %d) = %q, %v; want %q, %v", c.in, c.n, got, was, c.trimmed, c.was)
		}
	}
}

// Cutting a very long text keeps exactly n characters, and a cut text
// cut again is unchanged.
func TestCutLong(t *testing.T) {
	in := strings.Repeat("é\u202e", 1<<19)
	got, was := Cut(in, 200)
	if !was || utf8.RuneCountInString(got) != 200 || !strings.HasSuffix(got, Ellipsis) {
		t.Fatalf("Cut kept %d characters", utf8.RuneCountInString(got))
	}
	if again, was := Cut(got, 200); was || again != got {
		t.Error("cutting a cut text changed it")
	}
}
