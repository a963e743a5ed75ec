package modeldiff

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// A model item's fields are found from the yaml tags of its Go type, in
// the order model/types.go declares them, the way strictyaml decodes them
// and refdoc documents them: a field added to the model is compared with
// no edit here. How a field reads depends on its Go type (see addValue).
// A few model types read as one line of text (textOf), and rule examples
// are not compared (notCompared). TestEveryFieldCompared fails when a
// field has a type this file cannot read.

// textOf lists the model types compared as one line of text each, as a
// reader would write them, rather than key by key.
var textOf = map[reflect.Type]func(reflect.Value) string{
	reflect.TypeFor[model.Service]():    func(v reflect.Value) string { return serviceText(addr[model.Service](v)) },
	reflect.TypeFor[model.RuleTarget](): func(v reflect.Value) string { return targetText(addr[model.RuleTarget](v)) },
	reflect.TypeFor[model.PathEntry](): func(v reflect.Value) string {
		e := addr[model.PathEntry](v)
		return e.From + " to " + e.Element + ": " + e.Reason
	},
	reflect.TypeFor[model.PathTarget](): func(v reflect.Value) string {
		t := addr[model.PathTarget](v)
		what := "element " + t.Element
		if t.Element == "" {
			what = "data " + t.Data
		}
		return what + " (" + t.Impact + "): " + t.Reason
	},
	reflect.TypeFor[model.PathExclusion](): func(v reflect.Value) string {
		x := addr[model.PathExclusion](v)
		return x.ID + ": " + x.Reason
	},
}

// addr returns a pointer to the T that v holds, without a copy when v is
// addressable (an item of a list, a field of an addressed item).
func addr[T any](v reflect.Value) *T {
	if v.CanAddr() {
		return v.Addr().Interface().(*T)
	}
	x := v.Interface().(T)
	return &x
}

// notCompared lists the model types left out of the comparison: rule
// examples are test fixtures, not part of what the rule does.
var notCompared = map[reflect.Type]bool{
	reflect.TypeFor[model.RuleExample](): true,
}

// reduce turns a model item (a struct such as model.Element, addressed
// so that it is not copied) into its id and its fields. The list is sized
// for one field a key and a few more (options.*, references.*): a model
// has many items, and growing each list shows in the time a diff takes.
func reduce[T any](x *T) item {
	v := reflect.ValueOf(x).Elem()
	var it item
	it.fields = addFields(make([]field, 0, len(keysOf(v.Type()))+4), v, "", &it.id)
	return it
}

// addFields appends the fields of the struct v, their names after prefix.
// When id is not nil, the string field keyed id is the item's id, stored
// there rather than compared.
func addFields(out []field, v reflect.Value, prefix string, id *string) []field {
	for _, k := range keysOf(v.Type()) {
		fv := v.Field(k.index)
		if id != nil && k.name == "id" && fv.Kind() == reflect.String {
			*id = fv.String()
			continue
		}
		out = addValue(out, prefix+k.name, fv)
	}
	return out
}

// addValue appends the field name holding v. A type it does not know adds
// nothing; TestEveryFieldCompared catches such a field.
func addValue(out []field, name string, v reflect.Value) []field {
	t := v.Type()
	if text, ok := textOf[t]; ok {
		return append(out, str(name, text(v)))
	}
	switch t.Kind() {
	case reflect.String:
		return append(out, str(name, v.String()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return append(out, num(name, v.Int()))
	case reflect.Bool:
		return append(out, flag(name, v.Bool()))
	case reflect.Pointer:
		switch t.Elem().Kind() {
		case reflect.Bool:
			return append(out, optFlag(name, v))
		case reflect.Struct:
			// An optional block (onboarding): absent reads as empty, so
			// adding one shows its fields as added.
			if v.IsNil() {
				v = reflect.New(t.Elem())
			}
			return addValue(out, name, v.Elem())
		}
	case reflect.Slice:
		if f, ok := listField(name, v); ok {
			return append(out, f)
		}
	case reflect.Map:
		// Each entry is a field of its own: options.pairing.
		if t.Key().Kind() == reflect.String {
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			for _, k := range keys {
				out = addValue(out, name+"."+k.String(), v.MapIndex(k))
			}
		}
	case reflect.Struct:
		if !notCompared[t] {
			return addFields(out, v, name+".", nil)
		}
	}
	return out
}

// listField reads a list of strings, of numbers, or of a type in textOf.
func listField(name string, v reflect.Value) (field, bool) {
	et := v.Type().Elem()
	text, isText := textOf[et]
	switch {
	case et.Kind() == reflect.Int:
		ns := make([]int, v.Len())
		for i := range ns {
			ns[i] = int(v.Index(i).Int())
		}
		return numbers(name, ns), true
	case et.Kind() != reflect.String && !isText:
		return field{}, false
	}
	items := make([]string, v.Len())
	for i := range items {
		if isText {
			items[i] = text(v.Index(i))
		} else {
			items[i] = v.Index(i).String()
		}
	}
	return set(name, items), true
}

// structKey is one field of a struct that the model format has a key for.
type structKey struct {
	index int
	name  string
}

var keyCache sync.Map // reflect.Type → []structKey

// keysOf lists the keyed fields of a struct type in declaration order,
// once per type: a model has many items of each.
func keysOf(t reflect.Type) []structKey {
	if keys, ok := keyCache.Load(t); ok {
		return keys.([]structKey)
	}
	var keys []structKey
	for i := range t.NumField() {
		if name, _, ok := strictyaml.FieldName(t.Field(i)); ok {
			keys = append(keys, structKey{index: i, name: name})
		}
	}
	keyCache.Store(t, keys)
	return keys
}

// serviceText writes a network service on one line, as it would read in
// the model: name, protocol, port, authentication and encryption.
func serviceText(s *model.Service) string {
	parts := []string{"protocol " + s.Protocol}
	if s.Port != 0 {
		parts = append(parts, "port "+strconv.Itoa(s.Port))
	}
	if s.Authentication != "" {
		parts = append(parts, "authentication "+s.Authentication)
	}
	if s.Encryption != "" {
		parts = append(parts, "encryption "+s.Encryption)
	}
	return fmt.Sprintf("%s (%s)", s.Name, strings.Join(parts, ", "))
}

// targetText writes a rule's target as "element (device, gateway)".
func targetText(t *model.RuleTarget) string {
	if len(t.Kinds) == 0 {
		return t.Type
	}
	return t.Type + " (" + strings.Join(slices.Sorted(slices.Values(t.Kinds)), ", ") + ")"
}

func str(name, s string) field { return field{name: name, value: value{s: s}} }

// num is an integer field; zero is unset.
func num(name string, n int64) field {
	if n == 0 {
		return str(name, "")
	}
	return str(name, strconv.FormatInt(n, 10))
}

// flag is a boolean field; false is unset, as the model format defaults it.
func flag(name string, b bool) field {
	if !b {
		return str(name, "")
	}
	return str(name, "true")
}

// optFlag is a boolean field (a *bool) whose absence means "not said".
func optFlag(name string, p reflect.Value) field {
	if p.IsNil() {
		return str(name, "")
	}
	return str(name, strconv.FormatBool(p.Elem().Bool()))
}

// set is a list field compared as a set: order and duplicates do not
// matter in any list of the model format.
func set(name string, list []string) field {
	items := append([]string{}, list...)
	sort.Strings(items)
	return field{name: name, value: value{list: true, items: slices.Compact(items)}}
}

// numbers is a list of catalogue numbers, compared as a set in numeric order.
func numbers(name string, list []int) field {
	ns := append([]int{}, list...)
	sort.Ints(ns)
	items := []string{}
	for _, n := range slices.Compact(ns) {
		items = append(items, strconv.Itoa(n))
	}
	return field{name: name, value: value{list: true, items: items}}
}
