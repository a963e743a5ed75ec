package threatdragon

import (
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
)

// The helpers below keep this package's own names for the shared ones of
// package text, which the importer's files call throughout.

// clean makes a Threat Dragon label one line: its line breaks ("Web\n
// Application") and other control characters become spaces, runs of
// spaces one (text.OneLine).
func clean(s string) string { return text.OneLine(s) }

// label cleans and bounds a name; prose bounds a description, keeping its
// paragraphs. Threat Dragon texts carry no markup to drop.
func label(s string) (string, bool) { return text.Label(s) }
func prose(s string) (string, bool) { return text.Prose(s, nil) }

// maxIDLength bounds the ids made from names: they appear in every
// finding id about the item.
const maxIDLength = 48

// slug makes an id from a name: lower-case words joined by hyphens.
func slug(name string) string { return text.Slug(name, maxIDLength) }

// words splits a name into lower-case words, and set makes a set of
// them, for guessing kinds.
func words(s string) []string          { return text.Words(s) }
func set(ws ...string) map[string]bool { return text.WordSet(ws...) }

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
