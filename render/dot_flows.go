package render

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writeFlow writes the edges of one flow, building compact attributes
// in scratch.
func writeFlow(p func(int, string, ...any), e *edge, compact bool, scratch *[]byte) {
	if compact {
		*scratch = appendCompactAttrs((*scratch)[:0], e)
		p(1, "%s -> %s [%s];", dotString(e.from), dotString(e.to), *scratch)
		return
	}
	from, to := edgeAttrs(e)
	if e.reversed {
		p(1, "%s -> %s [%s];", dotString(e.to), dotString(labelNode(e)), to)
		p(1, "%s -> %s [%s];", dotString(labelNode(e)), dotString(e.from), from)
		return
	}
	p(1, "%s -> %s [%s];", dotString(e.from), dotString(labelNode(e)), from)
	p(1, "%s -> %s [%s];", dotString(labelNode(e)), dotString(e.to), to)
}

// lineAttrs are the attributes that mark a flow's line.
func lineAttrs(e *edge) []string {
	switch {
	case e.onPath:
		return pathLineAttrs(e)
	case e.unencrypted:
		return []string{"color=" + dotString(colorUnencrypted), `style=dashed`, "penwidth=2.2"}
	case e.human:
		return []string{`color="#90a4ae"`}
	}
	return nil
}

// appendCompactAttrs appends the attributes that draw a flow as one
// unlabelled edge, for diagrams with more than MaxLabelledFlows flows:
// Graphviz lays labels out as extra nodes,
// which at that size costs seconds and makes the drawing more than twice
// as tall, for labels nobody can read at once. The tooltip keeps them.
// Compact edges keep the model's direction (see edge.reversed): without
// label nodes Graphviz routes edges against the layers well, and
// reversing them measured slower.
func appendCompactAttrs(b []byte, e *edge) []byte {
	b = appendDotLines(append(b, "id="...), "flow-"+e.id)
	b = appendDotLines(append(b, ", tooltip="...), edgeTooltip(e))
	for _, a := range lineAttrs(e) {
		b = append(append(b, ", "...), a...)
	}
	if e.bidirectional {
		b = append(b, ", dir=both"...)
	}
	return b
}

// A flow is drawn as two edges through a node holding its label: the
// label then sits on its line, in front of every other line (nodes are
// drawn after edges), and Graphviz keeps it clear of other nodes and
// labels. Element ids cannot contain "@", so label node names never
// clash with them.
func labelNode(e *edge) string { return "flow@" + e.id }

// edgeAttrs returns the attributes of the edge between the flow's source
// and its label node, and of the edge between the label node and the
// destination. A reversed flow's edges point the other way in the DOT,
// so their arrow directions are swapped to keep the drawn arrows right.
func edgeAttrs(e *edge) (string, string) {
	common := append([]string{"tooltip=" + dotString(edgeTooltip(e))}, lineAttrs(e)...)
	// Arrows: one where the flow arrives, one where it starts when data
	// flows back too. "forward" puts it at the DOT edge's head.
	fromDir, toDir := "none", "forward"
	if e.bidirectional {
		fromDir = "back"
	}
	if e.reversed {
		fromDir, toDir = reverseDir(fromDir), reverseDir(toDir)
	}
	from := append([]string{"id=" + dotString("flow-"+e.id+"-from"), "dir=" + fromDir}, common...)
	to := append([]string{"id=" + dotString("flow-"+e.id+"-to"), "dir=" + toDir}, common...)
	return strings.Join(from, ", "), strings.Join(to, ", ")
}

func reverseDir(dir string) string {
	switch dir {
	case "forward":
		return "back"
	case "back":
		return "forward"
	}
	return dir
}

func labelAttrs(e *edge) string {
	border := `BORDER="0"`
	if e.unencrypted {
		border = fmt.Sprintf(`BORDER="1" COLOR=%q STYLE="dashed"`, colorUnencrypted)
	}
	table := fmt.Sprintf(`<TABLE %s CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" BGCOLOR="white"><TR><TD>%s</TD></TR></TABLE>`,
		border, edgeLabel(e))
	attrs := []string{"id=" + dotString("flow-"+e.id), "shape=plain", "fontsize=9", "label=<" + table + ">",
		"tooltip=" + dotString(edgeTooltip(e))}
	if e.unencrypted {
		attrs = append(attrs, "fontcolor="+dotString(colorUnencrypted))
	}
	return strings.Join(attrs, ", ")
}

// edgeLabel is the protocol (with port and encryption) over the data ids.
func edgeLabel(e *edge) string {
	lines := labelLines(e)
	for i := range lines {
		lines[i] = htmlText(lines[i])
	}
	lines[0] = "<B>" + htmlText(e.protocol) + "</B>" + lines[0]
	return strings.Join(lines, "<BR/>")
}

// labelLines lays out a flow's label as plain text: the first line is
// what follows the protocol (written bold by each format) — the port,
// the protection and the first data — and further lines continue the
// data, wrapped at dataWidth.
func labelLines(e *edge) []string {
	first := ""
	if e.port > 0 {
		first += ":" + strconv.Itoa(e.port)
	}
	switch {
	case e.unencrypted:
		first += " UNENCRYPTED"
	case !e.human:
		first += " (" + e.encryption + ")"
	}
	lines := joinWrapped(utf8.RuneCountInString(e.protocol+first)+1, e.data, dataWidth)
	if lines[0] != "" {
		first += " " + lines[0]
	}
	lines[0] = first
	if e.via != "" {
		lines = append(lines, "via "+e.via)
	}
	return lines
}

// edgeTooltip names every flow the edge draws, then what they share.
func edgeTooltip(e *edge) string {
	var names []string
	for i, id := range e.ids {
		if e.names[i] != id {
			names = append(names, e.names[i]+" ("+id+")")
		} else {
			names = append(names, id)
		}
	}
	s := strings.Join(names, "; ") + ": " + e.from + " → " + e.to + ", " + e.protocol
	if !e.human {
		s += ", encryption " + e.encryption
	}
	if len(e.data) > 0 {
		s += "; data: " + strings.Join(e.data, ", ")
	}
	if e.via != "" {
		s += "; travels via " + e.via
	}
	if e.unencrypted {
		s += "; crosses a trust boundary unencrypted"
	}
	return s
}
