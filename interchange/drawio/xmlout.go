package drawio

import (
	"bufio"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlWriter writes indented XML, attribute values escaped (line breaks as
// character references, so an attribute keeps them: a parser turns a raw
// line break in an attribute into a space).
type xmlWriter struct {
	w     *bufio.Writer
	depth int
}

// attr is one attribute; an empty value is left out unless keep is set.
type attr struct {
	name, value string
	keep        bool
}

func a(name, value string) attr      { return attr{name: name, value: value} }
func always(name, value string) attr { return attr{name: name, value: value, keep: true} }
func num(name string, v float64) attr {
	return always(name, strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64))
}

func (x *xmlWriter) start(name string, attrs []attr, empty bool) {
	x.w.WriteString(strings.Repeat("  ", x.depth))
	x.w.WriteString("<" + name)
	for _, at := range attrs {
		if at.value == "" && !at.keep {
			continue
		}
		x.w.WriteString(" " + at.name + `="`)
		x.w.WriteString(escapeAttr(at.value))
		x.w.WriteByte('"')
	}
	if empty {
		x.w.WriteString("/>\n")
		return
	}
	x.w.WriteString(">\n")
	x.depth++
}

func (x *xmlWriter) open(name string, attrs ...attr)  { x.start(name, attrs, false) }
func (x *xmlWriter) empty(name string, attrs ...attr) { x.start(name, attrs, true) }

func (x *xmlWriter) close(name string) {
	x.depth--
	x.w.WriteString(strings.Repeat("  ", x.depth) + "</" + name + ">\n")
}

// escapeAttr escapes an attribute value as draw.io does (&quot;, and line
// breaks and tabs as character references, which a parser keeps where it
// would turn a raw one into a space). A character XML cannot hold at all
// becomes U+FFFD; the cells' JSON data never has one (see xmlSafe).
func escapeAttr(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\n':
			b.WriteString("&#xa;")
		case r == '\r':
			b.WriteString("&#xd;")
		case r == '\t':
			b.WriteString("&#x9;")
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
