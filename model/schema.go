package model

import (
	"encoding/json"
	"reflect"

	"github.com/invopop/jsonschema"

	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// SchemaID is the $id of the generated schema.
const SchemaID = "urn:iotthreat:schema:model:1"

// Schema returns a JSON Schema (draft 2020-12) for model files, generated
// from the Go types so it cannot drift from what the loader accepts.
// Descriptions come from the fields' doc tags; values from the vocabulary
// are offered as examples (editors complete them) rather than as a closed
// enum, because a model may extend the vocabulary. Fixed scales are enums.
func Schema(v *vocab.Vocabulary) ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true,
		LookupComment: func(t reflect.Type, field string) string {
			if field == "" {
				return typeDocs[t.Name()]
			}
			if f, ok := t.FieldByName(field); ok {
				return f.Tag.Get("doc")
			}
			return ""
		},
	}
	s := r.Reflect(&Model{})
	s.ID = SchemaID
	s.Title = "iotthreat model, format version 1"
	for name, def := range s.Definitions {
		if t, ok := schemaTypes[name]; ok {
			def.Required = requiredKeys(t)
		}
	}
	annotate(s, v)
	return json.MarshalIndent(s, "", "  ")
}

var typeDocs = map[string]string{
	"Model":     "An IoT system: its data, trust boundaries, elements, flows, triage decisions and custom rules.",
	"System":    "The system being modelled.",
	"DataAsset": "A kind of data the system carries or stores.",
	"Boundary":  "A trust boundary; elements inside share one level of trust.",
	"Element":   "A component. Kind-specific attributes are allowed only on the kinds they apply to.",
	"Service":   "A network service listening on an element.",
	"Flow":      "Data moving between two elements.",
	"Tracking":  "A triage decision on a finding.",
	"Rule":      "A custom threat rule.",
	"Threat":    "A threat written by hand on one target, reported like a rule finding.",
}

var schemaTypes = map[string]reflect.Type{}

func init() {
	for _, v := range []any{Model{}, System{}, DataAsset{}, Boundary{}, Element{}, Service{}, Flow{}, Tracking{},
		Rule{}, RuleTarget{}, RuleRefs{}, RuleExample{}, Threat{}, vocab.Vocabulary{}, vocab.Term{}, vocab.ElementKind{},
		vocab.BoundaryKind{}, vocab.Protocol{}, vocab.Option{}, vocab.Control{}, vocab.Standard{}, vocab.StandardItem{}} {
		t := reflect.TypeOf(v)
		schemaTypes[t.Name()] = t
	}
}

func requiredKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if name, required, ok := strictyaml.FieldName(t.Field(i)); ok && required {
			keys = append(keys, name)
		}
	}
	return keys
}

// annotate adds enums and examples for vocabulary-backed fields.
func annotate(s *jsonschema.Schema, v *vocab.Vocabulary) {
	closed := func(def, prop, enum string) { setValues(s, def, prop, v.TermIDs(enum), true) }
	open := func(def, prop string, ids []string) { setValues(s, def, prop, ids, false) }
	closed("System", "criticality", "level")
	closed("DataAsset", "classification", "classification")
	closed("DataAsset", "integrity", "level")
	closed("DataAsset", "availability", "level")
	closed("Element", "physical_access", "physical_access")
	open("Element", "kind", v.ElementKindIDs())
	open("Element", "debug_interfaces", v.TermIDs("debug_interface"))
	open("Element", "firmware_update", v.TermIDs("firmware_update"))
	open("Element", "hardware_security", v.TermIDs("hardware_security"))
	open("Element", "credentials", v.TermIDs("credentials"))
	open("Element", "platform", v.TermIDs("platform"))
	open("Element", "role", v.TermIDs("role"))
	open("Element", "radios", radioIDs(v))
	open("Element", "controls", v.ControlIDs())
	open("Boundary", "kind", v.BoundaryKindIDs())
	open("Flow", "protocol", v.ProtocolIDs())
	open("Flow", "encryption", v.TermIDs("encryption"))
	open("Flow", "authentication", v.TermIDs("authentication"))
	open("Flow", "controls", v.ControlIDs())
	open("Service", "protocol", v.ProtocolIDs())
	open("System", "controls", v.ControlIDs())
	open("Tracking", "status", v.TermIDs("tracking_status"))
	open("Rule", "stride", v.TermIDs("stride"))
	open("Rule", "linddun", v.TermIDs("linddun"))
	open("RuleTarget", "type", RuleTargetTypes)
	closed("Threat", "likelihood", "level")
	closed("Threat", "impact", "level")
	closed("Threat", "severity", "level")
	open("Threat", "stride", v.TermIDs("stride"))
	open("Threat", "linddun", v.TermIDs("linddun"))
	open("Threat", "controls", v.ControlIDs())
	// Option values are strings in the vocabulary, but YAML users write
	// install_codes: true; the loader accepts any scalar, so must the schema.
	if d, ok := s.Definitions["Flow"]; ok {
		if p, ok := d.Properties.Get("options"); ok {
			p.AdditionalProperties = &jsonschema.Schema{AnyOf: []*jsonschema.Schema{
				{Type: "string"}, {Type: "boolean"}, {Type: "number"}}}
		}
	}
}

func setValues(s *jsonschema.Schema, def, prop string, ids []string, closed bool) {
	d, ok := s.Definitions[def]
	if !ok || d.Properties == nil {
		return
	}
	p, ok := d.Properties.Get(prop)
	if !ok {
		return
	}
	target := p
	if p.Type == "array" && p.Items != nil {
		target = p.Items
	}
	values := make([]any, len(ids))
	for i, id := range ids {
		values[i] = id
	}
	if closed {
		target.Enum = values
	} else {
		target.Examples = values
	}
}

func radioIDs(v *vocab.Vocabulary) []string {
	var ids []string
	for _, p := range v.Protocols {
		if p.Medium == "radio" {
			ids = append(ids, p.ID)
		}
	}
	return ids
}
