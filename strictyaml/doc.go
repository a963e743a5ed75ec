// Package strictyaml parses YAML into a small positioned tree and decodes
// that tree strictly into Go structs, collecting every problem as a located
// diag.Diagnostic instead of stopping at the first.
//
// It exists because model files are written by hand and reviewed in pull
// requests: a typo in a key must be an error that points at the key and
// suggests the right spelling, a wrong type must say what was expected, and
// a hostile file (an alias bomb, one long string repeated by aliases, a
// huge document) must be refused with bounded memory: expanded nodes and
// expanded text are both budgeted (Limits). Input that is not UTF-8 text
// is refused before parsing, at its first bad byte.
//
// Three readers share the parsing (parse.go, fastpath.go): the plain
// subset of YAML that models and rules are written in is read by
// internal/blockyaml, several times faster; any other document, and every
// document with a problem, by go.yaml.in/yaml/v3; and when that reports a
// syntax error, github.com/goccy/go-yaml reads the input again to place
// the error to the column. The first two build the same tree, which
// FuzzFastPathAgrees checks.
//
// Decoding follows struct tags: `yaml:"name"` names a key, `yaml:"name,required"`
// makes it mandatory and `yaml:"-"` skips a field. A struct field of type
// Source is filled with the position of the mapping and of each key's value,
// so later validation can point at the exact value it rejects.
package strictyaml
