package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/internal/reveal"
)

// Every string from the model reaches a diagram through one of these
// functions: names, descriptions and ids may hold quotes, <, &, # and any
// Unicode, and each output language escapes them differently.

// clean replaces control characters, the two code points XML forbids
// (U+FFFE, U+FFFF) and invalid UTF-8 with spaces, so that no input can
// break a line-oriented format or an XML document, and writes hidden
// formatting characters (U+202E and its kin, see package reveal) as
// <U+202E>, as every other output does, so that a label cannot display
// as something else.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				r = ' '
			}
		}
		switch {
		case unfit(r):
			r = ' '
		case reveal.Hidden(r):
			b.WriteString("<" + reveal.Code(r) + ">")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsClean(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unfit(r) || reveal.Hidden(r) {
			return true
		}
	}
	return false
}

// unfit reports whether r may not appear in a diagram's text.
func unfit(r rune) bool {
	return unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF
}

// dotString quotes s as a DOT string. Newlines become Graphviz's \n escape
// (a line break in tooltips); a backslash is doubled so that Graphviz's own
// escapes (\N, \G, …) cannot be triggered by input.
func dotString(s string) string {
	return string(appendDotLines(make([]byte, 0, len(s)+2), s))
}

// appendDotLines appends to b the DOT string of lines joined by newlines,
// as dotString quotes it, without joining them first: a node's tooltip is
// its head, description and findings, and a 100,000-element drawing
// writes a million of them.
func appendDotLines(b []byte, lines ...string) []byte {
	b = append(b, '"')
	start := len(b)
	for _, text := range lines {
		for line := range strings.SplitSeq(text, "\n") {
			if len(b) > start {
				b = append(b, `\n`...)
			}
			for _, r := range clean(line) {
				switch r {
				case '"':
					b = append(b, `\"`...)
				case '\\':
					b = append(b, `\\`...)
				default:
					b = utf8.AppendRune(b, r)
				}
			}
		}
	}
	return append(b, '"')
}

// htmlText escapes s for a Graphviz HTML-like label.
func htmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range clean(s) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mermaidText escapes s for a quoted Mermaid label. Mermaid decodes
// entity codes written #name; or #number;, so every character that could
// end the label, start markup or start an entity is written as one.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '`':
			b.WriteString("#96;")
		case '|':
			b.WriteString("#124;")
		case '\\':
			b.WriteString("#92;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrap breaks s into lines of at most width characters at spaces; a word
// longer than width is split after a hyphen, dot or underscore when it has
// one near the limit, else hard.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		for utf8.RuneCountInString(word) > width {
			head, tail := splitWord(word, width)
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			lines = append(lines, head)
			word = tail
		}
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// splitWord cuts a long word after its last separator within width runes,
// or at width runes when there is none in the second half.
func splitWord(word string, width int) (string, string) {
	runes := []rune(word)
	cut := width
	for i := width - 1; i >= width/2; i-- {
		if strings.ContainsRune("-._/", runes[i]) {
			cut = i + 1
			break
		}
	}
	return string(runes[:cut]), string(runes[cut:])
}

// joinWrapped lists items separated by ", " on lines of at most width
// characters, the first of which already holds used characters. The first
// line is "" when not even the first item fits after them; an item longer
// than a line gets a line of its own.
func joinWrapped(used int, items []string, width int) []string {
	lines := []string{""}
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		last := len(lines) - 1
		room := width
		if last == 0 {
			room -= used
		}
		n := utf8.RuneCountInString(it)
		switch {
		case lines[last] == "" && (n <= room || last > 0):
			lines[last] = it
		case lines[last] != "" && utf8.RuneCountInString(lines[last])+1+n <= room:
			lines[last] += " " + it
		default:
			lines = append(lines, it)
		}
	}
	return lines
}
