package strictyaml

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/iotthreat/iotthreat/diag"
)

// Limits bound what a single document may cost to load.
type Limits struct {
	MaxBytes int // largest accepted input
	MaxNodes int // most nodes after expanding aliases (refuses alias bombs)
	MaxDepth int // deepest nesting of lists and mappings
}

// DefaultLimits fit models of hundreds of thousands of elements while
// refusing inputs built to exhaust memory.
var DefaultLimits = Limits{MaxBytes: 64 << 20, MaxNodes: 20_000_000, MaxDepth: 100}

// Parse reads one YAML document. An empty document yields a Null node.
// Syntax errors, multiple documents, unknown anchors, unsupported tags and
// inputs over the limits are returned as diagnostics located in file.
func Parse(file string, data []byte, lim Limits) (root *Node, diags diag.List) {
	if len(data) > lim.MaxBytes {
		diags.Add(diag.Pos{File: file, Line: 1, Column: 1}, "", "split the model into several files joined with include:",
			"file is larger than the %d-byte limit", lim.MaxBytes)
		return nil, diags
	}
	if line, col := tooDeep(data, lim.MaxDepth); line > 0 {
		diags.Add(diag.Pos{File: file, Line: line, Column: col}, "", "a model never needs this depth; is the file generated?",
			"nesting goes more than %d levels deep", lim.MaxDepth)
		return nil, diags
	}
	f, err := parseSafely(data)
	if err != nil {
		return nil, diag.List{syntaxDiagnostic(file, err)}
	}
	docs := make([]*ast.DocumentNode, 0, len(f.Docs))
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return &Node{Kind: Null, Pos: diag.Pos{File: file, Line: 1, Column: 1}}, nil
	}
	if len(docs) > 1 {
		diags.Add(nodePos(file, docs[1].Body), "", "put each model in its own file and join them with include:",
			"a model file holds one YAML document, found %d", len(docs))
		return nil, diags
	}
	c := &converter{file: file, lim: lim, anchors: map[string]*Node{}}
	root = c.convert(docs[0].Body, 0)
	if len(c.diags) > 0 {
		return nil, c.diags
	}
	return root, nil
}

// parseSafely runs the YAML parser and turns a panic inside it into an
// error: a malformed file must never take the process down.
func parseSafely(data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser could not read this input (%v)", r)
		}
	}()
	return parser.ParseBytes(data, 0)
}

// alreadyDefined matches goccy's "already defined at [L:C]" position.
var alreadyDefined = regexp.MustCompile(`at \[(\d+):(\d+)\]`)

func syntaxDiagnostic(file string, err error) diag.Diagnostic {
	var se *yaml.SyntaxError
	if !errors.As(err, &se) || se.Token == nil {
		return diag.At(diag.Pos{File: file, Line: 1, Column: 1}, "", "", "YAML syntax error: %v", err)
	}
	msg := se.Message
	hint := "check indentation and that every key is followed by ': '"
	switch {
	case strings.Contains(msg, "already defined"):
		msg = alreadyDefined.ReplaceAllString(msg, "at line $1, column $2")
		hint = "each key may appear once in a mapping; merge the two entries"
	case strings.Contains(msg, "'\t'"):
		msg = "a tab character cannot indent YAML"
		hint = "indent with spaces, not tabs"
	case strings.Contains(msg, "flow mapping end"), strings.Contains(msg, "flow sequence end"):
		hint = "close every { with } and every [ with ] on the same logical value"
	case strings.Contains(msg, "quoted text"):
		hint = "close the quoted string, or remove the stray quote"
	}
	return diag.At(position(file, se.Token), "", hint, "YAML syntax error: %s", msg)
}

func position(file string, t *token.Token) diag.Pos {
	if t == nil || t.Position == nil {
		return diag.Pos{File: file}
	}
	return diag.Pos{File: file, Line: t.Position.Line, Column: t.Position.Column}
}

// nodePos is where a node starts. goccy's token for a block mapping is
// its first ':', but a person reads a mapping as starting at its first key.
func nodePos(file string, n ast.Node) diag.Pos {
	switch v := n.(type) {
	case *ast.MappingNode:
		if !v.IsFlowStyle && len(v.Values) > 0 && v.Values[0].Key != nil {
			return position(file, v.Values[0].Key.GetToken())
		}
	case *ast.MappingValueNode:
		if v.Key != nil {
			return position(file, v.Key.GetToken())
		}
	}
	return position(file, n.GetToken())
}

// tooDeep finds where nesting first exceeds limit, checked before parsing
// so that "[[[[…" or "- - - - …" cannot drive the parser into deep
// recursion (the YAML parser's cost grows with the square of the depth).
// It counts flow brackets, in comments and strings too, and the run of
// block indicators ("- ", "? ", ": ") opening a line: an upper bound that
// real models stay far below. It returns 0, 0 when within limit.
func tooDeep(data []byte, limit int) (line, col int) {
	depth := 0
	line, start := 1, 0
	lineStart := true // still in the indentation and indicators of a line
	indicators := 0
	for i, b := range data {
		if lineStart {
			switch {
			case b == ' ':
				continue
			case (b == '-' || b == '?' || b == ':') && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n'):
				indicators++
				if indicators > limit {
					return line, i - start + 1
				}
				continue
			default:
				lineStart = false
			}
		}
		switch b {
		case '[', '{':
			depth++
			if depth > limit {
				return line, i - start + 1
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '\n':
			line, start = line+1, i+1
			lineStart, indicators = true, 0
		}
	}
	return 0, 0
}

type converter struct {
	file    string
	lim     Limits
	anchors map[string]*Node
	diags   diag.List
	stopped bool
	// merged indexes, per mapping under construction, the entries that
	// came from a merge key, so that later explicit keys replace them
	// without a quadratic search.
	merged map[*Node]map[string]int
	work   int // merge entries visited, bounded by MaxNodes
}

func (c *converter) fail(t *token.Token, hint, format string, args ...any) *Node {
	if !c.stopped {
		c.diags.Add(position(c.file, t), "", hint, format, args...)
	}
	return &Node{Kind: Null, Pos: position(c.file, t)}
}

func (c *converter) convert(n ast.Node, depth int) *Node {
	if c.stopped || n == nil {
		return &Node{Kind: Null}
	}
	if depth > c.lim.MaxDepth {
		c.fail(n.GetToken(), "a model never needs this depth", "nesting deeper than %d levels", c.lim.MaxDepth)
		c.stopped = true
		return &Node{Kind: Null}
	}
	pos := nodePos(c.file, n)
	switch v := n.(type) {
	case *ast.NullNode:
		return &Node{Kind: Null, Pos: pos, size: 1}
	case *ast.StringNode:
		return &Node{Kind: Scalar, Tag: TagStr, Value: v.Value, Pos: pos, size: 1}
	case *ast.LiteralNode:
		text := ""
		if v.Value != nil {
			text = v.Value.Value
		}
		return &Node{Kind: Scalar, Tag: TagStr, Value: text, Pos: pos, size: 1}
	case *ast.IntegerNode:
		return &Node{Kind: Scalar, Tag: TagInt, Value: v.Token.Value, Pos: pos, size: 1}
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return &Node{Kind: Scalar, Tag: TagFloat, Value: n.GetToken().Value, Pos: pos, size: 1}
	case *ast.BoolNode:
		return &Node{Kind: Scalar, Tag: TagBool, Value: fmt.Sprint(v.Value), Pos: pos, size: 1}
	case *ast.SequenceNode:
		out := &Node{Kind: Sequence, Pos: pos, size: 1}
		for _, item := range v.Values {
			child := c.convert(item, depth+1)
			out.Items = append(out.Items, child)
			out.size = c.grow(out.size, child.size, item)
		}
		return out
	case *ast.MappingNode:
		out := &Node{Kind: Mapping, Pos: pos, size: 1}
		for _, mv := range v.Values {
			c.addPair(out, mv, depth)
		}
		return out
	case *ast.MappingValueNode:
		out := &Node{Kind: Mapping, Pos: pos, size: 1}
		c.addPair(out, v, depth)
		return out
	case *ast.AnchorNode:
		value := c.convert(v.Value, depth)
		c.anchors[anchorName(v.Name)] = value
		return value
	case *ast.AliasNode:
		name := anchorName(v.Value)
		target, ok := c.anchors[name]
		if !ok {
			return c.fail(v.GetToken(), "define the anchor (&"+name+") before using it", "unknown alias *%s", name)
		}
		use := *target
		use.Pos, use.aliased = pos, true
		return &use
	case *ast.TagNode:
		return c.convertTagged(v, depth)
	case *ast.MappingKeyNode:
		return c.convert(v.Value, depth)
	case *ast.CommentGroupNode, *ast.CommentNode:
		return &Node{Kind: Null, Pos: pos, size: 1}
	}
	return c.fail(n.GetToken(), "", "unsupported YAML construct (%s)", n.Type())
}

func (c *converter) convertTagged(v *ast.TagNode, depth int) *Node {
	tag := v.Start.Value
	inner := c.convert(v.Value, depth)
	switch tag {
	case "!!str":
		if inner.Kind == Scalar || inner.Kind == Null {
			cp := *inner
			cp.Kind, cp.Tag = Scalar, TagStr
			return &cp
		}
	case "!!map", "!!seq", "!!int", "!!float", "!!bool", "!!null":
		return inner
	}
	return c.fail(v.Start, "remove the tag; model files use plain YAML values", "unsupported YAML tag %s", tag)
}

func (c *converter) addPair(out *Node, mv *ast.MappingValueNode, depth int) {
	if mv == nil || mv.Key == nil {
		return
	}
	if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
		c.merge(out, mv, depth)
		return
	}
	key := c.convert(mv.Key, depth+1)
	if key.Kind != Scalar {
		c.fail(mv.Key.GetToken(), "use a plain word as the key", "mapping keys must be strings, found %s", key.Describe())
		return
	}
	value := c.convert(mv.Value, depth+1)
	if value.Kind == Null && value.Pos.Line == 0 {
		// goccy gives an absent value ("key:") no token; point at the key.
		value.Pos = key.Pos
	}
	out.size = c.grow(out.size, key.size+value.size, mv.Key)
	// The parser rejects a key written twice, so an existing entry can
	// only come from a merge (<<), and the explicit key overrides it.
	if i, ok := c.merged[out][key.Value]; ok {
		out.Pairs[i] = Pair{Key: key, Value: value}
		return
	}
	out.Pairs = append(out.Pairs, Pair{Key: key, Value: value})
}

// merge applies a YAML merge key (<<: *base): entries of the merged
// mappings are added unless the mapping sets them itself.
func (c *converter) merge(out *Node, mv *ast.MappingValueNode, depth int) {
	src := c.convert(mv.Value, depth+1)
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
			c.fail(mv.Key.GetToken(), "merge a mapping or a list of mappings", "<< merges mappings, found %s", s.Describe())
			return
		}
		// Count the pairs visited, not only those added: merging one big
		// mapping many times must cost against the budget too.
		c.work += len(s.Pairs)
		if c.work > c.lim.MaxNodes && !c.stopped {
			c.fail(mv.Key.GetToken(), "merge keys (<<) here repeat an enormous amount of work; refuse to load it",
				"merges visit more than %d entries", c.lim.MaxNodes)
			c.stopped = true
			return
		}
		for _, p := range s.Pairs {
			if !present[p.Key.Value] {
				present[p.Key.Value] = true
				c.merged[out][p.Key.Value] = len(out.Pairs)
				out.Pairs = append(out.Pairs, p)
				out.size = c.grow(out.size, p.Key.size+p.Value.size, mv.Key)
			}
		}
	}
}

// grow adds child sizes and stops the conversion when the expanded
// document exceeds MaxNodes: this is what refuses a billion-laughs input.
func (c *converter) grow(size, add int, at ast.Node) int {
	size += add
	if size > c.lim.MaxNodes && !c.stopped {
		c.fail(at.GetToken(), "aliases (*name) here expand to an enormous document; refuse to load it",
			"document expands to more than %d nodes through aliases", c.lim.MaxNodes)
		c.stopped = true
	}
	return min(size, c.lim.MaxNodes+1)
}

func anchorName(n ast.Node) string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.String())
}
