package tm7

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
)

// Limits on the XML itself, beyond interchange.MaxInputBytes. A .tm7
// file of a few dozen shapes is about 1 MB and 13,000 elements, nested 10
// deep, most of them the template copy; the bounds are far above any file
// the tool writes and keep memory and time proportional to them.
const (
	// MaxElements bounds the XML elements of the whole file, read or
	// skipped.
	MaxElements = 2_000_000
	// MaxKept bounds the elements kept in memory to be converted: all of
	// them but the template copy (KnowledgeBase), which is skipped.
	MaxKept = 500_000
	// MaxDepth bounds the nesting of elements; the tool writes 10 levels.
	MaxDepth = 64
	// MaxAttributes bounds the attributes (namespace declarations
	// included) of one element; the tool writes at most 4.
	MaxAttributes = 64
)

// xmlNS is the namespace of XML Schema instance attributes (i:type, i:nil).
const xmlNS = "http://www.w3.org/2001/XMLSchema-instance"

// node is one kept XML element: its local name (namespaces are ignored:
// the tool's files declare the same names in several namespaces), its
// xsi:type and xsi:nil, its own text and its child elements, and where
// it starts in the file.
type node struct {
	name  string
	typ   string
	isNil bool
	text  string
	kids  []*node
	off   int64
}

// child is the first child element of that local name, or nil.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// str is the trimmed text of the child of that name ("" when absent or nil).
func (n *node) str(name string) string {
	c := n.child(name)
	if c == nil || c.isNil {
		return ""
	}
	return strings.TrimSpace(c.text)
}

// parser reads a file into nodes, within the limits.
type parser struct {
	where  *position.Index
	shift  int64 // bytes dropped before decoding (a byte-order mark)
	dec    *xml.Decoder
	seen   int
	kept   int
	broken diag.List
}

// pos locates an offset of the decoded text (after any byte-order mark)
// as line:column of the file, the column in bytes as the decoder counts.
func (p *parser) pos(off int64) diag.Pos { return p.where.At(off + p.shift) }

// parseXML reads the document's root element and everything under it but
// the knowledge base. Any XML error, a DOCTYPE (entities could multiply
// the input), or a limit passed ends the read with one located error.
func parseXML(file string, data []byte) (*node, diag.List) {
	p := &parser{where: position.New(file, data)}
	body := data
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		body, p.shift = body[3:], 3
	case bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff")):
		return nil, diag.List{diag.At(p.pos(0), "", "save the file from the Threat Modeling Tool again, or convert it to UTF-8",
			"the file is UTF-16; this reads UTF-8 .tm7 files")}
	}
	p.dec = xml.NewDecoder(bytes.NewReader(body))
	p.dec.Strict = true
	// No CharsetReader: a declared encoding other than UTF-8 is an error,
	// not a conversion. No Entity map: only XML's five entities are known.
	var root *node
	for {
		off := p.dec.InputOffset()
		tok, err := p.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil {
				return nil, diag.List{diag.At(p.pos(off), t.Name.Local, "a .tm7 file has one root element, ThreatModel", "a second root element")}
			}
			if root = p.element(t, off, 1, true); root == nil {
				return nil, p.broken
			}
		case xml.Directive:
			if d := p.directive(t, off); d != nil {
				return nil, d
			}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, diag.List{diag.At(p.pos(off), "", "a .tm7 file is one XML element, ThreatModel", "text outside the root element")}
			}
		}
	}
	if root == nil {
		return nil, diag.List{diag.At(p.pos(p.dec.InputOffset()), "", "open the file in the Microsoft Threat Modeling Tool and save it again",
			"no XML element: not a .tm7 file")}
	}
	return root, nil
}

// directive refuses a DOCTYPE (and any other <!...> declaration).
func (p *parser) directive(d xml.Directive, off int64) diag.List {
	word := strings.Fields(string(d))
	what := "declaration"
	if len(word) > 0 {
		what = word[0]
	}
	return diag.List{diag.At(p.pos(off), "", "the Threat Modeling Tool writes no DOCTYPE; remove it",
		"<!%s ...> is not allowed: document types and entities are refused", what)}
}

// syntax turns a decoder error into a located diagnostic at the offset
// the decoder had reached.
func (p *parser) syntax(err error) diag.List {
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || msg == "unexpected EOF" {
		msg = "the file ends inside an element"
	}
	return diag.List{diag.At(p.pos(p.dec.InputOffset()), "", "the file is not well-formed XML; save it again from the Threat Modeling Tool",
		"XML: %s", msg)}
}

// element reads the element that start opened, to its end. keep says
// whether to build its node; a skipped element is still counted and its
// depth checked. It returns nil (with p.broken set) on an error.
func (p *parser) element(start xml.StartElement, off int64, depth int, keep bool) *node {
	if p.seen++; p.seen > MaxElements {
		p.fail(off, start.Name.Local, "split the model", "more than %d XML elements: the import limit", MaxElements)
		return nil
	}
	if depth > MaxDepth {
		p.fail(off, start.Name.Local, "the Threat Modeling Tool nests elements about 10 deep", "elements nested more than %d deep: the import limit", MaxDepth)
		return nil
	}
	if len(start.Attr) > MaxAttributes {
		p.fail(off, start.Name.Local, "the Threat Modeling Tool writes a few attributes per element", "%d attributes on one element, over the limit of %d", len(start.Attr), MaxAttributes)
		return nil
	}
	if keep && start.Name.Local == "KnowledgeBase" && depth == 2 {
		keep = false // the template copy: most of the file, not needed
	}
	var n *node
	var text strings.Builder
	if keep {
		if p.kept++; p.kept > MaxKept {
			p.fail(off, start.Name.Local, "split the model", "more than %d XML elements outside the knowledge base: the import limit", MaxKept)
			return nil
		}
		n = &node{name: start.Name.Local, off: off + p.shift}
		for _, a := range start.Attr {
			if a.Name.Space == xmlNS && a.Name.Local == "type" {
				n.typ = a.Value
			}
			if a.Name.Space == xmlNS && a.Name.Local == "nil" {
				n.isNil = a.Value == "true"
			}
		}
	} else {
		n = skipped
	}
	for {
		off := p.dec.InputOffset()
		tok, err := p.dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			p.broken = p.syntax(err)
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			k := p.element(t, off, depth+1, keep)
			if k == nil {
				return nil
			}
			if keep {
				n.kids = append(n.kids, k)
			}
		case xml.EndElement:
			if keep {
				n.text = text.String()
			}
			return n
		case xml.CharData:
			if keep {
				text.Write(t)
			}
		case xml.Directive:
			p.broken = p.directive(t, off)
			return nil
		}
	}
}

func (p *parser) fail(off int64, field, hint, format string, args ...any) {
	p.broken = diag.List{diag.At(p.pos(off), field, hint, "%s", fmt.Sprintf(format, args...))}
}

// skipped stands for an element read but not kept: not nil, so that the
// caller sees no error.
var skipped = &node{}
