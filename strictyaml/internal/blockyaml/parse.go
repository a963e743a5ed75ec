package blockyaml

import "unicode/utf8"

// Pos is a place in the input: a 1-based line, and a 1-based column
// counted in characters, as go.yaml.in/yaml/v3 counts it.
type Pos struct{ Line, Column int }

// Entry is one key of a mapping with its value.
type Entry[N any] struct {
	Key   string
	KeyAt Pos
	Value N
}

// Builder makes the caller's nodes as Parse reads them, children before
// their parent. Any method may refuse (return false), and Parse then
// gives up. The slices handed to Sequence and Mapping are Parse's scratch
// space: keep a copy, not the slice.
type Builder[N any] interface {
	// Scalar makes a scalar at at. plain says it was written without
	// quotes, so its type (string, number, boolean, null) is still to be
	// resolved; a quoted scalar is always a string.
	Scalar(value string, plain bool, at Pos) (N, bool)
	// Empty makes the null of a key written with no value; at is just
	// after the key's colon, where go.yaml.in/yaml/v3 places it.
	Empty(at Pos) N
	// Sequence makes a list; at is its first "-" or its "[".
	Sequence(at Pos, items []N) (N, bool)
	// Mapping makes a mapping; at is its first key, or its "{".
	Mapping(at Pos, entries []Entry[N]) (N, bool)
}

// Parse reads data, a document in the subset this package reads (see the
// package documentation), whose top node is depth levels down, and
// returns its top node. It returns false, having built part of the tree
// or none, for an empty document, for anything outside the subset, for
// nesting deeper than maxDepth, and when b refuses a node.
func Parse[N any](data []byte, b Builder[N], depth, maxDepth int) (root N, ok bool) {
	if !utf8.Valid(data) {
		return root, false
	}
	p := &parser[N]{data: data, b: b, maxDepth: maxDepth, interned: map[string]string{}}
	if !p.nextContent() || p.failed {
		return root, false
	}
	p.i = p.start + p.indent
	root, ok = p.blockNode(depth)
	if !ok || p.failed || !p.eof {
		return root, false
	}
	return root, true
}

// parser reads data line by line. Every block reader returns with the
// parser on the first line it did not consume (or at the end of input),
// so its caller can compare that line's indentation with its own.
type parser[N any] struct {
	data     []byte
	b        Builder[N]
	maxDepth int

	// The current line: data[start:end], where the next one starts (after
	// "\n" or "\r\n"), its number, its indentation in spaces, whether it is
	// all ASCII (columns are then byte offsets).
	start, end, next, line, indent int
	ascii                          bool
	counted, column                int  // on a line beyond ASCII: the column of byte counted
	i                              int  // the reading position, within the current line
	eof                            bool // no line is left
	failed                         bool // a line holds something outside the subset
	colonEnd                       int  // just after the colon of the last key read
	flowIndent                     int  // the indentation of the block a flow collection stands in

	// Scratch stacks for the children of the collections being read;
	// nested collections push above their parent's and pop back.
	items   []N
	entries []Entry[N]
	// interned shares the text of short values, which repeat across a
	// model (kinds, protocols, keys).
	interned map[string]string
}

// nextContent moves to the next line holding something other than
// spaces and a comment. It returns false at the end of input, or when a
// line cannot be read (failed is then set).
func (p *parser[N]) nextContent() bool {
	for {
		if p.last() {
			p.eof = true
			return false
		}
		if !p.load(p.next) {
			p.failed = true
			return false
		}
		if p.start+p.indent < p.end && p.data[p.start+p.indent] != '#' {
			if p.indent == 0 && p.marker() {
				p.failed = true
				return false
			}
			return true
		}
	}
}

// load makes the line starting at start the current one, and checks
// that it holds only what the subset allows: no tab, no control
// character, no carriage return but the one of a "\r\n" line break,
// none of the other characters YAML reads as a line break (U+0085,
// U+2028, U+2029), no byte order mark.
func (p *parser[N]) load(start int) bool {
	d := p.data
	p.start, p.line, p.ascii = start, p.line+1, true
	p.indent = -1
	p.counted, p.column = start, 1
	i := start
scan:
	for ; i < len(d) && d[i] != '\n'; i++ {
		c := d[i]
		switch {
		case c == ' ':
			continue
		case c == '\r' && i+1 < len(d) && d[i+1] == '\n':
			break scan
		case c < 0x20 || c == 0x7F:
			return false
		case c >= 0x80:
			p.ascii = false
			if c >= 0xC0 && !allowedRune(d[i:]) { // a character's first byte
				return false
			}
		}
		if p.indent < 0 {
			p.indent = i - start
		}
	}
	p.end = i
	switch {
	case i == len(d):
		p.next = len(d) + 1 // no line break: the last line
	case d[i] == '\r':
		p.next = i + 2
	default:
		p.next = i + 1
	}
	if p.indent < 0 { // nothing but spaces
		p.indent = i - start
	}
	p.i = start
	return true
}

// last reports whether the current line is the input's last, which no
// line break ends.
func (p *parser[N]) last() bool {
	return p.next > len(p.data)
}

// allowedRune reports whether the character that b starts with may stand
// in the subset. YAML breaks lines at U+0085, U+2028 and U+2029 and
// treats a byte order mark and the C1 controls specially.
func allowedRune(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	switch {
	case r >= 0x80 && r <= 0x9F, r == 0x2028, r == 0x2029, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// marker reports whether the current line starts with a document marker
// ("---" or "...") or a directive ("%"), which end or start documents.
func (p *parser[N]) marker() bool {
	line := p.data[p.start:p.end]
	if len(line) > 0 && line[0] == '%' {
		return true
	}
	return len(line) >= 3 && (string(line[:3]) == "---" || string(line[:3]) == "...")
}

// pos is the position of byte i of the current line. On a line with
// characters beyond ASCII, columns are counted on from the last one asked
// for when i is further on, so that a long line of many values costs a
// count of its characters, not one per value.
func (p *parser[N]) pos(i int) Pos {
	if p.ascii {
		return Pos{Line: p.line, Column: i - p.start + 1}
	}
	if i < p.counted {
		p.counted, p.column = p.start, 1
	}
	p.column += utf8.RuneCount(p.data[p.counted:i])
	p.counted = i
	return Pos{Line: p.line, Column: p.column}
}

// at returns the byte at i of the current line, or 0 past its end.
func (p *parser[N]) at(i int) byte {
	if i < p.end {
		return p.data[i]
	}
	return 0
}

// skipSpaces moves past spaces on the current line.
func (p *parser[N]) skipSpaces() {
	for p.i < p.end && p.data[p.i] == ' ' {
		p.i++
	}
}

// restBlank reports whether only spaces and a comment are left on the
// current line from the reading position.
func (p *parser[N]) restBlank() bool {
	p.skipSpaces()
	return p.i == p.end || p.data[p.i] == '#' && p.i > p.start && p.data[p.i-1] == ' '
}

// dash reports whether a sequence item's "-" is at i.
func (p *parser[N]) dash(i int) bool {
	return p.at(i) == '-' && (i+1 == p.end || p.data[i+1] == ' ')
}

// text returns data[from:to] as a string, sharing short ones.
func (p *parser[N]) text(from, to int) string {
	b := p.data[from:to]
	if len(b) > 24 {
		return string(b)
	}
	if s, ok := p.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(p.interned) < 4096 {
		p.interned[s] = s
	}
	return s
}
