package blockyaml

import "unicode/utf8"

// flowNode reads one value at the reading position: a flow collection, a
// quoted scalar or a plain one. flow says whether it stands inside a
// flow collection, where "," and brackets end a plain scalar.
func (p *parser[N]) flowNode(depth int, flow bool) (n N, ok bool) {
	if depth > p.maxDepth {
		return n, false
	}
	start := p.i
	switch p.at(start) {
	case '[':
		return p.flowSequence(depth)
	case '{':
		return p.flowMapping(depth)
	case '\'', '"':
		value, ok := p.quoted()
		if !ok {
			return n, false
		}
		return p.b.Scalar(value, false, p.pos(start))
	}
	if !p.plainStart(start, flow) {
		return n, false
	}
	end, colon := p.plainEnd(start, flow)
	if colon || end == start {
		return n, false
	}
	p.i = end
	return p.b.Scalar(p.text(start, end), true, p.pos(start))
}

// flowSequence reads "[a, b]".
func (p *parser[N]) flowSequence(depth int) (n N, ok bool) {
	at := p.pos(p.i)
	p.i++
	base := len(p.items)
	for {
		if !p.flowSpace() {
			return n, false
		}
		if p.at(p.i) == ']' {
			p.i++
			break
		}
		item, ok := p.flowNode(depth+1, true)
		if !ok {
			return n, false
		}
		p.items = append(p.items, item)
		if closed, ok := p.flowNext(']'); !ok {
			return n, false
		} else if closed {
			break
		}
	}
	return p.sequence(at, base)
}

// flowMapping reads "{k: v, k: v}"; every key has a value.
func (p *parser[N]) flowMapping(depth int) (n N, ok bool) {
	at := p.pos(p.i)
	p.i++
	base := len(p.entries)
	for {
		if !p.flowSpace() {
			return n, false
		}
		if p.at(p.i) == '}' {
			p.i++
			break
		}
		key, keyAt, ok := p.key(true)
		if !ok {
			return n, false
		}
		if !p.flowSpace() {
			return n, false
		}
		if c := p.at(p.i); c == ',' || c == '}' {
			return n, false // an empty value
		}
		value, ok := p.flowNode(depth+1, true)
		if !ok {
			return n, false
		}
		p.entries = append(p.entries, Entry[N]{Key: key, KeyAt: keyAt, Value: value})
		if closed, ok := p.flowNext('}'); !ok {
			return n, false
		} else if closed {
			break
		}
	}
	return p.mapping(at, base)
}

// flowSpace moves past spaces to the next text of a flow collection,
// which may go on over several lines: past the end of a line, comments
// and blank lines too, to a line indented further than the block the
// collection stands in (flowIndent). It reports false when there is no
// such line.
func (p *parser[N]) flowSpace() bool {
	if !p.restBlank() {
		return true
	}
	if !p.nextContent() || p.indent <= p.flowIndent {
		return false
	}
	p.i = p.start + p.indent
	return true
}

// flowNext moves past what follows an item of a flow collection: a ","
// or the closing bracket, which closed reports.
func (p *parser[N]) flowNext(closing byte) (closed, ok bool) {
	if !p.flowSpace() {
		return false, false
	}
	switch p.at(p.i) {
	case ',':
		p.i++
		return false, true
	case closing:
		p.i++
		return true, true
	}
	return false, false
}

// plainStart reports whether a plain scalar may start at i: not at an
// indicator, and not at "-" unless a character that continues it follows.
// "?" and ":" may start a plain scalar in some places; the subset never
// lets them.
func (p *parser[N]) plainStart(i int, flow bool) bool {
	switch p.at(i) {
	case 0, ' ', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '?', ':':
		return false
	case '-':
		switch p.at(i + 1) {
		case 0, ' ', ',', '[', ']', '{', '}':
			return false
		}
	}
	return true
}

// plainEnd finds where a plain scalar starting at i ends on its line,
// trailing spaces left out, and whether what ended it is a colon that
// makes it a key: ":" followed by a space or the end of the line. A
// plain scalar ends too at a comment (" #") and, inside a flow
// collection, at "," "?" and brackets, as go.yaml.in/yaml/v3 ends it.
func (p *parser[N]) plainEnd(i int, flow bool) (end int, colon bool) {
	j := i
scan:
	for ; j < p.end; j++ {
		switch p.data[j] {
		case ':':
			if j+1 == p.end || p.data[j+1] == ' ' {
				colon = true
				break scan
			}
		case '#':
			if p.data[j-1] == ' ' {
				break scan
			}
		case ',', '?', '[', ']', '{', '}':
			if flow {
				break scan
			}
		}
	}
	for j > i && p.data[j-1] == ' ' {
		j--
	}
	return j, colon
}

// quoted reads a single- or double-quoted scalar that closes on its line
// and leaves the reading position after the closing quote.
func (p *parser[N]) quoted() (string, bool) {
	quote := p.data[p.i]
	start := p.i + 1
	// Most quoted values hold no escape: take them as they are.
	for j := start; j < p.end; j++ {
		c := p.data[j]
		if c == quote && (quote == '"' || p.at(j+1) != '\'') {
			p.i = j + 1
			return p.text(start, j), true
		}
		if c == '\\' && quote == '"' || c == '\'' && quote == '\'' {
			break
		}
	}
	var out []byte
	for j := start; j < p.end; j++ {
		c := p.data[j]
		switch {
		case c == quote && quote == '\'' && p.at(j+1) == '\'':
			out = append(out, '\'')
			j++
		case c == quote:
			p.i = j + 1
			return string(out), true
		case c == '\\' && quote == '"':
			var ok bool
			if out, j, ok = p.escape(out, j+1); !ok {
				return "", false
			}
		default:
			out = append(out, c)
		}
	}
	return "", false // the quote does not close on this line
}

// simpleEscapes are the one-character escapes of double-quoted YAML that
// go.yaml.in/yaml/v3 reads (not JSON's \/).
var simpleEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", 'n': "\n", 'v': "\v", 'f': "\f", 'r': "\r",
	'e': "\x1b", ' ': " ", '"': "\"", '\'': "'", '\\': "\\", 'N': "\u0085", '_': "\u00a0",
	'L': "\u2028", 'P': "\u2029",
}

// escape appends the character of the escape whose letter is at j and
// returns the index of its last byte.
func (p *parser[N]) escape(out []byte, j int) ([]byte, int, bool) {
	c := p.at(j)
	if s, ok := simpleEscapes[c]; ok {
		return append(out, s...), j, true
	}
	digits := 0
	switch c {
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	}
	if digits == 0 || j+digits >= p.end {
		return out, j, false
	}
	var r uint32 // eight hex digits can pass rune's range
	for _, h := range p.data[j+1 : j+1+digits] {
		switch {
		case h >= '0' && h <= '9':
			r = r<<4 | uint32(h-'0')
		case h >= 'a' && h <= 'f':
			r = r<<4 | uint32(h-'a'+10)
		case h >= 'A' && h <= 'F':
			r = r<<4 | uint32(h-'A'+10)
		default:
			return out, j, false
		}
	}
	if r >= 0xD800 && r <= 0xDFFF || r > utf8.MaxRune {
		return out, j, false
	}
	return utf8.AppendRune(out, rune(r)), j + digits, true
}
