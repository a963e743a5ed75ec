package diag

import (
	"strings"
	"testing"
)

// A warning says so after its position; an error does not. Text from the
// input shows control and hidden characters instead of applying them.
func TestStringAndPrintable(t *testing.T) {
	pos := Pos{File: "m.yaml", Line: 3, Column: 7}
	for _, tc := range []struct {
		d    Diagnostic
		want string
	}{
		{At(pos, "elements[a].name", "fix it", "bad %q", "x"), "m.yaml:3:7: elements[a].name: bad \"x\"\n\thint: fix it"},
		{Warn(pos, "system.name", "", "odd"), "m.yaml:3:7: warning: system.name: odd"},
		{At(pos, "", "", "unknown element %s", "a\u202eb\x1bc\u200b"), "m.yaml:3:7: unknown element a<U+202E>b\\x1bc<U+200B>"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
	if d := Warn(pos, "", "", "x"); d.Severity != Warning {
		t.Errorf("Warn severity %q", d.Severity)
	}
}

// A suggestion past MaxSuggestWork is not attempted: a long word against
// many long candidates would cost seconds for a courtesy.
func TestSuggestWorkIsBounded(t *testing.T) {
	if got := Suggest("gatewy", []string{"gateway", "device"}); got != "gateway" {
		t.Errorf("Suggest = %q, want gateway", got)
	}
	long := strings.Repeat("x", 1000)
	many := make([]string, MaxSuggestWork/(1000*1000)+2)
	for i := range many {
		many[i] = long + "y"
	}
	if got := Suggest(long, many); got != "" {
		t.Errorf("Suggest past the work bound = %q, want nothing", got)
	}
	if got := Suggest(long, many[:2]); got == "" {
		t.Error("within the bound the close candidate is suggested")
	}
}
