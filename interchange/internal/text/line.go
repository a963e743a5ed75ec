package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Squeeze folds every run of white space (line breaks included) into one
// space and trims both ends. Other control characters are kept: it is
// for texts that are checked elsewhere, or only shown in a note.
func Squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// OneLine makes s a label: control characters (line breaks, tabs, NUL,
// C1 codes) and bytes that are not UTF-8 become spaces, then runs of
// space fold into one and the ends are trimmed. Format characters such
// as bidi overrides are not control characters and are kept; the model's
// validation decides about them.
func OneLine(s string) string {
	return Squeeze(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s))
}

// Paragraphs makes s a description that keeps its line breaks: "\r\n"
// becomes "\n", then whatever markup matches (nil: nothing) is removed,
// then every other control character and byte that is not UTF-8 becomes
// a space, and the ends are trimmed. Line endings are normalised before
// markup is removed so that a tag between "\r" and "\n" leaves a space,
// as it always did.
func Paragraphs(s string, markup *regexp.Regexp) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if markup != nil {
		s = markup.ReplaceAllString(s, "")
	}
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
