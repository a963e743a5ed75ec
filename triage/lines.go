package triage

import "strings"

// text is a file split into lines for editing, with each line's ending
// kept aside: the edits see lines without a carriage return, and join
// gives every line it did not touch its own ending back, so a CRLF file
// stays CRLF, new lines included.
type text struct {
	lines []string // without their line endings
	crlf  []bool   // lines[i] ended in "\r\n"; the last line has no ending
	eol   string   // for new lines: "\r\n" when most lines end so, else "\n"
}

func splitText(s string) text {
	t := text{lines: strings.Split(s, "\n")}
	t.crlf = make([]bool, len(t.lines))
	n := 0
	for i := range len(t.lines) - 1 {
		if l, ok := strings.CutSuffix(t.lines[i], "\r"); ok {
			t.lines[i], t.crlf[i] = l, true
			n++
		}
	}
	t.eol = "\n"
	if 2*n > len(t.lines)-1 {
		t.eol = "\r\n"
	}
	return t
}

// join puts edited, the result of editing t.lines, back together. Lines
// in the unchanged head and tail keep their endings; the lines between,
// those the edit wrote, get the file's usual one. The edit functions
// change one region of the file, so head and tail are all the rest. (In a
// file that mixes endings, an untouched line inside that region, such as
// a comment between a key and the entry added after it, takes the usual
// ending too.)
func (t text) join(edited []string) string {
	head := 0
	for head < len(edited) && head < len(t.lines) && edited[head] == t.lines[head] {
		head++
	}
	tail := 0
	for tail < len(edited)-head && tail < len(t.lines)-head &&
		edited[len(edited)-1-tail] == t.lines[len(t.lines)-1-tail] {
		tail++
	}
	var b strings.Builder
	for i, l := range edited {
		b.WriteString(l)
		if i == len(edited)-1 {
			break // the last line has no ending
		}
		orig := -1
		switch {
		case i < head:
			orig = i
		case i >= len(edited)-tail:
			orig = i - len(edited) + len(t.lines)
		}
		switch {
		case orig >= 0 && orig < len(t.lines)-1 && t.crlf[orig]:
			b.WriteString("\r\n")
		case orig >= 0 && orig < len(t.lines)-1:
			b.WriteString("\n")
		default:
			// Written by the edit, or the old last line, which had no
			// ending and now has lines after it.
			b.WriteString(t.eol)
		}
	}
	return b.String()
}
