package otm

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/model"
)

// An iotthreat export carries each model item whole, as JSON text in the
// attribute attrItem of its OTM counterpart (and the system, tracking,
// rules, vocabulary extensions, product facts and attack-path settings
// in the project's attributes), so that
// importing it gives back the model exactly: OTM has no field for a
// device's radios or a flow's options. Other tools keep attributes they
// do not know; an import of a file edited elsewhere prefers these items
// only while their id still matches.
const (
	attrItem       = "iotthreat:item"
	attrSystem     = "iotthreat:system"
	attrTracking   = "iotthreat:tracking"
	attrRules      = "iotthreat:rules"
	attrVocabulary = "iotthreat:vocabulary"
	attrProduct    = "iotthreat:product"
	attrPaths      = "iotthreat:attack_paths"
)

// carry returns v as JSON text for an attribute, without the empty
// values (null, "", [], {}) that a model read back from YAML would write
// differently, so that export, import, export gives the same file.
func carry(v any) string {
	tree := interchange.CarriedTree(v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return ""
	}
	return string(bytes.TrimSpace(buf.Bytes()))
}

// restore decodes the attribute key of attrs into out; false when it is
// absent or does not decode.
func restore(attrs map[string]string, key string, out any) bool {
	text := attrs[key]
	if text == "" {
		return false
	}
	return json.Unmarshal([]byte(text), out) == nil
}

// checkRestored validates a converted model that took items from
// iotthreat attributes: those are untrusted text like the rest of the
// file, and a model they make invalid is the file's fault, reported at
// its start, not a converted model that fails later.
func checkRestored(file string, pos diag.Pos, imp *interchange.Import) diag.List {
	out, err := modelyaml.Marshal(imp)
	if err != nil {
		var d diag.List
		d.Add(pos, "attributes", "export the model from iotthreat again", "the iotthreat attributes cannot be written as a model: %v", err)
		return d
	}
	_, problems := model.Parse(file, out, model.Options{})
	d := position.Capped{Max: position.MaxProblems}
	for _, p := range problems {
		if p.Severity == "" {
			d.Add(pos, "attributes", "the file's iotthreat:* attributes were edited; remove them to import the OTM fields alone",
				"the iotthreat attributes describe an invalid model: %s", fmt.Sprintf("%s: %s", p.Field, p.Message))
		}
	}
	return d.List()
}
