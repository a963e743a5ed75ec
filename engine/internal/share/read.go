package share

import (
	"encoding/binary"
	"reflect"
	"slices"
	"strings"
)

// reader reads one fact straight from the facts structs, by the same
// `cel` tags CEL reads them by: numbering the facts of every target
// through CEL would cost more than sharing saves. The fields are found
// once, when the plan is made.
type reader struct {
	steps []step // fields, and map keys, from the root
	// absentable says the fact can be absent (read through a map key or a
	// pointer), so that numbering never mistakes an absent fact for a zero.
	absentable bool
}

// step selects a struct field by index, or a key of a map of strings
// (flow.options.version).
type step struct {
	field int
	key   reflect.Value // a string, when isKey
	isKey bool
}

// newReader resolves the field names in t, a struct type. It fails for
// names that do not follow its fields.
func newReader(t reflect.Type, names []string) (reader, bool) {
	var r reader
	for _, name := range names {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
			r.absentable = true
		}
		switch {
		case t.Kind() == reflect.Struct:
			i, ok := celField(t, name)
			if !ok {
				return reader{}, false
			}
			r.steps = append(r.steps, step{field: i})
			t = t.Field(i).Type
		case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
			r.steps = append(r.steps, step{key: reflect.ValueOf(name), isKey: true})
			r.absentable = true
			t = t.Elem()
		default:
			return reader{}, false
		}
	}
	return r, true
}

// celField finds the field of struct type t that CEL calls name.
func celField(t reflect.Type, name string) (int, bool) {
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("cel"), ","); tag == name {
			return i, true
		}
	}
	return 0, false
}

// value returns the fact of root (a struct or a pointer to one), or false
// when it is absent (a map key not there, a nil pointer), where CEL would
// fail with "no such key".
func (r *reader) value(root reflect.Value) (reflect.Value, bool) {
	v := root
	for _, s := range r.steps {
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

// appendFact encodes one fact: whether it is there, then its value.
// Values of different facts cannot run together (lengths precede strings
// and lists), and nil lists differ from empty ones, so equal encodings
// mean equal facts. It fails on a kind of value facts do not have.
func appendFact(b []byte, r *reader, root reflect.Value) ([]byte, bool) {
	v, ok := r.value(root)
	if !ok {
		return append(b, 0), true
	}
	return appendValue(append(b, 1), v)
}

func appendValue(b []byte, v reflect.Value) ([]byte, bool) {
	ok := true
	switch v.Kind() {
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		b = append(b, v.String()...)
	case reflect.Int, reflect.Int64:
		b = binary.AppendVarint(b, v.Int())
	case reflect.Bool:
		b = append(b, boolByte(v.Bool()))
	case reflect.Slice:
		b = append(b, boolByte(v.IsNil()))
		b = binary.AppendUvarint(b, uint64(v.Len()))
		for i := 0; i < v.Len() && ok; i++ {
			b, ok = appendValue(b, v.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField() && ok; i++ {
			b, ok = appendValue(b, v.Field(i))
		}
	case reflect.Pointer:
		b = append(b, boolByte(v.IsNil()))
		if !v.IsNil() {
			b, ok = appendValue(b, v.Elem())
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return b, false
		}
		b = append(b, boolByte(v.IsNil()))
		b = binary.AppendUvarint(b, uint64(v.Len()))
		keys := v.MapKeys()
		slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(x.String(), y.String()) })
		for _, k := range keys {
			b, _ = appendValue(b, k)
			if b, ok = appendValue(b, v.MapIndex(k)); !ok {
				break
			}
		}
	default:
		return b, false
	}
	return b, ok
}

func boolByte(x bool) byte {
	if x {
		return 1
	}
	return 0
}
