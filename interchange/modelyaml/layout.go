package modelyaml

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// layoutValue chooses flow or block style for n and what it holds. col is
// the column n starts at when written on its line (after "key: " or
// "- "), indent the column a block's content starts at. A list or
// mapping goes on one line (flow style) when that line ends by MaxWidth
// and nothing inside it carries a comment or nests deeper than
// maxFlowDepth; otherwise it is a block and
// its children are laid out in turn. Top-level sections (flow false) are
// always blocks, as people write them.
func layoutValue(n *yaml.Node, col, indent int, flow bool) {
	if n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
		return
	}
	if len(n.Content) == 0 || flow && depth(n) <= maxFlowDepth && !listOfCollections(n) && fits(n, MaxWidth-col) {
		n.Style = yaml.FlowStyle
		return
	}
	n.Style = 0
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := utf8.RuneCountInString(n.Content[i].Value)
			layoutValue(n.Content[i+1], indent+key+2, indent+2, true)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			layoutValue(item, indent+2, indent+2, true)
		}
	}
}

// maxFlowDepth is how deeply a line may nest: an item whose values are
// words or lists of words ({id: a, stores: [x, y]}) reads well on one
// line, a list of mappings inside one ({elements: [{id: a}]}) does not.
const maxFlowDepth = 2

// depth is how deeply n nests lists and mappings: 0 for a scalar, 1 for a
// list of scalars, 2 for a mapping holding a list.
func depth(n *yaml.Node) int {
	d := 0
	for _, c := range n.Content {
		d = max(d, depth(c))
	}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		d++
	}
	return d
}

// listOfCollections says whether n is a list of lists or mappings,
// which people write one item a line however short.
func listOfCollections(n *yaml.Node) bool {
	return n.Kind == yaml.SequenceNode && slices.ContainsFunc(n.Content, func(c *yaml.Node) bool { return c.Kind != yaml.ScalarNode })
}

// fits says whether n written in flow style is one line of at most width
// columns. The width is summed from the parts ({, key: value, ", ", }),
// each scalar as the YAML encoder would write it (see scalarWidth), so
// that choosing a layout costs no encoding of whole items.
func fits(n *yaml.Node, width int) bool {
	if width <= 0 || hasInnerComments(n) {
		return false
	}
	w, ok := flowWidth(n, width)
	return ok && w <= width
}

// flowWidth is the width of n in flow style, stopping (ok false) past
// limit or at text that would not stay on one line.
func flowWidth(n *yaml.Node, limit int) (int, bool) {
	if n.Kind == yaml.ScalarNode {
		w := scalarWidth(n)
		return w, w >= 0 && w <= limit
	}
	w := 2 // the brackets
	for i, c := range n.Content {
		if i > 0 {
			w += 2 // ": " after a key, ", " after a value or list item
		}
		cw, ok := flowWidth(c, limit-w)
		if !ok {
			return 0, false
		}
		w += cw
		if w > limit {
			return 0, false
		}
	}
	return w, true
}

// scalarWidth is how many columns the encoder takes to write a scalar in
// flow style, or -1 when it would not fit on a line. Words the encoder
// writes as they are (letters, digits, spaces and -_./@ starting with a
// letter, and not a word YAML reads as a boolean or null) are counted
// directly; anything else is measured by encoding it.
func scalarWidth(n *yaml.Node) int {
	if n.Tag != "!!str" || plainWord(n.Value) {
		return utf8.RuneCountInString(n.Value)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	flow := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{{Kind: n.Kind, Tag: n.Tag, Value: n.Value}}}
	if enc.Encode(flow) != nil || enc.Close() != nil {
		return -1
	}
	line := strings.TrimSuffix(b.String(), "\n")
	if strings.Contains(line, "\n") {
		return -1
	}
	return utf8.RuneCountInString(line) - 2 // without [ and ]
}

// plainWord says whether the encoder writes s unquoted in flow style
// (conservatively: false only costs an encoding).
func plainWord(s string) bool {
	if s == "" || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i == 0:
			return false
		case c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '/', c == '@':
		case c == ' ' && s[i-1] != ' ':
		default:
			return false
		}
	}
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off", "true", "false", "null":
		return false
	}
	return true
}

// hasInnerComments says whether anything inside n carries a comment,
// which a flow line cannot hold.
func hasInnerComments(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.HeadComment != "" || c.LineComment != "" || c.FootComment != "" || hasInnerComments(c) {
			return true
		}
	}
	return false
}
