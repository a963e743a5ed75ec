package threatdragon

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/model"
)

// clean makes a Threat Dragon label one line: its line breaks ("Web\n
// Application") and other control characters become spaces, runs of
// spaces one.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanProse keeps line breaks (a description may have paragraphs) but
// drops other control characters and surrounding space.
func cleanProse(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
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

// cut shortens s to at most n characters, reporting whether it did.
func cut(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…", true
}

// label cleans and bounds a name; prose bounds a description.
func label(s string) (string, bool) { return cut(clean(s), model.MaxLabelLength) }
func prose(s string) (string, bool) { return cut(cleanProse(s), model.MaxProseLength) }

// maxIDLength bounds the ids made from names: they appear in every
// finding id about the item.
const maxIDLength = 48

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id from a name: lower-case words joined by hyphens.
func slug(name string) string {
	s := strings.ToLower(name)
	s = strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII {
			return '-'
		}
		return r
	}, s)
	s = strings.Trim(nonID.ReplaceAllString(s, "-"), "-")
	if len(s) > maxIDLength {
		s = strings.Trim(s[:maxIDLength], "-")
	}
	return s
}

// words splits a name into lower-case words, for guessing kinds.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// hasWord reports whether any of the words of s is in set, or s contains
// one of the phrases.
func hasWord(s string, set map[string]bool, phrases ...string) bool {
	for _, w := range words(s) {
		if set[w] {
			return true
		}
	}
	low := strings.ToLower(s)
	for _, p := range phrases {
		if strings.Contains(low, p) {
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
