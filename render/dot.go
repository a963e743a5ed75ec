package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Wrapping widths, in characters, chosen so that a 50-element model stays
// readable: names wrap inside their shape, long data lists stack.
const (
	nameWidth = 22
	dataWidth = 30
)

// DOT writes the diagram in Graphviz's DOT language. The model must be
// valid; rep may be nil (a plain diagram).
func DOT(w io.Writer, l *model.Loaded, rep *engine.Report, opts Options) error {
	d, err := build(l, rep, opts)
	if err != nil {
		return err
	}
	return writeDOT(w, d)
}

func writeDOT(w io.Writer, d *diagram) error {
	b := bufio.NewWriter(w)
	p := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("\t", indent))
		fmt.Fprintf(b, format, args...)
		b.WriteByte('\n')
	}
	p(0, "digraph %s {", dotString(d.title))
	p(1, `graph [rankdir=%s, fontname=%q, fontsize=10, labelloc=t, labeljust=l, nodesep=0.25, ranksep=0.5, pad=0.3, bgcolor="white", outputorder=edgesfirst];`, d.direction, fontName)
	p(1, `node [fontname=%q, fontsize=11, margin="0.12,0.06"];`, fontName)
	p(1, `edge [fontname=%q, fontsize=9, color=%q, fontcolor="#263238", arrowsize=0.7];`, fontName, colorEdge)
	p(1, "label=<%s>;", legend(d))
	// The attributes of nodes and compact flows, most of the bytes, are
	// built one after another in one buffer (p copies them out).
	var scratch []byte
	writeCluster(p, d.top, 1, d.compact, &scratch)
	for _, e := range d.edges {
		writeFlow(p, e, d.compact, &scratch)
	}
	p(0, "}")
	return b.Flush()
}

// writeCluster writes c's nodes and flow labels, then its nested
// boundaries, building node attributes in scratch.
func writeCluster(p func(int, string, ...any), c *cluster, indent int, compact bool, scratch *[]byte) {
	for _, n := range c.nodes {
		*scratch = appendNodeAttrs((*scratch)[:0], n)
		p(indent, "%s [%s];", dotString(n.id), *scratch)
	}
	for _, e := range c.edges {
		if !compact {
			p(indent, "%s [%s];", dotString(labelNode(e)), labelAttrs(e))
		}
	}
	for _, ch := range c.children {
		p(indent, "subgraph %s {", dotString("cluster_"+ch.id))
		p(indent+1, `graph [id=%s, label=<%s>, tooltip=%s, style="dashed,rounded,filled", color=%q, fillcolor=%q, penwidth=1.4, fontsize=11, margin=12];`,
			dotString("boundary-"+ch.id), boundaryLabel(ch), dotString(ch.name+" ("+ch.kind+")"),
			colorBoundary, boundaryFill(ch.depth))
		writeCluster(p, ch, indent+1, compact, scratch)
		p(indent, "}")
	}
}

func boundaryLabel(c *cluster) string {
	return fmt.Sprintf(`<B>%s</B> <FONT COLOR=%q>· %s</FONT>`, htmlText(c.name), colorBoundary, htmlText(c.kind))
}

// appendNodeAttrs appends n's attributes to b.
func appendNodeAttrs(b []byte, n *node) []byte {
	ks := styleOf(n.kind)
	pal := palettes[n.severity]
	style := "filled"
	if ks.style != "" {
		style = ks.style + ",filled"
	}
	penwidth := "1.4"
	if n.focus {
		penwidth = "3"
	}
	attrs := []string{
		"id=" + dotString("element-"+n.id),
		"shape=" + ks.shape,
		"style=" + dotString(style),
		"fillcolor=" + dotString(pal.fill),
		"color=" + dotString(pal.border),
		"penwidth=" + penwidth,
	}
	if ks.periph > 0 {
		attrs = append(attrs, "peripheries="+strconv.Itoa(ks.periph))
	}
	if ks.margin != "" {
		attrs = append(attrs, "margin="+dotString(ks.margin))
	}
	if n.onPath {
		attrs = pathNodeAttrs(attrs)
	}
	// The label and tooltip are most of the bytes: appended in place
	// rather than built as strings and joined.
	for _, a := range attrs {
		b = append(append(b, a...), ", "...)
	}
	b = append(append(append(b, "label=<"...), nodeLabel(n)...), ">, tooltip="...)
	return appendNodeTooltip(b, n)
}

func nodeLabel(n *node) string {
	var lines []string
	for _, l := range wrap(n.name, nameWidth) {
		lines = append(lines, "<B>"+htmlText(l)+"</B>")
	}
	lines = append(lines, fmt.Sprintf(`<FONT POINT-SIZE="9" COLOR=%q>%s</FONT>`, colorCaption, htmlText(n.kind)))
	if n.open > 0 {
		lines = append(lines, fmt.Sprintf(`<FONT POINT-SIZE="9">%s, worst %s</FONT>`, openCount(n.open), n.severity))
	}
	return strings.Join(lines, "<BR/>")
}

func openCount(n int) string {
	if n == 1 {
		return "1 open finding"
	}
	return strconv.Itoa(n) + " open findings"
}

// appendNodeTooltip appends what an SVG viewer shows on hover, quoted:
// the element, what it is, and its open findings.
func appendNodeTooltip(b []byte, n *node) []byte {
	head := n.name + " (" + n.id + ", " + n.kind + ")"
	if n.name == n.id {
		head = n.id + " (" + n.kind + ")"
	}
	lines := make([]string, 0, 3+len(n.findings))
	lines = append(lines, head)
	if n.description != "" {
		lines = append(lines, n.description)
	}
	lines = append(lines, n.findings...)
	if more := n.open - len(n.findings); more > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", more))
	}
	return appendDotLines(b, lines...)
}

// legend is the graph label: the title, then what the colours mean.
func legend(d *diagram) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">`)
	fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16"><B>%s</B></FONT></TD></TR>`, htmlText(d.title))
	var row []string
	if d.findings {
		row = append(row, `<TD ALIGN="LEFT">Worst open finding:</TD>`)
		for _, s := range d.bySev {
			pal := palettes[s.severity]
			row = append(row, fmt.Sprintf(`<TD BGCOLOR=%q COLOR=%q BORDER="1" STYLE="rounded">%s (%d)</TD>`,
				pal.fill, pal.border, s.severity, s.elements))
		}
	}
	if d.compact {
		flows := 0
		for _, e := range d.edges {
			flows += len(e.ids)
		}
		row = append(row, fmt.Sprintf(`<TD ALIGN="LEFT">%d flows, too many to label: hover over a flow for its protocol and data, or focus on an element</TD>`, flows))
	}
	if d.crossing > 0 {
		row = append(row, fmt.Sprintf(`<TD ALIGN="LEFT"><FONT COLOR=%q><B>- - - &gt;</B> boundary crossed without encryption (%d)</FONT></TD>`,
			colorUnencrypted, d.crossing))
	}
	if d.path != nil {
		row = append(row, pathLegendCell(d.path))
	}
	if len(row) > 0 {
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>%s</TR></TABLE></TD></TR>`,
			strings.Join(row, ""))
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}
