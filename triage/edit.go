package triage

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/strictyaml"
)

// editError is a layout of the tracking section that track cannot edit
// line by line. line is 1-based; editFile adds the file name.
type editError struct {
	line, col int
	field     string
	msg, hint string
}

func (e *editError) Error() string {
	return fmt.Sprintf("%d:%d: %s: %s\n\thint: %s", e.line, e.col, e.field, e.msg, e.hint)
}

func flowSection(lines []string, i int) error {
	return &editError{line: i + 1, col: indentOf(lines[i]) + 1, field: "tracking",
		msg:  "the section is written in flow style ({…}), which track cannot edit line by line",
		hint: "write one entry per line under tracking:, such as IOT-X-001@lock: {status: open}, then run track again"}
}

func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// content reports whether line holds YAML, not only blanks or a comment.
func content(line string) bool {
	t := strings.TrimSpace(line)
	return t != "" && !strings.HasPrefix(t, "#")
}

// blockEnd returns the index after the last line belonging to the block
// item starting at start: following lines that are blank, comments or
// indented deeper than it. Trailing blank and comment lines are left
// outside, so they stay with what follows.
func blockEnd(lines []string, start int) int {
	indent := indentOf(lines[start])
	end := start + 1
	last := start + 1
	for ; end < len(lines); end++ {
		if !content(lines[end]) {
			continue
		}
		if indentOf(lines[end]) <= indent {
			break
		}
		last = end + 1
	}
	return last
}

// replaceEntry replaces the entry whose key is on line (1-based) with a
// one-line entry at the same indentation, keeping the comment on the
// key's line. Inside a flow mapping written one entry per line, only an
// entry that has its line to itself is replaced, keeping its comma.
func replaceEntry(lines []string, line int, id, entry string) ([]string, error) {
	i := line - 1
	if i < 0 || i >= len(lines) {
		return nil, &editError{line: line, col: 1, field: "tracking." + id,
			msg: "entry not found where the model says it is", hint: "run track again; if it persists, edit the entry by hand"}
	}
	field := "tracking." + id
	if t := strings.TrimSpace(lines[i]); !strings.HasPrefix(t, id) && !strings.HasPrefix(t, `"`+id) && !strings.HasPrefix(t, "'"+id) {
		return nil, &editError{line: line, col: indentOf(lines[i]) + 1, field: field,
			msg:  "the entry does not start its line (flow style, or an explicit ? key), so track cannot replace it alone",
			hint: "write it as " + id + ": {…} on a line of its own, then run track again"}
	}
	indent := strings.Repeat(" ", indentOf(lines[i]))
	value, comment := cutComment(lines[i])
	if comment != "" {
		comment = value[len(strings.TrimRight(value, " \t")):] + comment
	}
	if inFlow(lines, i) {
		comma, ok := wholeFlowEntry(value)
		if !ok {
			return nil, &editError{line: line, col: indentOf(lines[i]) + 1, field: field,
				msg:  "the entry does not have its line to itself in a flow mapping ({…}), so track cannot replace it alone",
				hint: "write one entry per line under tracking:, such as " + id + ": {status: open}, then run track again"}
		}
		out := append([]string{}, lines...)
		out[i] = indent + entry + comma + comment
		return out, nil
	}
	end := blockEnd(lines, i)
	// A value written in flow style over several lines may close at the
	// entry's own indentation ("}" alone on a line): take the closing
	// lines too. Brackets that still do not balance are a layout track
	// does not follow; it refuses rather than guess how much to replace.
	depth := 0
	for j := i; j < end; j++ {
		depth = flowDepth(lines[j], depth)
	}
	for depth > 0 && end < len(lines) && closes(lines[end]) {
		depth = flowDepth(lines[end], depth)
		end++
	}
	if depth != 0 {
		return nil, &editError{line: line, col: indentOf(lines[i]) + 1, field: field,
			msg:  "cannot tell where the entry's flow-style value ends",
			hint: "write the entry on one line (" + id + ": {status: open}) or as a block mapping, then run track again"}
	}
	out := append([]string{}, lines[:i]...)
	out = append(out, indent+entry+comment)
	return append(out, lines[end:]...), nil
}

// wholeFlowEntry reports whether value (a line without its comment)
// inside a flow mapping holds exactly one entry, complete, and the comma
// after it, if any.
func wholeFlowEntry(value string) (comma string, ok bool) {
	m, _ := mask(value)
	m = strings.TrimRight(m, " \t")
	if strings.HasSuffix(m, ",") {
		comma, m = ",", m[:len(m)-1]
	}
	depth := 0
	for _, c := range m {
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case ',':
			if depth == 0 {
				return "", false
			}
		}
		if depth < 0 {
			return "", false
		}
	}
	return comma, depth == 0
}

// closes reports whether line starts with a closing flow bracket.
func closes(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "}") || strings.HasPrefix(t, "]")
}

// inFlow reports whether the entry on line i sits inside a flow mapping:
// the line ends in a comma or closes a bracket it did not open, or the
// line it is nested under opens a bracket.
func inFlow(lines []string, i int) bool {
	// A comma or closing bracket that the line itself did not open.
	v, _ := cutComment(lines[i])
	if d := flowDepth(v, 0); d < 0 || d == 0 && strings.HasSuffix(strings.TrimSpace(v), ",") {
		return true
	}
	for j := i - 1; j >= 0; j-- {
		if !content(lines[j]) || indentOf(lines[j]) >= indentOf(lines[i]) {
			continue
		}
		v, _ := cutComment(lines[j])
		return flowDepth(v, 0) > 0
	}
	return false
}

// addEntry adds a new entry to the model's tracking: section, creating the
// section at the end of the file when there is none.
func addEntry(lines []string, src strictyaml.Source, entry string) ([]string, error) {
	if !src.Written("tracking") {
		return appendSection(lines, entry), nil
	}
	keyLine := src.NameAt("tracking").Line - 1
	if keyLine < 0 || keyLine >= len(lines) {
		return nil, &editError{line: keyLine + 1, col: 1, field: "tracking",
			msg: "section not found where the model says it is", hint: "run track again; if it persists, add the entry by hand"}
	}
	return insertIntoSection(lines, keyLine, entry)
}

// insertIntoSection adds entry to the tracking: mapping whose key is on
// line index i: after its last entry for a block mapping, or in place of
// an empty value written on the key's line ({}, ~ or null), which becomes
// a block mapping. An anchor or tag on the key's line (tracking: &t) is
// kept. A section in flow style is refused.
func insertIntoSection(lines []string, i int, entry string) ([]string, error) {
	keyIndent := indentOf(lines[i])
	colon := strings.Index(lines[i], ":")
	if colon < 0 {
		return nil, &editError{line: i + 1, col: keyIndent + 1, field: "tracking",
			msg: "the key is not written as tracking:", hint: "add the entry by hand"}
	}
	props, value := cutProperties(lines[i][colon+1:])
	value, comment := cutComment(value)
	value = strings.TrimSpace(value)
	switch {
	case value == "":
		if next := nextContent(lines, i); next >= 0 && indentOf(lines[next]) > keyIndent {
			if _, v := cutProperties(lines[next]); strings.HasPrefix(strings.TrimSpace(v), "{") || strings.HasPrefix(strings.TrimSpace(v), "[") {
				return nil, flowSection(lines, next)
			}
		}
	case value == "{}" || isNull(value):
		head := lines[i][:colon+1]
		if props != "" {
			head += " " + props
		}
		if c := strings.TrimSpace(comment); c != "" {
			head += "  # " + strings.TrimSpace(strings.TrimPrefix(c, "#"))
		}
		lines[i] = head
	default:
		return nil, flowSection(lines, i)
	}
	indent := strings.Repeat(" ", keyIndent+2)
	end := blockEnd(lines, i)
	for j := i + 1; j < end; j++ {
		if content(lines[j]) {
			indent = strings.Repeat(" ", indentOf(lines[j]))
			break
		}
	}
	out := append([]string{}, lines[:end]...)
	out = append(out, indent+entry)
	return append(out, lines[end:]...), nil
}

// nextContent returns the index of the first line after i that holds
// YAML, or -1.
func nextContent(lines []string, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if content(lines[j]) {
			return j
		}
	}
	return -1
}

func isNull(v string) bool { return v == "~" || v == "null" || v == "Null" || v == "NULL" }

// cutProperties splits the node properties (an &anchor and a !tag) off
// the start of a value: "  &t {} # c" gives "&t" and " {} # c".
func cutProperties(s string) (props, rest string) {
	var p []string
	rest = s
	for {
		t := strings.TrimLeft(rest, " \t")
		if !strings.HasPrefix(t, "&") && !strings.HasPrefix(t, "!") {
			return strings.Join(p, " "), rest
		}
		n := strings.IndexAny(t, " \t{}[],")
		if n < 0 {
			n = len(t)
		}
		p = append(p, t[:n])
		rest = t[n:]
	}
}

// cutComment splits a line at its comment: a # at the start or after a
// blank, outside quoted text.
func cutComment(s string) (value, comment string) {
	_, at := mask(s)
	return s[:at], s[at:]
}

// flowDepth returns depth plus the flow brackets line opens less those it
// closes, ignoring quoted text and the comment.
func flowDepth(line string, depth int) int {
	m, at := mask(line)
	for _, c := range m[:at] {
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
	return depth
}

// mask returns s with the inside of quoted scalars replaced by x, and
// where its comment starts (len(s) when it has none). A quote opens a
// scalar only where one can start (at the start, after a flow bracket, a
// comma or a ": "); elsewhere it is a plain character, as in it's. A
// quoted scalar that goes on to the next line is not followed there: the
// checks of the edited file catch what this misses.
func mask(s string) (string, int) {
	b := []byte(s)
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote == '"' && c == '\\':
			b[i] = 'x'
			if i+1 < len(b) {
				i++
				b[i] = 'x'
			}
		case quote == '\'' && c == '\'' && i+1 < len(b) && b[i+1] == '\'':
			b[i], b[i+1] = 'x', 'x'
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			b[i] = 'x'
		case (c == '"' || c == '\'') && quoteCanStart(s, i):
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return string(b), i
		}
	}
	return string(b), len(s)
}

func quoteCanStart(s string, i int) bool {
	j := i - 1
	for j >= 0 && (s[j] == ' ' || s[j] == '\t') {
		j--
	}
	if j < 0 {
		return true
	}
	switch s[j] {
	case '{', '[', ',':
		return true
	case ':', '-', '?':
		return j < i-1
	}
	return false
}

// appendSection adds a tracking: section at the end of the file.
func appendSection(lines []string, entry string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return append(lines, "", "tracking:", "  "+entry, "")
}
