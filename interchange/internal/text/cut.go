package text

import (
	"strings"
	"unicode/utf8"
)

// Ellipsis ends a text that was cut.
const Ellipsis = "…"

// Cut shortens s to at most n characters (runes), saying whether it did:
// a longer s becomes its first n-1 characters and Ellipsis, exactly n
// characters. Bytes that are not UTF-8 in the part kept become U+FFFD,
// each counting as one character. With n < 1 nothing fits: the result is
// "", cut when s was not empty.
func Cut(s string, n int) (string, bool) {
	head, cut := prefix(s, n)
	if !cut || n < 1 {
		return head, cut
	}
	return head + Ellipsis, true
}

// CutTrimmed is Cut for labels and prose that read as words: the part
// kept loses its surrounding white space before Ellipsis is added, so a
// cut never leaves "word …". The result may then be shorter than n.
func CutTrimmed(s string, n int) (string, bool) {
	head, cut := prefix(s, n)
	if !cut || n < 1 {
		return head, cut
	}
	return strings.TrimSpace(head) + Ellipsis, true
}

// prefix returns the first n-1 characters of s when s has more than n,
// and whether it had. It reads s once and copies only what it keeps.
func prefix(s string, n int) (string, bool) {
	if n < 1 {
		return "", s != ""
	}
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s, false
	}
	var b strings.Builder
	b.Grow(min(len(s), (n-1)*utf8.UTFMax))
	kept := 0
	for _, r := range s {
		if kept == n-1 {
			break
		}
		b.WriteRune(r)
		kept++
	}
	return b.String(), true
}
