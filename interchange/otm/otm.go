package otm

import (
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Format is OTM as the import and export commands know it.
var Format = interchange.Format{
	Name:       "otm",
	Title:      "Open Threat Model (OTM) JSON or YAML",
	Extensions: []string{".otm.json", ".otm", ".json", ".yaml", ".yml"},
	Import:     ImportWith,
	Export:     Export,
}

// Limits on what one OTM file may hold. A file over them is refused with
// a located error, never half-read: the conversion's time and memory
// stay proportional to a file of real size. Real models hold tens to
// hundreds of components; IriusRisk's own exports of large estates stay
// well under these.
const (
	// MaxValues bounds the JSON or YAML values (objects, lists, strings,
	// numbers) of a file: each costs about 150 bytes in the tree the
	// importer walks, so a file at the limit costs about 150 MB.
	MaxValues = 1_000_000
	// MaxDepth bounds nesting; OTM needs 6 levels.
	MaxDepth = 64
	// maxItems bounds each list: components, dataflows, trust zones,
	// assets, the threat and mitigation catalogues, and the lists inside
	// one item.
	maxItems = 50_000
	// maxReferences bounds the threat references on components and
	// dataflows together: each becomes one threat in the model.
	maxReferences = 100_000
	// maxText bounds one string (a name, a description, an iotthreat
	// attribute holding a model item).
	maxText = 1 << 20
	// maxThreatText bounds the text the threat references copy from the
	// threat catalogue and the mitigations into the model's threats
	// (titles, descriptions and mitigations after cutting to the model's
	// limits, and cweBytes per CWE). A catalogue entry is written once in
	// the file but once per reference in the model, so a 100 KB file of
	// long entries referenced everywhere could otherwise become a model
	// of gigabytes. 16 MiB is a thousand threats of four full pages each,
	// or twenty thousand of a long paragraph; real exports copy a few
	// megabytes at most.
	maxThreatText = 16 << 20
	// cweBytes is what one CWE counts against maxThreatText: about what
	// it costs in the model's YAML.
	cweBytes = 8
	// maxCWEs bounds the CWEs one threat keeps from its catalogue entry;
	// real entries list one to five, and the rest are noted as left out.
	maxCWEs = 100
)

// Import converts an OTM file (JSON or YAML) into a model. Problems with
// the file (malformed text, missing required keys, dangling references,
// duplicate ids, parent cycles, limits) are errors located in file and
// give a nil Import.
func Import(file string, data []byte) (*interchange.Import, diag.List) {
	return ImportWith(file, data, interchange.Options{})
}

// ImportWith is Import with the importing person's options: a mapping
// file's rules decide the kinds of the components and trust zones they
// match, before the guesses by word.
func ImportWith(file string, data []byte, opts interchange.Options) (*interchange.Import, diag.List) {
	root, diags := parseTree(file, data)
	if len(diags) > 0 {
		return nil, diags
	}
	if root == nil || root.Kind == strictyaml.Null {
		var d diag.List
		d.Add(diag.Pos{File: file, Line: 1, Column: 1}, "", "an OTM file is an object with otmVersion and project", "empty file")
		return nil, d
	}
	r := &reader{diags: position.Capped{Max: position.MaxProblems}}
	doc := r.read(root)
	if r.diags.Len() > 0 {
		return nil, r.diags.List()
	}
	c := newConverter(file, doc)
	c.mapping = opts.Map
	if c.check(); c.diags.Len() > 0 {
		return nil, c.diags.List()
	}
	imp, restored := c.convert()
	if c.diags.Len() > 0 {
		return nil, c.diags.List()
	}
	if restored {
		if d := checkRestored(file, root.Pos, imp); len(d) > 0 {
			return nil, d
		}
	}
	return imp, nil
}
