// Package markdown writes untrusted text into GitHub-flavoured Markdown
// so that it renders as the same text: never as markup, never spilling
// out of its table cell, and with hidden characters shown.
//
// The reports and pull-request comments quote names, titles and reasons
// from the model, which anyone with commit access writes. Unescaped, a
// "|" splits a table cell, a backtick opens a code span that swallows
// what follows, "&amp;" or "&#x202E;" renders as another character than
// the one written, "<img …>" or "[text](url)" becomes markup, and a
// bidirectional control reorders what the reviewer reads.
package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/internal/reveal"
)

// Text returns s as inline Markdown text that renders as s does, on one
// line: fit for a table cell, a list item, a heading or a paragraph.
// Hidden characters are written as <U+XXXX> (see package reveal), line
// breaks and tabs as spaces, and what would start a block at the
// beginning of a line (a heading, a list, a rule, a link definition) is
// escaped.
//
// Escaped within the line: "\", "`", "*", "~" and "|" always; "_" unless
// between two letters or digits, where it cannot start or end emphasis
// (so fact names such as debug_interfaces stay readable in the source);
// "]" before "(" or "[", which would make a link; "&", "<" and ">" as
// entities, since a backslash does not stop an entity or a tag in every
// renderer.
func Text(s string) string {
	s = reveal.String(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '~', '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '_':
			if !wordAt(s, i-1, true) || !wordAt(s, i+1, false) {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		case ']':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '[') {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteByte(' ')
		case '\n', '\t':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return escapeLineStart(b.String())
}

// wordAt reports whether the character ending (before) or starting at
// byte i of s is a letter or a digit.
func wordAt(s string, i int, before bool) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	} else {
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// escapeLineStart drops leading spaces (four make a code block; they
// render as nothing anyway) and escapes the character that would make s,
// at the start of a line, a heading (#), a list item (-, +, 1. or 1)), a
// thematic break or a setext underline (-, =), or a link reference
// definition ([name]: url).
func escapeLineStart(s string) string {
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '-', '+', '=', '[':
		return `\` + s
	}
	digits := 0
	for digits < len(s) && digits < 10 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		return s[:digits] + `\` + s[digits:]
	}
	return s
}

// Code returns s as an inline code span that shows s literally, on one
// line, inside a table cell too: fenced by more backticks than s holds in
// a row, padded with a space when s starts or ends with a backtick, "|"
// escaped (GitHub-flavoured tables split cells at a "|" even inside code,
// and drop the backslash there), hidden characters written as <U+XXXX>.
func Code(s string) string {
	s = reveal.String(s)
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "") {
		return fence + " " + s + " " + fence
	}
	if s == "" {
		return ""
	}
	return fence + s + fence
}
