package tm7

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/model"
)

// oneLine makes a name one line of text: control characters become
// spaces and runs of spaces one.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// tags are the HTML tags the tool's texts carry ("Refer: <a href=...>").
var tags = regexp.MustCompile(`<[^<>]*>`)

// paragraphs keeps a description's line breaks but drops HTML tags and
// other control characters.
func paragraphs(s string) string {
	s = tags.ReplaceAllString(strings.ReplaceAll(s, "\r\n", "\n"), "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// shorten cuts s to at most n characters, saying whether it did.
func shorten(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…", true
}

func label(s string) (string, bool) { return shorten(oneLine(s), model.MaxLabelLength) }
func prose(s string) (string, bool) { return shorten(paragraphs(s), model.MaxProseLength) }

// maxIDLength bounds the ids made from names: every finding id about the
// item contains it.
const maxIDLength = 48

var notID = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id from a name: its lower-case ASCII words joined by
// hyphens.
func slug(name string) string {
	s := notID.ReplaceAllString(strings.ToLower(name), "-")
	s = strings.Trim(s, "-")
	if len(s) > maxIDLength {
		s = strings.Trim(s[:maxIDLength], "-")
	}
	return s
}

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
	return strings.FieldsFunc(strings.ToLower(b.String()), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
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

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
