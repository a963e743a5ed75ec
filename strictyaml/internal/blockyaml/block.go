package blockyaml

// maxKey is the longest plain or quoted key the subset takes, in bytes:
// go.yaml.in/yaml/v3 refuses implicit keys past 1024 characters, and a
// key near that length is left to it.
const maxKey = 1000

// blockNode reads the collection starting at the reading position: a
// block sequence if it is a "-", else a block mapping. A lone scalar is
// outside the subset here.
func (p *parser[N]) blockNode(depth int) (n N, ok bool) {
	if depth > p.maxDepth {
		return n, false
	}
	if p.dash(p.i) {
		return p.blockSequence(p.i-p.start, depth)
	}
	return p.blockMapping(p.i-p.start, depth)
}

// blockSequence reads the items of a sequence whose "-" stand at column
// indent+1, the first one at the reading position.
func (p *parser[N]) blockSequence(indent, depth int) (n N, ok bool) {
	if depth > p.maxDepth {
		return n, false
	}
	at := p.pos(p.i)
	base := len(p.items)
	for {
		p.i++ // past the "-"
		item, ok := p.sequenceItem(indent, depth+1)
		if !ok {
			return n, false
		}
		p.items = append(p.items, item)
		if more, ok := p.nextInBlock(indent); !ok {
			return n, false
		} else if !more || !p.dash(p.i) {
			break // a line at the same indentation without "-" is the parent mapping's next key
		}
	}
	return p.sequence(at, base)
}

// sequenceItem reads what follows an item's "-" of a sequence at indent.
func (p *parser[N]) sequenceItem(indent, depth int) (n N, ok bool) {
	if depth > p.maxDepth {
		return n, false
	}
	if p.restBlank() {
		// The item is on the lines below, further in; an empty item is
		// left to the general parser.
		if !p.nextContent() || p.indent <= indent {
			return n, false
		}
		p.i = p.start + p.indent
		return p.blockNode(depth)
	}
	switch c := p.at(p.i); {
	case c == '|' || c == '>':
		return p.blockScalar(indent, depth)
	case p.dash(p.i):
		return p.blockSequence(p.i-p.start, depth)
	case p.keyAhead():
		return p.blockMapping(p.i-p.start, depth)
	}
	p.flowIndent = indent
	n, ok = p.flowNode(depth, false)
	if !ok || !p.restBlank() {
		return n, false
	}
	p.nextContent()
	return n, !p.failed
}

// blockMapping reads the entries of a mapping whose keys stand at column
// indent+1, the first one at the reading position.
func (p *parser[N]) blockMapping(indent, depth int) (n N, ok bool) {
	if depth > p.maxDepth {
		return n, false
	}
	at := p.pos(p.i)
	base := len(p.entries)
	for {
		key, keyAt, ok := p.key(false)
		if !ok {
			return n, false
		}
		value, ok := p.mappingValue(indent, depth+1)
		if !ok {
			return n, false
		}
		p.entries = append(p.entries, Entry[N]{Key: key, KeyAt: keyAt, Value: value})
		if more, ok := p.nextInBlock(indent); !ok {
			return n, false
		} else if !more {
			break
		}
	}
	return p.mapping(at, base)
}

// nextInBlock moves to the next entry of a block collection at indent,
// on the current line: more is false when the line belongs to an outer
// block (or input ended), and ok false when it is indented further,
// which no entry just read allows.
func (p *parser[N]) nextInBlock(indent int) (more, ok bool) {
	switch {
	case p.eof || p.indent < indent:
		return false, true
	case p.indent > indent:
		return false, false
	}
	p.i = p.start + indent
	return true, true
}

// sequence makes the sequence of the items read since base, and pops
// them off the scratch stack.
func (p *parser[N]) sequence(at Pos, base int) (N, bool) {
	n, ok := p.b.Sequence(at, p.items[base:])
	clear(p.items[base:])
	p.items = p.items[:base]
	return n, ok
}

// mapping makes the mapping of the entries read since base, and pops
// them off the scratch stack.
func (p *parser[N]) mapping(at Pos, base int) (N, bool) {
	n, ok := p.b.Mapping(at, p.entries[base:])
	clear(p.entries[base:])
	p.entries = p.entries[:base]
	return n, ok
}

// mappingValue reads the value after a key's colon, for a mapping whose
// keys stand at indent: on the same line, or on the lines below (further
// in, or a sequence at the key's own indentation), or nothing.
func (p *parser[N]) mappingValue(indent, depth int) (n N, ok bool) {
	if depth > p.maxDepth {
		return n, false
	}
	if p.restBlank() {
		empty := p.pos(p.colonEnd)
		if !p.nextContent() {
			return p.b.Empty(empty), !p.failed
		}
		switch {
		case p.indent > indent:
			p.i = p.start + p.indent
			return p.blockNode(depth)
		case p.indent == indent && p.dash(p.start+indent):
			p.i = p.start + indent
			return p.blockSequence(indent, depth)
		}
		return p.b.Empty(empty), true
	}
	switch c := p.at(p.i); {
	case c == '|' || c == '>':
		return p.blockScalar(indent, depth)
	case p.dash(p.i):
		return n, false // "key: - item" is not YAML
	}
	p.flowIndent = indent
	n, ok = p.flowNode(depth, false)
	if !ok || !p.restBlank() {
		return n, false
	}
	p.nextContent()
	return n, !p.failed
}

// keyAhead reports, without moving, whether a mapping key (a scalar and
// a colon) starts at the reading position of a block line.
func (p *parser[N]) keyAhead() bool {
	i := p.i
	_, _, ok := p.key(false)
	p.i = i
	return ok
}

// key reads a mapping key and its colon, plain or quoted, and leaves the
// reading position after the colon (colonEnd records it). A colon must
// be followed by a space or, in block context, the end of the line. The
// merge key "<<" is left to the general parser.
func (p *parser[N]) key(flow bool) (key string, at Pos, ok bool) {
	start := p.i
	at = p.pos(start)
	switch p.at(start) {
	case '\'', '"':
		key, ok = p.quoted()
		if !ok || p.at(p.i) != ':' {
			return "", at, false
		}
	default:
		if !p.plainStart(start, flow) {
			return "", at, false
		}
		end, colon := p.plainEnd(start, flow)
		if !colon {
			return "", at, false
		}
		key = p.text(start, end)
		if key == "<<" {
			return "", at, false
		}
		p.i = end
		p.skipSpaces()
	}
	if p.i-start > maxKey || p.at(p.i) != ':' {
		return "", at, false
	}
	p.i++
	if next := p.at(p.i); next != ' ' && (flow || p.i != p.end) {
		return "", at, false
	}
	p.colonEnd = p.i
	return key, at, true
}
