package strictyaml

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/iotthreat/iotthreat/diag"
)

// converter turns a go.yaml.in/yaml/v3 node tree into our Node tree,
// resolving aliases and merge keys and accounting for their expanded size.
type converter struct {
	file    string
	lim     Limits
	diags   diag.List
	stopped bool
	// done maps anchored nodes to their conversion, so an alias shares it.
	done map[*yaml.Node]*Node
	// merged indexes, per mapping under construction, the entries that
	// came from a merge key, so that later explicit keys replace them
	// without a quadratic search.
	merged map[*Node]map[string]int
	work   int // merge entries visited, bounded by MaxNodes
	// text counts the bytes of keys and scalars converted so far, each
	// alias adding its target's, against textBudget (Limits.TextBudget
	// of the whole input).
	text, textBudget int
	// quiet is set while a merge key's value is converted: what it adds
	// is counted as it is added, since a merge keeps only the keys the
	// mapping does not set (merging a list of 145 aliases of one mapping
	// adds that mapping's keys once).
	quiet bool
	// lineOffset is added to every line: a piece of a split document
	// (see parseSplit) starts that many lines into the file.
	lineOffset int
}

func (c *converter) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: c.file, Line: n.Line + c.lineOffset, Column: n.Column}
}

func (c *converter) fail(n *yaml.Node, hint, format string, args ...any) *Node {
	if !c.stopped {
		c.diags.Add(c.pos(n), "", hint, format, args...)
	}
	return &Node{Kind: Null, Pos: c.pos(n)}
}

func (c *converter) convert(n *yaml.Node, depth int) *Node {
	if c.stopped || n == nil {
		return &Node{Kind: Null}
	}
	if depth > c.lim.MaxDepth {
		c.fail(n, "a model never needs this depth", "nesting deeper than %d levels", c.lim.MaxDepth)
		c.stopped = true
		return &Node{Kind: Null}
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.alias(n, depth)
	case yaml.ScalarNode:
		return c.scalar(n)
	case yaml.SequenceNode:
		if bad := c.checkTag(n, "!!seq"); bad != nil {
			return bad
		}
		out := &Node{Kind: Sequence, Pos: c.pos(n), size: 1, Items: make([]*Node, 0, len(n.Content))}
		c.remember(n, out)
		for _, item := range n.Content {
			child := c.convert(item, depth+1)
			out.Items = append(out.Items, child)
			out.size = c.grow(out.size, child.size, item)
			out.text = c.sumText(out.text, child.text)
		}
		return out
	case yaml.MappingNode:
		return c.mapping(n, depth)
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return c.convert(n.Content[0], depth)
		}
	}
	return &Node{Kind: Null, Pos: c.pos(n), size: 1}
}

// remember records an anchored node's conversion before its children are
// converted, so an alias inside it (a cycle) finds it instead of looping.
func (c *converter) remember(n *yaml.Node, out *Node) {
	if n.Anchor != "" {
		c.done[n] = out
	}
}

func (c *converter) alias(n *yaml.Node, depth int) *Node {
	target := n.Alias
	if target == nil {
		return c.fail(n, "define the anchor (&"+n.Value+") before using it", "unknown alias *%s", n.Value)
	}
	conv, ok := c.done[target]
	if !ok {
		conv = c.convert(target, depth) // counts its text once, as written
	} else {
		c.addText(conv.text, n)
	}
	use := *conv
	use.Pos, use.aliased = c.pos(n), true
	return &use
}

// checkTag refuses explicit tags other than the standard one for the node.
func (c *converter) checkTag(n *yaml.Node, standard string) *Node {
	if n.Tag == "" || n.Tag == standard || n.Style&yaml.TaggedStyle == 0 {
		return nil
	}
	return c.fail(n, "remove the tag; model files use plain YAML values", "unsupported YAML tag %s", n.Tag)
}

func (c *converter) scalar(n *yaml.Node) *Node {
	out := &Node{Kind: Scalar, Value: n.Value, Pos: c.pos(n), size: 1}
	if !out.resolve(n.ShortTag()) {
		return c.fail(n, "remove the tag; model files use plain YAML values", "unsupported YAML tag %s", n.Tag)
	}
	c.addText(out.text, n)
	c.remember(n, out)
	return out
}

// resolve gives scalar n, holding its text as written, the kind and tag
// of the YAML type yaml.v3 resolved it to ("!!int", "!!null", ...), and
// counts its text. Both readers, the converter and the fast one, type
// scalars here. It reports false for a type model files do not use.
func (n *Node) resolve(yamlTag string) bool {
	switch yamlTag {
	case "!!null":
		n.Kind, n.Tag, n.Value = Null, "", ""
	case "!!int":
		n.Tag = TagInt
	case "!!float":
		n.Tag = TagFloat
	case "!!bool":
		n.Tag, n.Value = TagBool, boolText(n.Value)
	case "!!str", "!!timestamp", "!!merge":
		n.Tag = TagStr
	default:
		return false
	}
	n.text = len(n.Value) // a null ("~", "null") holds no text
	return true
}

// boolText normalises the YAML 1.2 spellings True/TRUE to true.
func boolText(s string) string {
	switch s {
	case "true", "True", "TRUE":
		return "true"
	}
	return "false"
}

func (c *converter) mapping(n *yaml.Node, depth int) *Node {
	if bad := c.checkTag(n, "!!map"); bad != nil {
		return bad
	}
	out := &Node{Kind: Mapping, Pos: c.pos(n), size: 1, Pairs: make([]Pair, 0, len(n.Content)/2)}
	if len(n.Content) > 0 && n.Style&yaml.FlowStyle == 0 {
		out.Pos = c.pos(n.Content[0]) // a block mapping starts at its first key
	}
	c.remember(n, out)
	var index map[string]*yaml.Node // keys seen, once the mapping is large
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			c.merge(out, k, v, depth)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.fail(k, "use a plain word as the key", "mapping keys must be strings")
			continue
		}
		if prev := c.duplicate(n, i, k.Value, &index); prev != nil {
			c.fail(k, "each key may appear once in a mapping; merge the two entries",
				"YAML syntax error: mapping key %q already defined at line %d, column %d", k.Value, prev.Line, prev.Column)
			continue
		}
		key := &Node{Kind: Scalar, Tag: TagStr, Value: k.Value, Pos: c.pos(k), size: 1, text: len(k.Value)}
		c.addText(len(k.Value), k)
		value := c.convert(v, depth+1)
		if value.Kind == Null && value.Pos.Line == 0 {
			value.Pos = key.Pos
		}
		c.addPair(out, key, value, k)
	}
	return out
}

// duplicate finds an earlier key equal to key among the first i entries of
// n: a linear scan for small mappings, an index once they grow.
func (c *converter) duplicate(n *yaml.Node, i int, key string, index *map[string]*yaml.Node) *yaml.Node {
	if i < 32 {
		for j := 0; j < i; j += 2 {
			if k := n.Content[j]; k.Kind == yaml.ScalarNode && k.Value == key && k.ShortTag() != "!!merge" {
				return k
			}
		}
		return nil
	}
	if *index == nil {
		*index = make(map[string]*yaml.Node, len(n.Content)/2)
		for j := 0; j < i; j += 2 {
			if k := n.Content[j]; k.Kind == yaml.ScalarNode && k.ShortTag() != "!!merge" {
				(*index)[k.Value] = k
			}
		}
	}
	if prev, ok := (*index)[key]; ok {
		return prev
	}
	(*index)[key] = n.Content[i]
	return nil
}

func (c *converter) addPair(out *Node, key, value *Node, at *yaml.Node) {
	out.size = c.grow(out.size, key.size+value.size, at)
	out.text = c.sumText(out.text, key.text+value.text)
	// An existing entry with this key can only come from a merge (<<):
	// duplicates are refused above. The explicit key overrides it.
	if i, ok := c.merged[out][key.Value]; ok {
		out.Pairs[i] = Pair{Key: key, Value: value}
		return
	}
	out.Pairs = append(out.Pairs, Pair{Key: key, Value: value})
}

// merge applies a YAML merge key (<<: *base): entries of the merged
// mappings are added unless the mapping sets them itself.
func (c *converter) merge(out *Node, k, v *yaml.Node, depth int) {
	quiet := c.quiet
	c.quiet = true
	src := c.convert(v, depth+1)
	c.quiet = quiet
	sources := []*Node{src}
	if src.Kind == Sequence {
		sources = src.Items
	}
	present := make(map[string]bool, len(out.Pairs))
	for _, p := range out.Pairs {
		present[p.Key.Value] = true
	}
	if c.merged == nil {
		c.merged = map[*Node]map[string]int{}
	}
	if c.merged[out] == nil {
		c.merged[out] = map[string]int{}
	}
	for _, s := range sources {
		if s.Kind != Mapping {
			c.fail(k, "merge a mapping or a list of mappings", "<< merges mappings, found %s", s.Describe())
			return
		}
		// Count the pairs visited, not only those added: merging one big
		// mapping many times must cost against the budget too.
		c.work += len(s.Pairs)
		if c.work > c.lim.MaxNodes && !c.stopped {
			c.fail(k, "merge keys (<<) here repeat an enormous amount of work; refuse to load it",
				"merges visit more than %d entries", c.lim.MaxNodes)
			c.stopped = true
			return
		}
		for _, p := range s.Pairs {
			if !present[p.Key.Value] {
				present[p.Key.Value] = true
				c.merged[out][p.Key.Value] = len(out.Pairs)
				out.Pairs = append(out.Pairs, p)
				out.size = c.grow(out.size, p.Key.size+p.Value.size, k)
				out.text = c.sumText(out.text, p.Key.text+p.Value.text)
				c.addText(p.Key.text+p.Value.text, k)
			}
		}
	}
}

// grow adds child sizes and stops the conversion when the expanded
// document exceeds MaxNodes: this is what refuses a billion-laughs input.
func (c *converter) grow(size, add int, at *yaml.Node) int {
	size += add
	if size > c.lim.MaxNodes && !c.stopped {
		c.fail(at, "aliases (*name) here expand to an enormous document; refuse to load it",
			"document expands to more than %d nodes through aliases", c.lim.MaxNodes)
		c.stopped = true
	}
	return min(size, c.lim.MaxNodes+1)
}

// addText counts n more bytes of expanded text, written at or repeated by
// the alias at, and stops the conversion when the document's text goes
// over its budget: a file of one long string and thousands of aliases to
// it has few nodes but expands to gigabytes.
func (c *converter) addText(n int, at *yaml.Node) {
	if c.quiet {
		return
	}
	c.text = min(c.text+n, c.textBudget+1)
	if c.text > c.textBudget && !c.stopped {
		factor, slack := c.lim.textTerms()
		c.fail(at, fmt.Sprintf("aliases (*name) here repeat long text; write it once, or shorten it (the limit is %d × the file's size + %d bytes)", factor, slack),
			"document expands to more than %d bytes of text through aliases", c.textBudget)
		c.stopped = true
	}
}

// sumText adds a child's text to its parent's, saturating past the
// budget so that sums of repeated aliases cannot overflow.
func (c *converter) sumText(total, add int) int {
	return min(total+add, c.textBudget+1)
}
