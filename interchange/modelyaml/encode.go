package modelyaml

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/iotthreat/iotthreat/strictyaml"
)

// encoder turns model values into YAML nodes and places the notes.
type encoder struct {
	notes map[string][]string
	used  map[string]bool // note paths placed beside an item or section
}

// field is a struct field the model format reads: its key and index.
type field struct {
	name  string
	index int
}

// fieldsOf lists the keys of a model type in declaration order, as the
// loader (strictyaml) reads them from the yaml tags.
func fieldsOf(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		name, _, ok := strictyaml.FieldName(t.Field(i))
		if ok {
			out = append(out, field{name, i})
		}
	}
	return out
}

// value makes the node for v, or nil when v is empty and is left out: a
// zero string, number or false, a nil pointer, an empty list or map, a
// struct with no field set. A pointer that is set is always written,
// false or {} though its target is (internet_facing: false says something
// that leaving it out does not). path names v in errors.
func (e *encoder) value(v reflect.Value, path string) (*yaml.Node, error) {
	switch v.Kind() {
	case reflect.String:
		if v.Len() == 0 {
			return nil, nil
		}
		return e.text(v.String(), path)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.Int() == 0 {
			return nil, nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int(), 10)}, nil
	case reflect.Bool:
		if !v.Bool() {
			return nil, nil
		}
		return boolNode(true), nil
	case reflect.Pointer:
		if v.IsNil() {
			return nil, nil
		}
		return e.item(v.Elem(), path)
	case reflect.Slice:
		if v.Len() == 0 {
			return nil, nil
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode, Content: make([]*yaml.Node, 0, v.Len())}
		for i := range v.Len() {
			n, err := e.item(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, n)
		}
		return seq, nil
	case reflect.Map:
		if v.Len() == 0 {
			return nil, nil
		}
		if v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("modelyaml: %s: cannot write a map keyed by %s", path, v.Type().Key())
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		m := &yaml.Node{Kind: yaml.MappingNode, Content: make([]*yaml.Node, 0, 2*len(keys))}
		for _, k := range keys {
			kn, err := e.text(k, path)
			if err != nil {
				return nil, err
			}
			vn, err := e.item(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), path+"."+k)
			if err != nil {
				return nil, err
			}
			m.Content = append(m.Content, kn, vn)
		}
		return m, nil
	case reflect.Struct:
		m := &yaml.Node{Kind: yaml.MappingNode}
		for _, f := range fieldsOf(v.Type()) {
			n, err := e.value(v.Field(f.index), path+"."+f.name)
			if err != nil {
				return nil, err
			}
			if n != nil {
				m.Content = append(m.Content, str(f.name), n)
			}
		}
		if len(m.Content) == 0 {
			return nil, nil
		}
		return m, nil
	}
	return nil, fmt.Errorf("modelyaml: %s: cannot write a value of type %s", path, v.Type())
}

// item makes the node for something that is written even when empty: an
// element of a list or a map's value (its position or key says something),
// the target of a pointer that is set. An empty one is "", 0, false or {}.
func (e *encoder) item(v reflect.Value, path string) (*yaml.Node, error) {
	n, err := e.value(v, path)
	if err != nil || n != nil {
		return n, err
	}
	switch v.Kind() {
	case reflect.String:
		return str(""), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "0"}, nil
	case reflect.Bool:
		return boolNode(false), nil
	case reflect.Slice:
		return &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}, nil
	}
	return &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}, nil
}

// text is a string scalar. The encoder quotes it only when YAML would
// read it otherwise (as a number, a date, a comment, a list item…).
// Text that is not UTF-8 cannot be written: a model file is UTF-8.
func (e *encoder) text(s, path string) (*yaml.Node, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("modelyaml: %s: text is not valid UTF-8", path)
	}
	return str(s), nil
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}
