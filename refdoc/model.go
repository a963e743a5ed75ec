// Package refdoc renders the generated reference documentation: the field
// and vocabulary half of docs/model.md (from the Go types and the
// vocabularies) and docs/rules.md (from the rule library and the facts
// registry). Tests fail when the files in docs/ differ from what this
// package produces, so the documentation cannot fall behind the code.
package refdoc

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// Marker separates the hand-written part of docs/model.md from the part
// Render generates.
const Marker = "<!-- Everything below is generated from the Go types and vocab/data by `go test ./refdoc -update`. Do not edit by hand. -->"

// section is one model type documented as a table of keys.
type section struct {
	title string
	value any
	intro string
}

var sections = []section{
	{"Top level", model.Model{}, "The keys of a model file. Only `iotthreat` is required in the root file; `system.name` must be set in one of the files."},
	{"system", model.System{}, ""},
	{"data[]", model.DataAsset{}, ""},
	{"boundaries[]", model.Boundary{}, ""},
	{"elements[]", model.Element{}, "Common keys apply to every kind. Kind-specific keys are accepted only on the kinds listed; anywhere else they are an error."},
	{"elements[].services[]", model.Service{}, ""},
	{"flows[]", model.Flow{}, ""},
	{"tracking.RULE@target", model.Tracking{}, ""},
	{"rules[]", model.Rule{}, ""},
	{"rules[].target", model.RuleTarget{}, ""},
	{"rules[].references", model.RuleRefs{}, ""},
	{"rules[].examples", model.RuleExample{}, ""},
	{"threats[]", model.Threat{}, "Give either likelihood and impact, or severity alone. `references` takes the keys of `rules[].references`."},
	{"product", model.Product{}, "Product facts for regulatory evidence (docs/regulatory.md). Optional, in one file only."},
	{"attack_paths", model.AttackPaths{}, "Entry points and targets for `iotthreat paths` beyond those derived from the facts, and derived ones to leave out (docs/paths.md). Optional, in one file only."},
	{"attack_paths.entries[]", model.PathEntry{}, ""},
	{"attack_paths.targets[]", model.PathTarget{}, ""},
	{"attack_paths.not_entries[], not_targets[]", model.PathExclusion{}, ""},
	{"vocabulary", vocab.Vocabulary{}, "Extensions of the built-in vocabularies. Ids must be new: a built-in entry cannot be redefined."},
	{"vocabulary.element_kinds[]", vocab.ElementKind{}, ""},
	{"vocabulary.boundary_kinds[]", vocab.BoundaryKind{}, ""},
	{"vocabulary.protocols[]", vocab.Protocol{}, ""},
	{"vocabulary.protocols[].options[]", vocab.Option{}, ""},
	{"vocabulary.controls[]", vocab.Control{}, ""},
	{"vocabulary.enums.NAME[]", vocab.Term{}, "Also the form of an option's values."},
	{"vocabulary.standards[]", vocab.Standard{}, ""},
	{"vocabulary.standards[].items[]", vocab.StandardItem{}, ""},
}

// Render returns the generated reference: every key of the model format
// and every entry of the vocabulary v.
func Render(v *vocab.Vocabulary) string {
	var b strings.Builder
	b.WriteString("## Field reference\n\n")
	for _, s := range sections {
		fmt.Fprintf(&b, "### `%s`\n\n", s.title)
		if s.intro != "" {
			b.WriteString(s.intro + "\n\n")
		}
		writeFields(&b, reflect.TypeOf(s.value), v)
	}
	writeVocabulary(&b, v)
	return b.String()
}

func writeFields(b *strings.Builder, t reflect.Type, v *vocab.Vocabulary) {
	isElement := t == reflect.TypeOf(model.Element{})
	appliesTo := kindsByAttribute(v)
	if isElement {
		b.WriteString("| key | type | required | applies to | meaning |\n|---|---|---|---|---|\n")
	} else {
		b.WriteString("| key | type | required | meaning |\n|---|---|---|---|\n")
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, required, ok := strictyaml.FieldName(f)
		if !ok || f.Type == reflect.TypeOf(strictyaml.Source{}) {
			continue
		}
		req := ""
		if required {
			req = "yes"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | ", name, typeName(f.Type), req)
		if isElement {
			scope := "all kinds"
			if kinds, ok := appliesTo[name]; ok {
				scope = strings.Join(kinds, ", ")
			}
			fmt.Fprintf(b, "%s | ", scope)
		}
		fmt.Fprintf(b, "%s |\n", escape(f.Tag.Get("doc")))
	}
	b.WriteString("\n")
}

// kindsByAttribute inverts the element kinds' attribute lists.
func kindsByAttribute(v *vocab.Vocabulary) map[string][]string {
	out := map[string][]string{}
	for _, k := range v.ElementKinds {
		for _, a := range k.Attributes {
			out[a] = append(out[a], k.ID)
		}
	}
	for _, a := range model.KindSpecificAttributes() {
		if _, ok := out[a]; !ok {
			out[a] = []string{"(no built-in kind)"}
		}
	}
	return out
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.Slice:
		return "list of " + typeName(t.Elem())
	case reflect.Map:
		return "map of " + typeName(t.Elem())
	case reflect.Struct:
		return "mapping"
	case reflect.Int:
		return "integer"
	case reflect.Bool:
		return "boolean"
	}
	return t.Kind().String()
}

func escape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}

func writeVocabulary(b *strings.Builder, v *vocab.Vocabulary) {
	b.WriteString("## Vocabularies\n\nBuilt-in entries, from `vocab/data`. A model adds its own under `vocabulary:` in the same format.\n\n")

	b.WriteString("### Element kinds\n\n| id | name | placed in boundary kinds | flows to kinds | description |\n|---|---|---|---|---|\n")
	for _, k := range v.ElementKinds {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", k.ID, k.Name, listOrAny(k.BoundaryKinds), listOrAny(k.ConnectsTo), escape(k.Description))
	}

	b.WriteString("\n### Boundary kinds\n\n| id | name | exposure | controlled by | description |\n|---|---|---|---|---|\n")
	for _, k := range v.BoundaryKinds {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", k.ID, k.Name, k.Exposure, k.ControlledBy, escape(k.Description))
	}

	b.WriteString("\n### Protocols\n\n`encryption` and `authentication` list the values consistent with the protocol; any other value on a flow is an error.\n\n")
	b.WriteString("| id | name | medium | range | encryption | authentication | options | description |\n|---|---|---|---|---|---|---|---|\n")
	protocols := append([]vocab.Protocol{}, v.Protocols...)
	sort.Slice(protocols, func(i, j int) bool { return protocols[i].ID < protocols[j].ID })
	for _, p := range protocols {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", p.ID, p.Name, p.Medium, p.Range,
			listOrAny(p.Encryption), listOrAny(p.Authentication), optionList(p), escape(p.Description))
	}
	b.WriteString("\n#### Protocol options\n\n")
	for _, p := range protocols {
		for _, o := range p.Options {
			fmt.Fprintf(b, "- `%s` option `%s`: %s\n", p.ID, o.ID, escape(o.Description))
			for _, t := range o.Values {
				fmt.Fprintf(b, "  - `%s`: %s\n", t.ID, escape(t.Description))
			}
		}
	}

	b.WriteString("\n### Controls\n\n| id | name | declare on | standards | description |\n|---|---|---|---|---|\n")
	controls := append([]vocab.Control{}, v.Controls...)
	sort.Slice(controls, func(i, j int) bool { return controls[i].ID < controls[j].ID })
	for _, c := range controls {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", c.ID, c.Name, strings.Join(c.AppliesTo, ", "), references(c.References), escape(c.Description))
	}

	b.WriteString("\n### Enumerations\n\nScales (`classification`, `level`, `physical_access`) are ordered from lowest to highest and cannot be extended.\n\n")
	names := make([]string, 0, len(v.Enums))
	for n := range v.Enums {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(b, "#### `%s`\n\n", n)
		for _, t := range v.Enums[n] {
			fmt.Fprintf(b, "- `%s`: %s\n", t.ID, escape(t.Description))
		}
		b.WriteString("\n")
	}

	b.WriteString("### Standards\n\nProvision titles are short paraphrases for orientation; the standard's own text is normative.\n\n")
	for _, s := range v.Standards {
		fmt.Fprintf(b, "#### `%s`: %s\n\n", s.ID, s.Name)
		for _, it := range s.Items {
			fmt.Fprintf(b, "- `%s` %s\n", it.ID, escape(it.Title))
		}
		b.WriteString("\n")
	}
}

func listOrAny(list []string) string {
	if len(list) == 0 {
		return "any"
	}
	return strings.Join(list, ", ")
}

func optionList(p vocab.Protocol) string {
	if len(p.Options) == 0 {
		return ""
	}
	return strings.Join(p.OptionIDs(), ", ")
}

func references(refs map[string][]string) string {
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + strings.Join(refs[k], ", ")
	}
	return strings.Join(parts, "; ")
}
