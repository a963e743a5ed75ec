package blockyaml

// blockScalar reads a literal (|) or folded (>) scalar whose indicator is
// at the reading position, for a node whose parent stands at
// parentIndent, and leaves the parser on the next content line.
//
// The subset takes the clip and strip chomping indicators ("|", "|-",
// ">", ">-") and lets the indentation be found from the first line. It
// gives up on an explicit indentation or the keep indicator ("+"), and on
// a blank line before the text or one holding more spaces than the
// indentation. Folded text joins two lines with a space, or with as many
// line breaks as there are blank lines between them, unless one of them
// is indented further than the first line: then their breaks are kept,
// as in literal text.
func (p *parser[N]) blockScalar(parentIndent, depth int) (n N, ok bool) {
	if depth > p.maxDepth {
		return n, false
	}
	at := p.pos(p.i)
	literal := p.data[p.i] == '|'
	p.i++
	strip := p.at(p.i) == '-'
	if strip {
		p.i++
	}
	if p.at(p.i) != ' ' && p.i != p.end || !p.restBlank() {
		return n, false
	}
	var out []byte
	indent, breaks := -1, 0 // breaks: blank lines since the last text line
	prevMore := false       // the last text line was indented further than the first
	broken := false         // the last text line ends in a line break
	for {
		if p.last() {
			p.eof = true
			break
		}
		if !p.load(p.next) {
			p.failed = true
			return n, false
		}
		if blank := p.indent == p.end-p.start; blank {
			if indent < 0 || p.indent > indent {
				return n, false
			}
			breaks++
			continue
		}
		if indent < 0 {
			if p.indent <= parentIndent {
				return n, false // no text: left to the general parser
			}
			indent = p.indent
		}
		if p.indent < indent {
			break
		}
		// A line indented further than the first keeps the line breaks
		// around it even in folded text.
		more := p.indent > indent
		switch {
		case out == nil:
			out = make([]byte, 0, 2*(p.end-p.start))
		case !literal && !more && !prevMore:
			if breaks == 0 {
				out = append(out, ' ')
			}
			for range breaks {
				out = append(out, '\n')
			}
		default:
			for range breaks + 1 {
				out = append(out, '\n')
			}
		}
		out = append(out, p.data[p.start+indent:p.end]...)
		breaks, prevMore = 0, more
		broken = !p.last()
	}
	if !strip && broken { // clip keeps the last text line's break, if it has one
		out = append(out, '\n')
	}
	if !p.eof && !p.settle() {
		return n, false
	}
	return p.b.Scalar(string(out), false, at)
}

// settle makes the line that ended a block scalar the current content
// line: a comment or blank line is passed over, as nextContent would.
func (p *parser[N]) settle() bool {
	if p.start+p.indent < p.end && p.data[p.start+p.indent] != '#' {
		if p.indent == 0 && p.marker() {
			p.failed = true
			return false
		}
		return true
	}
	p.nextContent()
	return !p.failed
}
