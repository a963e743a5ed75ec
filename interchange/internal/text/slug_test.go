package text

import (
	"math"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  string
	}{
		{"", 48, ""},
		{"Web Application", 48, "web-application"},
		{"  --Hub (v2)!!  ", 48, "hub-v2"},
		{"!!! ... ???", 48, ""},
		{"日本語", 48, ""},
		{"Café Über-API", 48, "caf-ber-api"},
		{"\u212aelvin \u0130stanbul", 48, "kelvin-istanbul"}, // lowered as Unicode does
		{"a\xff\x00b\u202ec", 48, "a-b-c"},
		{"abc def", 4, "abc"}, // the cut leaves a hyphen last
		{"abcdef", 0, ""},
		{"abcdef", -1, ""},
		{"a b", math.MaxInt, "a-b"},
	} {
		if got := Slug(c.in, c.limit); got != c.want {
			t.Errorf("Slug(%q, %d) = %q; want %q", c.in, c.limit, got, c.want)
		}
	}
}

// A slug stays within its bound and its alphabet whatever it is made from.
func TestSlugLong(t *testing.T) {
	got := Slug(strings.Repeat("Ab-\xff ", 1<<18), 80)
	if len(got) > 80 || strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" ||
		strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
		t.Fatalf("Slug = %q", got)
	}
}
