package strictyaml

import (
	"bytes"
	"unicode/utf8"
)

// maxSimpleKey is the longest implicit mapping key the YAML parser
// accepts, in characters from the key's start to its colon: YAML 1.2
// limits implicit keys to 1024 characters, and go.yaml.in/yaml/v3
// enforces it with "could not find expected ':'" or "mapping values are
// not allowed in this context", which send a reader looking for a
// missing colon.
const maxSimpleKey = 1024

// longKey looks on line (1-based) of data for a mapping key too long for
// the YAML parser, and returns the column where it starts and its length
// in characters. It is asked only after the parser has failed on that
// line, to explain the failure, so it may be approximate: it reads a key
// at the start of a line (after indentation and "- " or "? " markers) or
// after "{" or "," in a flow mapping, plain or quoted, ending at a colon
// followed by a space, a tab, the end of the line or a flow indicator.
func longKey(data []byte, line int) (col, length int, ok bool) {
	text := lineText(data, line)
	if text == nil {
		return 0, 0, false
	}
	i := 0
	for i < len(text) && text[i] == ' ' {
		i++
	}
	for i+1 < len(text) && (text[i] == '-' || text[i] == '?') && (text[i+1] == ' ' || text[i+1] == '\t') {
		i += 2
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
	}
	for start, flow := i, false; start < len(text); flow = true {
		end, colon := keyEnd(text, start, flow)
		if colon {
			if n := utf8.RuneCount(text[start:end]); n > maxSimpleKey {
				return utf8.RuneCount(text[:start]) + 1, n, true
			}
		}
		// The next candidate follows a flow indicator.
		next := bytes.IndexAny(text[max(end, start+1):], "{,")
		if next < 0 {
			return 0, 0, false
		}
		start = max(end, start+1) + next + 1
		for start < len(text) && (text[start] == ' ' || text[start] == '\t') {
			start++
		}
	}
	return 0, 0, false
}

// keyEnd reads a key starting at text[start] and returns where its colon
// indicator is, or where the key ends and false when none follows it. In
// a flow collection, a plain key also ends at a flow indicator.
func keyEnd(text []byte, start int, flow bool) (end int, colon bool) {
	i := start
	if i < len(text) && (text[i] == '"' || text[i] == '\'') {
		quote := text[i]
		for i++; i < len(text); i++ {
			if quote == '"' && text[i] == '\\' {
				i++
				continue
			}
			if text[i] == quote {
				if quote == '\'' && i+1 < len(text) && text[i+1] == '\'' {
					i++
					continue
				}
				i++
				break
			}
		}
		// A backslash that ends the line skipped past its end: the key
		// runs to the end of the line.
		i = min(i, len(text))
		end = i
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		if i < len(text) && text[i] == ':' {
			return i, true
		}
		return end, false
	}
	for ; i < len(text); i++ {
		switch c := text[i]; {
		case c == ':' && (i+1 == len(text) || bytes.IndexByte([]byte(" \t,}]"), text[i+1]) >= 0):
			return i, true
		case flow && bytes.IndexByte([]byte(",[]{}"), c) >= 0:
			return i, false
		}
	}
	return i, false
}

// lineText returns line (1-based) of data without its line break, or nil
// when data has fewer lines.
func lineText(data []byte, line int) []byte {
	for n := 1; n < line; n++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return bytes.TrimSuffix(data, []byte("\r"))
}
