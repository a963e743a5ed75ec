package strictyaml

import (
	"go.yaml.in/yaml/v3"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml/internal/blockyaml"
)

// parseFast reads data with the fast reader of plain block YAML (package
// blockyaml), as parseWhole's arguments describe, and returns nil
// whenever that reader gives up or the result is over the limits: the
// caller then parses with go.yaml.in/yaml/v3, which also gives every
// diagnostic. What it returns is the tree the general path would build
// (FuzzFastPathAgrees and TestFastPathAgrees check it).
func parseFast(file string, data []byte, lim Limits, textBudget, lineOffset, depth int, arena *nodeArena) *Node {
	b := &nodeBuilder{file: file, lineOffset: lineOffset, nodesLeft: lim.MaxNodes, arena: arena}
	root, ok := blockyaml.Parse[*Node](data, b, depth, lim.MaxDepth)
	if !ok || root.size > lim.MaxNodes || root.text > textBudget {
		return nil
	}
	return root
}

// nodeBuilder makes the Nodes the converter makes from a yaml.v3 tree,
// sizes and text counts included. A document read this way has no
// aliases, so each count is just the sum of its parts.
type nodeBuilder struct {
	file       string
	lineOffset int
	nodesLeft  int // refuses a document of more nodes than Limits.MaxNodes
	// tags remembers how yaml.v3 resolved plain scalars the builder could
	// not resolve by itself (see plainTag).
	tags map[string]string
	// arena, when not nil, lends the tree's memory (arena.go).
	arena *nodeArena
}

func (b *nodeBuilder) pos(at blockyaml.Pos) diag.Pos {
	return diag.Pos{File: b.file, Line: at.Line + b.lineOffset, Column: at.Column}
}

// count refuses to go past the node limit.
func (b *nodeBuilder) count(n int) bool {
	b.nodesLeft -= n
	return b.nodesLeft >= 0
}

func (b *nodeBuilder) Scalar(value string, plain bool, at blockyaml.Pos) (*Node, bool) {
	tag := "!!str" // a quoted scalar
	if plain {
		var ok bool
		if tag, ok = b.plainTag(value); !ok {
			return nil, false
		}
	}
	out := b.node()
	*out = Node{Kind: Scalar, Value: value, Pos: b.pos(at), size: 1}
	if !out.resolve(tag) {
		return nil, false
	}
	return out, b.count(1)
}

func (b *nodeBuilder) Empty(at blockyaml.Pos) *Node {
	b.count(1) // an empty value stands for one node, as a written one does
	out := b.node()
	*out = Node{Kind: Null, Pos: b.pos(at), size: 1}
	return out
}

func (b *nodeBuilder) Sequence(at blockyaml.Pos, items []*Node) (*Node, bool) {
	out := b.node()
	*out = Node{Kind: Sequence, Pos: b.pos(at), size: 1, Items: b.itemList(len(items))}
	copy(out.Items, items)
	for _, item := range items {
		out.size += item.size
		out.text += item.text
	}
	return out, b.count(1)
}

func (b *nodeBuilder) Mapping(at blockyaml.Pos, entries []blockyaml.Entry[*Node]) (*Node, bool) {
	if duplicateKey(entries) || !b.count(1+len(entries)) {
		return nil, false // the general parser says where
	}
	out := b.node()
	*out = Node{Kind: Mapping, Pos: b.pos(at), size: 1, Pairs: b.pairList(len(entries))}
	keys := b.keyNodes(len(entries)) // one allocation for all the keys
	for i, e := range entries {
		keys[i] = Node{Kind: Scalar, Tag: TagStr, Value: e.Key, Pos: b.pos(e.KeyAt), size: 1, text: len(e.Key)}
		out.Pairs[i] = Pair{Key: &keys[i], Value: e.Value}
		out.size += 1 + e.Value.size
		out.text += len(e.Key) + e.Value.text
	}
	return out, true
}

// duplicateKey reports whether two entries share a key.
func duplicateKey(entries []blockyaml.Entry[*Node]) bool {
	if len(entries) <= 16 {
		for i := range entries {
			for j := range i {
				if entries[i].Key == entries[j].Key {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(entries))
	for _, e := range entries {
		if _, dup := seen[e.Key]; dup {
			return true
		}
		seen[e.Key] = struct{}{}
	}
	return false
}

// plainTag is the type yaml.v3 resolves a plain scalar to ("!!str",
// "!!int", ...). The two common shapes are decided here: a word starting
// with a letter is a string unless it is one of the spellings of true,
// false and null, and a short run of digits not starting with 0 is an
// integer. Anything else (signs, dots, leading zeros, dates, "~") is
// asked of yaml.v3 itself, once per distinct value, for at most maxAsked
// values.
func (b *nodeBuilder) plainTag(value string) (string, bool) {
	switch c := value[0]; {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		switch value {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool", true
		case "null", "Null", "NULL":
			return "!!null", true
		}
		return "!!str", true
	case c >= '1' && c <= '9' && len(value) <= 18 && allDigits(value):
		return "!!int", true
	}
	if tag, ok := b.tags[value]; ok {
		return tag, true
	}
	if len(b.tags) >= maxAsked {
		return "", false // asking yaml.v3 would cost more than the fast reader saves
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(value), &doc); err != nil || len(doc.Content) != 1 ||
		doc.Content[0].Kind != yaml.ScalarNode || doc.Content[0].Value != value || doc.Content[0].Style != 0 {
		return "", false
	}
	tag := doc.Content[0].ShortTag()
	if b.tags == nil {
		b.tags = map[string]string{}
	}
	b.tags[value] = tag
	return tag, true
}

// maxAsked bounds the distinct plain scalars whose type the fast reader
// asks yaml.v3 for, a few microseconds each: a document of a million
// values like "1.2.N" took three times as long through the fast reader
// as through yaml.v3 alone. Past it the fast reader gives up. Real
// models repeat such values (versions, dates) and ask a few dozen times.
const maxAsked = 4096

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
