package strictyaml

import "bytes"

// planSplit finds the top-level keys of data whose value is a block list
// on the following lines, and where each item of those lists starts. It
// returns nil, and the file is parsed whole, unless every line at column 0
// is a plain "key:" or "key: value" line, a comment, or a leading "---":
// anything else (a flow-style document, directives, several documents, a
// multi-line scalar reaching column 0) is left to the parser.
func planSplit(data []byte) []splitList {
	var lists []splitList
	var cur *splitList // the list whose lines are being read
	seenContent := false
	line := 0
	for at := 0; at < len(data); {
		line++
		end := bytes.IndexByte(data[at:], '\n')
		next := len(data)
		if end < 0 {
			end = len(data)
		} else {
			end += at
			next = end + 1
		}
		text := bytes.TrimSuffix(data[at:end], []byte("\r"))
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		rest := text[indent:]
		if complexKey(rest) {
			return nil // "? key": a missing value is placed at the next token, perhaps in the next piece
		}
		switch {
		case len(bytes.TrimLeft(rest, " \t")) == 0 || rest[0] == '#':
			// Blank lines and comments belong to whatever surrounds them.
		case indent == 0 && cur != nil && !cur.notList && cur.indent <= 0 && isItemStart(rest):
			cur.indent = 0 // a list may start at its key's column
			cur.items = append(cur.items, at)
			cur.itemLines = append(cur.itemLines, line)
		case indent == 0:
			if cur != nil {
				cur.end = at
				cur = nil
			}
			if !seenContent && isDocumentStart(rest) {
				break
			}
			key, opens, ok := topLevelKey(rest)
			if !ok {
				return nil
			}
			if opens {
				lists = append(lists, splitList{key: key, start: next, line: line + 1, indent: -1})
				cur = &lists[len(lists)-1]
			}
		case cur == nil || cur.notList:
			// Inside a value written on its key's line, or a mapping.
		case cur.indent < 0:
			if !isItemStart(rest) {
				cur.notList = true
				break
			}
			cur.indent = indent
			cur.items = append(cur.items, at)
			cur.itemLines = append(cur.itemLines, line)
		case indent == cur.indent && isItemStart(rest):
			cur.items = append(cur.items, at)
			cur.itemLines = append(cur.itemLines, line)
		case indent <= cur.indent:
			return nil // a line out of place: let the parser say what is wrong
		}
		if len(rest) > 0 && rest[0] != '#' {
			seenContent = true
		}
		at = next
	}
	if cur != nil {
		cur.end = len(data)
	}
	return lists
}

// complexKey reports whether a line, after its indentation and any "- "
// item markers, starts an explicit mapping key ("? ").
func complexKey(rest []byte) bool {
	for len(rest) >= 2 && rest[0] == '-' && (rest[1] == ' ' || rest[1] == '\t') {
		rest = bytes.TrimLeft(rest[2:], " \t")
	}
	return len(rest) > 0 && rest[0] == '?' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t')
}

// isItemStart reports whether a line, after its indentation, starts a
// block list item ("- value" or a lone "-").
func isItemStart(rest []byte) bool {
	return len(rest) == 1 && rest[0] == '-' || len(rest) > 1 && rest[0] == '-' && rest[1] == ' '
}

// isDocumentStart reports whether a line is "---", alone or with a comment.
func isDocumentStart(rest []byte) bool {
	if !bytes.HasPrefix(rest, []byte("---")) {
		return false
	}
	tail := bytes.TrimLeft(rest[3:], " \t")
	return len(tail) == 0 || (tail[0] == '#' && len(tail) < len(rest[3:]))
}

// topLevelKey reads a line "key:" or "key: value" whose key is a plain
// word, and reports whether its value is on the following lines (nothing
// but a comment after the colon).
func topLevelKey(rest []byte) (key string, opens, ok bool) {
	n := 0
	for n < len(rest) && isKeyByte(rest[n]) {
		n++
	}
	if n == 0 || n >= len(rest) || rest[n] != ':' {
		return "", false, false
	}
	after := rest[n+1:]
	if len(after) > 0 && after[0] != ' ' && after[0] != '\t' {
		return "", false, false
	}
	tail := bytes.TrimLeft(after, " \t")
	opens = len(tail) == 0 || (tail[0] == '#' && len(tail) < len(after))
	return string(rest[:n]), opens, true
}

func isKeyByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-'
}
