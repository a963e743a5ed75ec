package text

import (
	"strings"
	"unicode"
)

// Words splits s into its lower-case words: the runs of letters and
// digits, any script. The importers guess kinds from them ("Smart Lock
// (BLE)": smart, lock, ble).
func Words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// WordSet is the set of the given words, for matching Words against.
func WordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
