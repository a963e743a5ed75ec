package strictyaml

import (
	"strconv"

	"github.com/iotthreat/iotthreat/diag"
)

// Kind is the shape of a Node.
type Kind int

// The node kinds. Scalars keep their resolved YAML type in Node.Tag.
const (
	Null Kind = iota
	Scalar
	Sequence
	Mapping
)

// Scalar tags, as resolved by the YAML 1.2 core schema.
const (
	TagStr   = "str"
	TagInt   = "int"
	TagFloat = "float"
	TagBool  = "bool"
)

// Node is one value of a YAML document with its position. Aliases are
// resolved: an aliased subtree is shared, not copied, and its expanded
// size is accounted for in Limits.MaxNodes and Limits.TextFactor.
type Node struct {
	Kind  Kind
	Tag   string // for scalars: str, int, float or bool
	Value string // scalar text as written (numbers keep their spelling, "1.10" stays "1.10")
	Pos   diag.Pos
	Items []*Node // sequence items
	Pairs []Pair  // mapping entries in document order
	size  int     // expanded node count, saturating at the limit
	text  int     // expanded bytes of keys and scalars, saturating at the text budget
	// aliased marks a node reached through an alias (*name): a shallow
	// copy of the anchored node, positioned where the alias is used.
	aliased bool
}

// Pair is one mapping entry.
type Pair struct {
	Key   *Node
	Value *Node
}

// Lookup returns the value for key in a mapping node, or nil.
func (n *Node) Lookup(key string) *Node {
	if n == nil || n.Kind != Mapping {
		return nil
	}
	for _, p := range n.Pairs {
		if p.Key.Value == key {
			return p.Value
		}
	}
	return nil
}

// Describe names the node's shape for error messages: "a string",
// "a list", "a mapping", "null".
func (n *Node) Describe() string {
	switch n.Kind {
	case Null:
		return "nothing (null)"
	case Sequence:
		return "a list"
	case Mapping:
		return "a mapping"
	}
	switch n.Tag {
	case TagInt:
		return "the integer " + n.Value
	case TagFloat:
		return "the number " + n.Value
	case TagBool:
		return "the boolean " + n.Value
	}
	return "the string " + quote(n.Value)
}

// quote shortens long values and escapes control characters, so a
// message stays one readable line whatever the input held.
func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return strconv.Quote(s)
}
