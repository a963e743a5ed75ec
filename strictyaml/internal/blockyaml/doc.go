// Package blockyaml reads the plain subset of YAML that model files are
// written in, several times faster than a general YAML parser, and gives
// up on anything else.
//
// It exists for speed alone. Loading a model of 10,000 elements spent
// most of its time in go.yaml.in/yaml/v3 building tokens, events and a
// node tree, and then in converting that tree; this reader goes over the
// bytes once and hands each value to a Builder. It is only a fast path:
// package strictyaml uses the general parser whenever Parse says no, and
// diagnostics always come from the general parser.
//
// The subset is what people and generators write for a model:
//
//   - block mappings ("key: value") and block sequences ("- item"),
//     including an item that starts a mapping ("- id: x") and a list at the
//     same indentation as its key;
//   - flow sequences and mappings ("[a, b]", "{id: x, kind: y}"), also
//     over several lines, each further in than the block they stand in;
//   - plain scalars on one line, single-quoted and double-quoted scalars on
//     one line (double quotes with YAML's escapes, \xXX, \uXXXX and
//     \UXXXXXXXX included);
//   - literal and folded block scalars ("|", "|-", ">", ">-"), as rule
//     conditions and long descriptions are written;
//   - comments, blank lines, and empty values ("key:" with nothing after it)
//     in block mappings;
//   - lines ending in "\n" or, as Windows editors save them, "\r\n".
//
// Everything else makes Parse return false: anchors and aliases, tags,
// merge keys, quoted or plain text continued over several lines, the keep
// indicator and explicit indentation of block scalars, complex keys (?),
// document markers and directives, tabs, a carriage return outside a
// "\r\n" line break, a byte order mark, characters a YAML stream may not
// hold, duplicate keys (the Builder reports those), empty values in flow
// collections and in sequences, and a plain scalar holding ": ". Giving
// up is always allowed; reading something differently from
// go.yaml.in/yaml/v3 never is. Package strictyaml checks the two against
// each other on its test inputs and in a fuzz target (FuzzFastPathAgrees).
package blockyaml
