package tm7

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
)

// tags are the HTML tags the tool's texts carry ("Refer: <a href=...>"):
// descriptions lose them; names keep what they say.
var tags = regexp.MustCompile(`<[^<>]*>`)

// prose makes one of the tool's descriptions a model description, its
// HTML tags dropped (see text.Prose).
func prose(s string) (string, bool) { return text.Prose(s, tags) }

// maxIDLength bounds the ids made from names (text.Slug): every finding
// id about the item contains it.
const maxIDLength = 48

// words splits text into lower-case words, also at the capitals inside
// the tool's type ids ("SE.P.TMCore.IoTFieldGateway": se, p, tm, core,
// io, t, field, gateway), for guessing kinds.
func words(s string) []string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) ||
			unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	return text.Words(b.String())
}

// anyWord reports whether one of the words of s is in the set.
// Words are taken both split at inner capitals and not ("IoT" is io, t
// and iot).
func anyWord(s string, set map[string]bool) bool {
	for _, w := range append(words(s), words(strings.ToLower(s))...) {
		if set[w] {
			return true
		}
	}
	return false
}
