package engine

import (
	"reflect"
	"strings"
)

// factReader reads one fact path (flow.source.kind) straight from the
// facts structs. Explanations quote the facts a condition reads for every
// finding, and evaluating each path as a CEL program cost as much as a
// fifth of an analysis; the fields are found once, when the rule is
// compiled, by the same `cel` tags CEL itself uses.
type factReader struct {
	root  string     // the variable: element, flow, boundary, data or system
	steps []factStep // fields, and at most one map key, from the root
	// absentable says the fact can be absent (read through a map key or a
	// pointer), so that sharing never mistakes an absent fact for a zero.
	absentable bool
}

// factStep selects a struct field by index, or a key of a map of strings
// (flow.options.version).
type factStep struct {
	field int
	key   reflect.Value // a string, when isKey
	isKey bool
}

// newFactReader resolves path in the variables of a targetType rule. It
// fails for a path that does not start at one of them or does not follow
// the facts' fields: such paths are left to CEL.
func newFactReader(targetType, path string) (factReader, bool) {
	names := strings.Split(path, ".")
	var t reflect.Type
	switch names[0] {
	case "system":
		t = reflect.TypeOf(SystemFacts{})
	case targetVariables[targetType].name:
		t = targetVariables[targetType].typ
	default:
		return factReader{}, false
	}
	fr := factReader{root: names[0]}
	for _, name := range names[1:] {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
			fr.absentable = true
		}
		switch {
		case t.Kind() == reflect.Struct:
			i, ok := celField(t, name)
			if !ok {
				return factReader{}, false
			}
			fr.steps = append(fr.steps, factStep{field: i})
			t = t.Field(i).Type
		case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
			fr.steps = append(fr.steps, factStep{key: reflect.ValueOf(name), isKey: true})
			fr.absentable = true
			t = t.Elem()
		default:
			return factReader{}, false
		}
	}
	return fr, true
}

// celField finds the field CEL calls name.
func celField(t reflect.Type, name string) (int, bool) {
	for i := 0; i < t.NumField(); i++ {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("cel"), ","); tag == name {
			return i, true
		}
	}
	return 0, false
}

// value returns the fact as a reflect.Value, or false when it is absent
// (a map key not declared), where CEL would fail with "no such key".
func (fr *factReader) value(a *activation) (reflect.Value, bool) {
	var root any = a.system
	if fr.root != "system" {
		root = a.facts
	}
	v := reflect.ValueOf(root)
	for _, s := range fr.steps {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		if s.isKey {
			v = v.MapIndex(s.key)
			if !v.IsValid() {
				return reflect.Value{}, false
			}
			continue
		}
		v = v.Field(s.field)
	}
	return v, true
}

// read returns the fact as CEL's value for it holds it (ref.Val.Value):
// integers as int64, everything else as the Go value.
func (fr *factReader) read(a *activation) (any, bool) {
	v, ok := fr.value(a)
	if !ok {
		return nil, false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Int, reflect.Int64:
		return v.Int(), true
	case reflect.Bool:
		return v.Bool(), true
	}
	return v.Interface(), true
}
