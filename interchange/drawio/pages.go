package drawio

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"io"
	"net/url"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
)

// page is one page of a drawing: its name and the cells of its model, in
// file order.
type page struct {
	name  string
	pos   diag.Pos
	cells []*cell
}

// cell is an mxCell with the attributes of the <object> (or <UserObject>)
// around it, if any: where draw.io keeps custom properties.
type cell struct {
	id, parent, source, target string
	vertex, edge               bool
	label                      string
	custom                     map[string]string // the object's attributes; nil for a bare mxCell
	pos                        diag.Pos
}

const notDrawio = "iotthreat imports .drawio files it exported (`iotthreat export drawio MODEL -o FILE`); " +
	"a .drawio.svg or .drawio.png must first be saved as .drawio from draw.io"

// pagesOf reads the pages of an mxfile (or of a bare mxGraphModel, which
// draw.io also opens), inflating compressed ones within b.
func pagesOf(file string, root *node, b *budget) ([]*page, diag.List) {
	switch root.name {
	case "mxGraphModel":
		p, d := cellsOf(root, "")
		return []*page{p}, d
	case "mxfile":
	default:
		return nil, diag.List{diag.At(root.pos, "", notDrawio, "<%s> is not a draw.io file: expected <mxfile>", root.name)}
	}
	var pages []*page
	var diags diag.List
	for _, k := range root.kids {
		if k.name != "diagram" {
			continue
		}
		if len(pages) == MaxPages {
			return nil, diag.List{diag.At(k.pos, "diagram", "", "more than %d pages", MaxPages)}
		}
		gm := k.child("mxGraphModel")
		if gm == nil {
			var err error
			if gm, err = inflate(file, k, b); err != nil {
				return nil, append(diags, diagOf(err))
			}
		}
		p, d := cellsOf(gm, k.attr("name"))
		p.pos = k.pos
		pages = append(pages, p)
		diags = append(diags, d...)
	}
	if len(pages) == 0 {
		return nil, diag.List{diag.At(root.pos, "mxfile", notDrawio, "the file has no pages (<diagram> elements)")}
	}
	return pages, diags
}

// inflate reads a compressed page: its text is base64 of raw DEFLATE of
// the URI-encoded mxGraphModel (what draw.io writes with compression on).
// The inflated text counts against b.bytes, so a small file cannot
// expand without bound.
func inflate(file string, d *node, b *budget) (*node, error) {
	text := strings.TrimSpace(d.text.String())
	fail := func(format string, args ...any) error {
		return &parseError{diag.At(d.pos, "diagram", "save the file again from draw.io, or export the model again",
			format, args...)}
	}
	if text == "" {
		return nil, fail("the page has neither an <mxGraphModel> nor compressed content")
	}
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, fail("the page's compressed content is not base64: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), int64(b.bytes)+1))
	if err != nil {
		return nil, fail("the page's compressed content does not inflate: %v", err)
	}
	if len(out) > b.bytes {
		return nil, fail("the page's compressed content inflates to more than the %d-byte import limit", MaxInflated)
	}
	b.bytes -= len(out)
	xmlText, err := url.PathUnescape(string(out))
	if err != nil {
		return nil, fail("the page's compressed content is not URI-encoded text: %v", err)
	}
	n, err := parseXML(file, []byte(xmlText), b, &d.pos)
	if err != nil {
		return nil, err
	}
	if n.name != "mxGraphModel" {
		return nil, fail("the page's compressed content is <%s>, not <mxGraphModel>", n.name)
	}
	return n, nil
}

// cellsOf lists the cells of a graph model.
func cellsOf(gm *node, name string) (*page, diag.List) {
	p := &page{name: name, pos: gm.pos}
	r := gm.child("root")
	if r == nil {
		return p, diag.List{diag.At(gm.pos, "mxGraphModel", notDrawio, "the page has no <root>")}
	}
	var diags diag.List
	for _, k := range r.kids {
		var c *cell
		switch k.name {
		case "mxCell":
			c = cellFrom(k, nil)
			c.label = k.attr("value")
		case "object", "UserObject":
			mc := k.child("mxCell")
			if mc == nil {
				diags = append(diags, diag.At(k.pos, k.name, "draw.io wraps one <mxCell> in each <object>",
					"<%s id=%q> has no <mxCell>", k.name, k.attr("id")))
				continue
			}
			c = cellFrom(mc, k.attrs)
			c.id, c.label, c.pos = k.attr("id"), k.attr("label"), k.pos
		default:
			continue
		}
		p.cells = append(p.cells, c)
	}
	return p, diags
}

func cellFrom(n *node, custom map[string]string) *cell {
	return &cell{id: n.attr("id"), parent: n.attr("parent"), source: n.attr("source"), target: n.attr("target"),
		vertex: n.attr("vertex") == "1", edge: n.attr("edge") == "1", custom: custom, pos: n.pos}
}

func diagOf(err error) diag.Diagnostic {
	if pe, ok := err.(*parseError); ok {
		return pe.d
	}
	return diag.Diagnostic{Message: err.Error()}
}
