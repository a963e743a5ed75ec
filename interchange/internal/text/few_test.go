package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFew(t *testing.T) {
	for _, c := range []struct {
		items []string
		total int
		want  string
	}{
		{nil, 0, ""},
		{[]string{`"a"`}, 1, `"a"`},
		{[]string{`"a"`, `"b"`}, 2, `"a", "b"`},
		{[]string{`"a"`, `"b"`}, 7, `"a", "b" and 5 more`},
		{nil, 3, "3"},
	} {
		if got := Few(c.items, c.total); got != c.want {
			t.Errorf("Few(%q, %d) = %q, want %q", c.items, c.total, got, c.want)
		}
	}
}

func TestShort(t *testing.T) {
	if got := Short("Web\nApp"); got != "Web App" {
		t.Errorf("Short kept a line break: %q", got)
	}
	long := Short(strings.Repeat("name ", 1000))
	if n := utf8.RuneCountInString(long); n > ShortWidth || !strings.HasSuffix(long, Ellipsis) {
		t.Errorf("Short kept %d characters: %q", n, long)
	}
}
