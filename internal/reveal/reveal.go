// Package reveal finds and shows the characters that change how text is
// displayed without being seen themselves: bidirectional controls
// (U+202E RIGHT-TO-LEFT OVERRIDE and its kin), zero-width and other
// invisible characters (U+200B ZERO WIDTH SPACE, U+FEFF, the Unicode tag
// characters) and control characters.
//
// A model is text anyone with commit access writes, and its names and
// reasons are shown to reviewers in tables, Markdown, pull-request
// comments and SARIF alerts. With these characters, what a reviewer reads
// can differ from what the text holds ("Trojan Source", CVE-2021-42574):
// an accepted risk's reason can display reversed, two element names that
// look the same can differ by a zero-width space, an ANSI escape can
// repaint a terminal. Validation warns about them (Hidden, Find), and the
// text outputs write each one as <U+XXXX> (String), so the reviewer sees
// that they are there.
package reveal

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// names of the hidden characters a warning is most likely to be about.
var names = map[rune]string{
	0x00AD: "SOFT HYPHEN",
	0x061C: "ARABIC LETTER MARK",
	0x180E: "MONGOLIAN VOWEL SEPARATOR",
	0x200B: "ZERO WIDTH SPACE",
	0x200C: "ZERO WIDTH NON-JOINER",
	0x200D: "ZERO WIDTH JOINER",
	0x200E: "LEFT-TO-RIGHT MARK",
	0x200F: "RIGHT-TO-LEFT MARK",
	0x2028: "LINE SEPARATOR",
	0x2029: "PARAGRAPH SEPARATOR",
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2060: "WORD JOINER",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
	0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
}

// Hidden reports whether r changes how the text around it displays, or
// displays as nothing, while being part of the text: the bidirectional
// controls, the zero-width joiners and spaces, fillers that render blank
// (Hangul fillers, soft hyphen), the line and paragraph separators and
// the tag characters (U+E0000–U+E007F, used to smuggle text past readers).
// Variation selectors are left alone: emoji need them and they cannot
// reorder or hide text.
func Hidden(r rune) bool {
	switch {
	case r < 0xAD:
		return false
	case unicode.Is(unicode.Bidi_Control, r), unicode.Is(unicode.Join_Control, r):
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x2028 && r <= 0x202E, r >= 0x2060 && r <= 0x2069:
		return true
	case r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	switch r {
	case 0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0:
		return true
	}
	return false
}

// Control reports whether r is a control character other than tab, line
// feed and carriage return (which each output handles as layout): C0
// controls such as ESC, which starts terminal escape sequences, DEL and
// the C1 controls.
func Control(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7F && r <= 0x9F)
}

// Find returns the first hidden character in s (see Hidden) and its byte
// offset, or ok false when there is none.
func Find(s string) (r rune, at int, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if Hidden(r) {
			return r, i, true
		}
		i += size - 1
	}
	return 0, 0, false
}

// Name describes r for a message: "U+202E RIGHT-TO-LEFT OVERRIDE", or
// "U+E0041 (invisible)" for a character without a listed name.
func Name(r rune) string {
	if n, ok := names[r]; ok {
		return Code(r) + " " + n
	}
	if r >= 0xE0000 && r <= 0xE007F {
		return Code(r) + " TAG CHARACTER"
	}
	return Code(r) + " (invisible)"
}

// Code is r in U+XXXX notation.
func Code(r rune) string { return fmt.Sprintf("U+%04X", r) }

// String returns s with every hidden character and every control
// character (see Control) written as <U+XXXX>, and each byte that is not
// UTF-8 as <0xFF>; tab, line feed and carriage return are kept for the
// caller's format to handle. Text without any is returned as it is, at
// the cost of one pass over its bytes.
func String(s string) string {
	first := -1
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < utf8.RuneSelf {
			if Control(rune(b)) {
				first = i
				break
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || Hidden(r) || Control(r) {
			first = i
			break
		}
		i += size - 1
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "<0x%02X>", s[i])
		case Hidden(r) || Control(r):
			b.WriteString("<" + Code(r) + ">")
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
