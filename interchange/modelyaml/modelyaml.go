// Package modelyaml writes a converted model (an interchange.Import) as the
// model file a person would have written, so that the result of an import
// is a file to review and edit, not a dump:
//
//   - the editor's schema line and the import's head notes come first, then
//     iotthreat: 1, then the sections in the order package model declares
//     them, a blank line between sections;
//   - each item's keys come in the order its Go type declares them (read
//     from the yaml struct tags, as the loader reads them), and fields left
//     empty are left out;
//   - an item, or a value inside one, that fits on its line (about 100
//     columns) is written on one line in flow style
//     (- {id: lock, kind: device, boundary: home}), anything longer as a
//     block;
//   - strings are quoted only where YAML needs it;
//   - the importer's notes are comments above the item they are about,
//     wrapped at about 90 columns.
//
// What Marshal writes parses back (model.Parse) to the same model: the
// package's tests check that on every example model and on hostile text.
package modelyaml

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"

	"go.yaml.in/yaml/v3"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/scaffold"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Widths of the output: an item goes on one line when its line is at
// most MaxWidth columns, and comments wrap at CommentWidth.
const (
	MaxWidth     = 100
	CommentWidth = 90
)

// modeline points editors at the schema init writes beside a model.
const modeline = "# yaml-language-server: $schema=" + scaffold.SchemaFile

// schemaNote says how to get the file the modeline names, which an import
// does not write.
const schemaNote = "Editors complete and check this file against " + scaffold.SchemaFile +
	": write it with `iotthreat schema > " + scaffold.SchemaFile + "`."

// Marshal writes imp.Model as model YAML with imp.Notes as comments. A
// model of version 0 is written as the current version (New sets it; the
// version is required in a model file). It fails only on what the model
// format cannot hold: text that is not UTF-8, or a field of a type the
// model types do not use.
func Marshal(imp *interchange.Import) ([]byte, error) {
	if imp == nil || imp.Model == nil {
		return nil, errors.New("modelyaml: no model to write")
	}
	e := &encoder{notes: imp.Notes, used: map[string]bool{}}
	sections, err := e.sections(imp.Model)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString(modeline + "\n#\n")
	head := append(append([]string(nil), imp.Notes[""]...), e.unused()...)
	head = append(head, schemaNote)
	for i, note := range head {
		if i > 0 {
			out.WriteString("#\n")
		}
		out.WriteString(comment(note, 0))
	}
	for i, s := range sections {
		if i > 0 {
			out.WriteByte('\n') // a blank line between sections
		}
		if err := encode(&out, s); err != nil {
			return nil, fmt.Errorf("modelyaml: %w", err)
		}
	}
	return out.Bytes(), nil
}

// encode writes one section (a mapping of one key) with the YAML encoder,
// an item at a time: the encoder keeps every event of a document until it
// ends, so one document per item keeps its memory to an item's worth
// (a model of 10,000 elements took 2 GB written as one document).
func encode(out *bytes.Buffer, section *yaml.Node) error {
	key, val := section.Content[0], section.Content[1]
	if val.Kind == yaml.ScalarNode || val.Style == yaml.FlowStyle {
		return encodeDoc(out, section)
	}
	step := 1
	if val.Kind == yaml.MappingNode {
		step = 2
	}
	prefix := []byte(key.Value + ":\n")
	var chunk bytes.Buffer
	for i := 0; i < len(val.Content); i += step {
		k := key
		if i > 0 {
			k = str(key.Value) // the key's comment is written once, above it
		}
		part := &yaml.Node{Kind: val.Kind, Content: val.Content[i : i+step]}
		chunk.Reset()
		if err := encodeDoc(&chunk, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, part}}); err != nil {
			return err
		}
		b := chunk.Bytes()
		if i > 0 {
			if !bytes.HasPrefix(b, prefix) {
				return fmt.Errorf("section %s: unexpected encoding %.40q", key.Value, b)
			}
			b = b[len(prefix):]
		}
		out.Write(b)
	}
	return nil
}

// encodeDoc writes n as one YAML document, indented by two spaces.
func encodeDoc(out *bytes.Buffer, n *yaml.Node) error {
	enc := yaml.NewEncoder(out)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	return enc.Close()
}

// sections turns the model into one single-key mapping per non-empty
// top-level field, in declaration order, laid out for reading.
func (e *encoder) sections(m *model.Model) ([]*yaml.Node, error) {
	v := reflect.ValueOf(m).Elem()
	var out []*yaml.Node
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		var n *yaml.Node
		var err error
		if f.name == versionKey && fv.Int() == 0 {
			n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(model.FormatVersion)}
		} else if n, err = e.value(fv, f.name); err != nil {
			return nil, err
		}
		if n == nil {
			continue
		}
		e.attachNotes(f.name, fv, n)
		key := str(f.name)
		key.HeadComment = e.commentFor(f.name, 0)
		layoutValue(n, 0, 2, false)
		out = append(out, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, n}})
	}
	return out, nil
}

// versionKey is the key of Model.Version, written first in every file.
var versionKey = func() string {
	f, _ := reflect.TypeFor[model.Model]().FieldByName("Version")
	name, _, _ := strictyaml.FieldName(f)
	return name
}()
