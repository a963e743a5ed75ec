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
// is refused before parsing, at its first bad byte. The YAML grammar
// itself comes from github.com/goccy/go-yaml, chosen because its syntax
// errors carry a column as well as a line.
//
// Decoding follows struct tags: `yaml:"name"` names a key, `yaml:"name,required"`
// makes it mandatory and `yaml:"-"` skips a field. A struct field of type
// Source is filled with the position of the mapping and of each key's value,
// so later validation can point at the exact value it rejects.
package strictyaml
