package threagile

import (
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// reader reads the positioned YAML tree leniently: keys it does not know
// are ignored (Threagile files carry many that iotthreat has no use for),
// but a value of the wrong shape is an error located at the value, since
// the file would mean something else than it seems to.
type reader struct {
	file string
	// diags keeps the first position.MaxProblems problems and counts the
	// rest: a file of a hundred thousand bad references printed a
	// hundred thousand lines.
	diags position.Capped
}

// fail records an error at n, naming the Threagile field path.
func (r *reader) fail(n *strictyaml.Node, field, hint, format string, args ...any) {
	r.diags.Add(r.pos(n), field, hint, format, args...)
}

// pos is where n was written, or the file's start when n has no position.
func (r *reader) pos(n *strictyaml.Node) diag.Pos {
	if n == nil || n.Pos.Line == 0 {
		return diag.Pos{File: r.file, Line: 1, Column: 1}
	}
	return n.Pos
}

// mapping returns the entries of a mapping. Null or absent gives none;
// any other shape is an error.
func (r *reader) mapping(n *strictyaml.Node, field string) []strictyaml.Pair {
	if n == nil || n.Kind == strictyaml.Null {
		return nil
	}
	if n.Kind != strictyaml.Mapping {
		r.fail(n, field, "write it as a mapping of `key: value` entries", "expected a mapping, found %s", n.Describe())
		return nil
	}
	return n.Pairs
}

// str returns a scalar as text. Numbers and booleans are accepted as
// written (an id or a title may look like a number); a list or a mapping
// is an error.
func (r *reader) str(n *strictyaml.Node, field string) string {
	if n == nil || n.Kind == strictyaml.Null {
		return ""
	}
	if n.Kind != strictyaml.Scalar {
		r.fail(n, field, "write a single value here", "expected a string, found %s", n.Describe())
		return ""
	}
	return n.Value
}

// boolean returns a boolean value and whether one was written.
func (r *reader) boolean(n *strictyaml.Node, field string) (value, set bool) {
	if n == nil || n.Kind == strictyaml.Null {
		return false, false
	}
	if n.Kind != strictyaml.Scalar || n.Tag != strictyaml.TagBool {
		r.fail(n, field, "write true or false", "expected true or false, found %s", n.Describe())
		return false, false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", true
}

// integer returns an integer value (0 when absent).
func (r *reader) integer(n *strictyaml.Node, field string) int {
	if n == nil || n.Kind == strictyaml.Null {
		return 0
	}
	if n.Kind == strictyaml.Scalar && n.Tag == strictyaml.TagInt {
		v, ok := smallInt(n.Value)
		if ok {
			return v
		}
	}
	r.fail(n, field, "write a whole number, such as 79", "expected a whole number, found %s", n.Describe())
	return 0
}

// smallInt parses a decimal integer of at most nine digits: CWE ids and
// counts are small, and a longer one cannot be meant.
func smallInt(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// strList returns a list of scalars. Null or absent gives none; a single
// scalar or a mapping is an error, and so is an item that is not a scalar.
func (r *reader) strList(n *strictyaml.Node, field string) ([]string, []*strictyaml.Node) {
	if n == nil || n.Kind == strictyaml.Null {
		return nil, nil
	}
	if n.Kind != strictyaml.Sequence {
		r.fail(n, field, "write a list: one `- value` line per item", "expected a list, found %s", n.Describe())
		return nil, nil
	}
	out := make([]string, 0, len(n.Items))
	nodes := make([]*strictyaml.Node, 0, len(n.Items))
	for _, it := range n.Items {
		if it.Kind == strictyaml.Null {
			continue
		}
		if it.Kind != strictyaml.Scalar {
			r.fail(it, field, "each item is a single value", "expected a string item, found %s", it.Describe())
			continue
		}
		out = append(out, it.Value)
		nodes = append(nodes, it)
	}
	return out, nodes
}

// fields indexes a mapping's entries by key, for lookups by name. A
// non-mapping gives an error and no fields.
func (r *reader) fields(n *strictyaml.Node, field string) map[string]*strictyaml.Node {
	pairs := r.mapping(n, field)
	out := make(map[string]*strictyaml.Node, len(pairs))
	for _, p := range pairs {
		out[p.Key.Value] = p.Value
	}
	return out
}
