package text

import (
	"strings"
	"unicode"
)

// Slug makes an id from a name: its lower-case ASCII letters and digits,
// each run of anything else (spaces, punctuation, other scripts, bytes
// that are not UTF-8) one hyphen, no hyphen at either end, and at most
// limit bytes (a hyphen the cut leaves last is dropped too). A
// name with no ASCII letter or digit gives "": the caller picks a
// fallback. Letters are lowered as Unicode does, so "K" (the Kelvin sign)
// gives "k". Ids made from names end up in every finding id about the
// item, which is why each importer bounds them.
func Slug(name string, limit int) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if len(s) > limit {
		s = strings.TrimRight(s[:max(limit, 0)], "-")
	}
	return s
}
