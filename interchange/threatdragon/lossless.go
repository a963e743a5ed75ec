package threatdragon

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/model"
)

// Threat Dragon has fields for a shape's name, description and a flow's
// protocol, not for a device's radios, a flow's port or data, a data
// asset or a triage decision. So that a file iotthreat exported imports
// back as the model it came from, Export writes each element, flow and
// boundary whole into its cell's data under itemKey, and the rest of the
// model (system, data, tracking, rules, hand-written threats, vocabulary,
// product, attack paths) into the summary under itemKey. The schema
// allows any further key in both objects, and Threat Dragon keeps them
// (its property panel and threat editor change the fields they show in
// place, and saving writes each cell's data whole).
const itemKey = "iotthreat"

// indexKey, on a box's data, is its boundary's place in the model's
// list: boxes are written outermost first, so that inner ones are drawn
// on top, and import restores the model's order from it.
const indexKey = "iotthreatIndex"

// MaxItemDepth bounds the nesting of the JSON under an iotthreat key: a
// model item nests about ten levels; the model itself refuses more than
// 100.
const MaxItemDepth = 64

// rest is the part of the model that no cell carries.
func rest(m *model.Model) *model.Model {
	return &model.Model{System: m.System, Data: m.Data, Tracking: m.Tracking, Rules: m.Rules, Threats: m.Threats,
		Vocabulary: m.Vocabulary, Product: m.Product, AttackPaths: m.AttackPaths}
}

// decodeItem reads the JSON under an iotthreat key into out, refusing
// keys the model does not have (a misspelt fact would otherwise vanish)
// and nesting beyond MaxItemDepth. An absent or null value decodes to
// nothing and reports false.
func decodeItem(raw json.RawMessage, out any) (bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return false, nil
	}
	if d := depth(raw); d > MaxItemDepth {
		return false, fmt.Errorf("nested %d levels deep, over the limit of %d", d, MaxItemDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return false, err
	}
	return true, nil
}

// depth is the deepest nesting of arrays and objects in a JSON text,
// counted in one pass over its bytes.
func depth(raw []byte) int {
	d, deepest, inString, escaped := 0, 0, false, false
	for _, b := range raw {
		switch {
		case escaped:
			escaped = false
		case inString && b == '\\':
			escaped = true
		case b == '"':
			inString = !inString
		case inString:
		case b == '{' || b == '[':
			if d++; d > deepest {
				deepest = d
			}
		case b == '}' || b == ']':
			d--
		}
	}
	return deepest
}

// itemError reports iotthreat data that does not decode, at its cell (or
// at the file's start for the summary's).
func (c *converter) itemError(pos diag.Pos, path string, err error) {
	c.diags.Add(pos, path+"."+itemKey, "the iotthreat data was edited by hand; fix it, or delete the key to import the Threat Dragon fields alone",
		"iotthreat data that does not describe a model item: %v", err)
}

// checkRestored validates a converted model that took items from
// iotthreat data. That data is untrusted text like the rest of the file,
// and a model it makes invalid is the file's fault, reported at its
// start, not a converted model that fails later.
func checkRestored(file string, imp *interchange.Import) diag.List {
	pos := diag.Pos{File: file, Line: 1, Column: 1}
	var d diag.List
	out, err := modelyaml.Marshal(imp)
	if err != nil {
		d.Add(pos, itemKey, "export the model from iotthreat again", "the iotthreat data cannot be written as a model: %v", err)
		return d
	}
	_, problems := model.Parse(file, out, model.Options{})
	for _, p := range problems {
		if p.Severity != "" {
			continue
		}
		d.Add(pos, itemKey, "the file's iotthreat data was edited; delete the iotthreat keys to import the Threat Dragon fields alone",
			"the iotthreat data describes an invalid model: %s: %s", p.Field, p.Message)
		if len(d) >= 100 {
			break
		}
	}
	return d
}
