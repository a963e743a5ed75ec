package drawio

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
)

// node is an XML element as the importer needs it: its name, attributes,
// children, the text of a <diagram> (a compressed page) and where it
// starts.
type node struct {
	name  string
	attrs map[string]string
	kids  []*node
	text  strings.Builder
	pos   diag.Pos
}

func (n *node) attr(name string) string { return n.attrs[name] }

// child returns the first child element of the given name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// budget is what is left of the limits for one file, shared by its
// compressed pages.
type budget struct {
	elements int
	bytes    int // decompressed page text still allowed
}

// parseError is a located problem with the XML itself.
type parseError struct{ d diag.Diagnostic }

func (e *parseError) Error() string { return e.d.Message }

// parseXML reads data into a tree, within the limits: at most
// MaxXMLDepth deep, MaxAttributes on one element, and b.elements
// elements. where places positions: file is the file's name, and for a
// compressed page base is the page's own position (positions inside it
// are then given as "in its compressed text"). encoding/xml expands only
// the five predefined entities and character references, so an entity
// bomb has nothing to expand; a document type declaration is refused.
func parseXML(file string, data []byte, b *budget, base *diag.Pos) (*node, error) {
	loc := newLocator(data)
	at := func(off int64) diag.Pos {
		if base != nil {
			return *base
		}
		line, col := loc.at(int(off))
		return diag.Pos{File: file, Line: line, Column: col}
	}
	inner := func(off int64, msg string) string {
		if base == nil {
			return msg
		}
		line, col := loc.at(int(off))
		return fmt.Sprintf("in the page's compressed text at %d:%d: %s", line, col, msg)
	}
	fail := func(off int64, field, hint, format string, args ...any) error {
		return &parseError{diag.At(at(off), field, hint, "%s", inner(off, fmt.Sprintf(format, args...)))}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var root *node
	var stack []*node
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			msg := err.Error()
			if errors.As(err, &se) {
				msg = se.Msg
			}
			if enc, ok := strings.CutSuffix(msg, " declared but Decoder.CharsetReader is nil"); ok {
				return nil, fail(d.InputOffset(), "", "draw.io writes UTF-8; convert the file to UTF-8",
					"%s declared: only UTF-8 is read", strings.TrimPrefix(enc, "xml: "))
			}
			return nil, fail(d.InputOffset(), "", "the file is not well-formed XML: save it again from draw.io, or export the model again",
				"malformed XML: %s", msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= MaxXMLDepth {
				return nil, fail(off, "", "", "elements are nested more than %d deep; a draw.io file nests about nine", MaxXMLDepth)
			}
			if b.elements--; b.elements < 0 {
				return nil, fail(off, "", "", "more than %d XML elements; iotthreat reads drawings up to that size", MaxXMLElements)
			}
			if len(t.Attr) > MaxAttributes {
				return nil, fail(off, t.Name.Local, "", "element has %d attributes, more than the %d allowed", len(t.Attr), MaxAttributes)
			}
			n := &node{name: t.Name.Local, attrs: make(map[string]string, len(t.Attr)), pos: at(off)}
			for _, a := range t.Attr {
				if a.Name.Space != "" && a.Name.Space != "xmlns" && a.Name.Local != "xmlns" {
					continue // draw.io writes no namespaced attributes; another tool's are not ours
				}
				if _, dup := n.attrs[a.Name.Local]; dup {
					return nil, fail(off, t.Name.Local, "", "attribute %s is given twice", a.Name.Local)
				}
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, fail(off, "", "", "a second top-level element <%s>", t.Name.Local)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			// Only a page's text matters (a compressed page); it is
			// bounded by the file's size.
			if len(stack) > 0 && stack[len(stack)-1].name == "diagram" {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.Directive:
			return nil, fail(off, "", "draw.io writes no document type declarations", "a <!%s> declaration is not allowed", firstWord(t))
		}
	}
	if root == nil {
		return nil, fail(0, "", "export the model with `iotthreat export drawio MODEL -o FILE`", "no XML element in the file (it is empty or not XML)")
	}
	return root, nil
}

func firstWord(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	if len(s) > 20 {
		s = s[:20]
	}
	return s
}

// locator turns byte offsets into 1-based lines and columns (columns
// counted in characters). Offsets are asked for in increasing order, so
// it walks the data once: the cost stays linear even for a file that is
// one long line.
type locator struct {
	data           []byte
	off, line, col int
}

func newLocator(data []byte) *locator { return &locator{data: data, line: 1, col: 1} }

func (l *locator) at(off int) (line, col int) {
	off = max(0, min(off, len(l.data)))
	if off < l.off {
		l.off, l.line, l.col = 0, 1, 1
	}
	for ; l.off < off; l.off++ {
		switch c := l.data[l.off]; {
		case c == '\n':
			l.line, l.col = l.line+1, 1
		case c&0xC0 != 0x80: // not a UTF-8 continuation byte
			l.col++
		}
	}
	return l.line, l.col
}
