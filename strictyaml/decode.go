package strictyaml

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/iotthreat/iotthreat/diag"
)

// Source records where a mapping and the values of its keys were written.
// Keys holds one entry per key ("boundary"), per item of a scalar list
// ("stores[1]") and per entry of a scalar map ("options.pairing"), each
// pointing at the value.
type Source struct {
	Pos  diag.Pos
	Keys map[string]diag.Pos
}

// At returns the position of key's value, or of the mapping itself when
// the key was not written, which is where a "missing key" error belongs.
func (s Source) At(key string) diag.Pos {
	if p, ok := s.Keys[key]; ok {
		return p
	}
	return s.Pos
}

// Has reports whether key was written.
func (s Source) Has(key string) bool {
	_, ok := s.Keys[key]
	return ok
}

// Decode fills out, a pointer to a struct, from n. field names the path of
// n for messages ("" for the document root). All problems are returned.
func Decode(n *Node, out any, field string) diag.List {
	d := &decoder{}
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		panic("strictyaml.Decode needs a non-nil pointer")
	}
	d.value(n, v.Elem(), field, nil, "")
	return d.diags
}

type decoder struct {
	diags diag.List
}

var sourceType = reflect.TypeOf(Source{})

// value decodes n into v. src is the nearest enclosing Source, and rel the
// path of v relative to it, used to record scalar list and map positions.
func (d *decoder) value(n *Node, v reflect.Value, field string, src *Source, rel string) {
	if n == nil || n.Kind == Null {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), field, src, rel)
	case reflect.Struct:
		d.structure(n, v, field)
	case reflect.Slice:
		d.list(n, v, field, src, rel)
	case reflect.Map:
		d.mapping(n, v, field, src, rel)
	default:
		d.scalar(n, v, field)
	}
}

func (d *decoder) structure(n *Node, v reflect.Value, field string) {
	info := structInfoOf(v.Type())
	if n.Kind != Mapping {
		d.diags.Add(n.Pos, field, "write it as key: value lines (keys: "+strings.Join(info.names, ", ")+")",
			"expected a mapping, found %s", n.Describe())
		return
	}
	src := &Source{Pos: n.Pos, Keys: make(map[string]diag.Pos, len(n.Pairs))}
	for _, p := range n.Pairs {
		name := p.Key.Value
		f, ok := info.fields[name]
		if !ok {
			d.diags.Add(p.Key.Pos, join(field, name), diag.DidYouMean(name, info.names),
				"unknown key %q", name)
			continue
		}
		src.Keys[name] = p.Value.Pos
		d.value(p.Value, v.Field(f.index), join(field, name), src, name)
	}
	for _, name := range info.required {
		if p := n.Lookup(name); p == nil || p.Kind == Null {
			d.diags.Add(n.Pos, join(field, name), "add "+name+": to this entry", "missing required key %q", name)
		}
	}
	if info.source >= 0 {
		v.Field(info.source).Set(reflect.ValueOf(*src))
	}
}

func (d *decoder) list(n *Node, v reflect.Value, field string, src *Source, rel string) {
	if n.Kind != Sequence {
		d.diags.Add(n.Pos, field, "write a list as [a, b] or as lines starting with '- '",
			"expected a list, found %s", n.Describe())
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Items), len(n.Items))
	for i, item := range n.Items {
		label := strconv.Itoa(i)
		if id := item.Lookup("id"); id != nil && id.Kind == Scalar && id.Value != "" {
			label = id.Value
		}
		key := fmt.Sprintf("%s[%d]", rel, i)
		if src != nil {
			src.Keys[key] = item.Pos
		}
		d.value(item, out.Index(i), field+"["+label+"]", src, key)
	}
	v.Set(out)
}

func (d *decoder) mapping(n *Node, v reflect.Value, field string, src *Source, rel string) {
	if v.Type().Key().Kind() != reflect.String {
		panic("strictyaml: map keys must be strings")
	}
	if n.Kind != Mapping {
		d.diags.Add(n.Pos, field, "write it as key: value lines", "expected a mapping, found %s", n.Describe())
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(n.Pairs)))
	}
	for _, p := range n.Pairs {
		key := rel + "." + p.Key.Value
		if src != nil {
			src.Keys[key] = p.Value.Pos
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		d.value(p.Value, elem, field+"."+p.Key.Value, src, key)
		v.SetMapIndex(reflect.ValueOf(p.Key.Value).Convert(v.Type().Key()), elem)
	}
}

func (d *decoder) scalar(n *Node, v reflect.Value, field string) {
	if n.Kind != Scalar {
		d.diags.Add(n.Pos, field, "", "expected %s, found %s", expected(v.Kind()), n.Describe())
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Tag != TagBool {
			d.diags.Add(n.Pos, field, "write true or false (YAML 1.2: yes/no/on/off are strings)",
				"expected true or false, found %s", n.Describe())
			return
		}
		v.SetBool(n.Value == "true")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(n.Value, 0, v.Type().Bits())
		if n.Tag != TagInt || err != nil {
			d.diags.Add(n.Pos, field, "write a whole number such as 1000", "expected an integer, found %s", n.Describe())
			return
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, v.Type().Bits())
		if (n.Tag != TagInt && n.Tag != TagFloat) || err != nil {
			d.diags.Add(n.Pos, field, "write a number such as 0.5", "expected a number, found %s", n.Describe())
			return
		}
		v.SetFloat(f)
	default:
		panic("strictyaml: unsupported field kind " + v.Kind().String())
	}
}

func expected(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a single value"
}

func join(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}

type fieldInfo struct {
	index int
}

type structInfo struct {
	fields   map[string]fieldInfo
	names    []string // sorted, for hints
	required []string
	source   int // index of the Source field, or -1
}

var structCache sync.Map // reflect.Type → *structInfo

func structInfoOf(t reflect.Type) *structInfo {
	if cached, ok := structCache.Load(t); ok {
		return cached.(*structInfo)
	}
	info := &structInfo{fields: map[string]fieldInfo{}, source: -1}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == sourceType {
			info.source = i
			continue
		}
		name, required, ok := FieldName(f)
		if !ok {
			continue
		}
		info.fields[name] = fieldInfo{index: i}
		info.names = append(info.names, name)
		if required {
			info.required = append(info.required, name)
		}
	}
	sort.Strings(info.names)
	structCache.Store(t, info)
	return info
}

// FieldName returns the YAML key of a struct field and whether it is
// required; ok is false for unexported and `yaml:"-"` fields.
func FieldName(f reflect.StructField) (name string, required, ok bool) {
	if !f.IsExported() {
		return "", false, false
	}
	tag := f.Tag.Get("yaml")
	if tag == "-" {
		return "", false, false
	}
	parts := strings.Split(tag, ",")
	name = parts[0]
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	for _, p := range parts[1:] {
		if p == "required" {
			required = true
		}
	}
	return name, required, true
}
