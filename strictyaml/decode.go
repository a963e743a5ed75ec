package strictyaml

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/internal/prefault"
)

// Source records where a mapping and its keys were written: for each key
// ("boundary"), each item of a scalar list ("stores[1]") and each entry of
// a scalar map ("options.pairing"), where the key and the value are. A
// value that failed to decode (a list where a string belongs) is recorded
// as written but invalid, so validation neither checks its zero value nor
// calls it missing.
//
// Entries are a slice searched linearly, not a map: a model has one Source
// per element and flow, each with about ten keys, and maps made loading
// large models measurably slower. A mapping with a long scalar list (an
// element with 100,000 tags records "tags[0]" … "tags[99999]") gets an
// index past indexFrom entries, so recording and finding stay constant
// time there too.
type Source struct {
	Pos     diag.Pos // where the mapping starts
	Key     diag.Pos // where its key was written, when the mapping is a map entry
	entries []sourceEntry
	index   map[string]int // key → position in entries, once they pass indexFrom
}

// indexFrom is the entry count past which a Source keeps an index. Below
// it a linear search over short keys is faster than hashing.
const indexFrom = 32

// sourceEntry is one recorded key. Positions are stored as 32-bit line
// and column with the file once, not as two diag.Pos: a 10,000-element
// model records about 300,000 of them, and the compact form is 56 bytes
// instead of 88 (lines and columns of a file under Limits.MaxBytes fit).
type sourceEntry struct {
	key, file   string
	name, value point
	invalid     bool
}

// point is a line and column in the entry's file.
type point struct{ line, column int32 }

func pointOf(p diag.Pos) point { return point{line: int32(p.Line), column: int32(p.Column)} }

func (e *sourceEntry) pos(p point) diag.Pos {
	return diag.Pos{File: e.file, Line: int(p.line), Column: int(p.column)}
}

func entryOf(key string, name, value diag.Pos) sourceEntry {
	return sourceEntry{key: key, file: value.File, name: pointOf(name), value: pointOf(value)}
}

func (s *Source) find(key string) *sourceEntry {
	if s.index != nil {
		// A copy of the Source made before later records shares the index
		// but not the appended entries: trust the index only where it
		// points at the same key.
		if i, ok := s.index[key]; ok && i < len(s.entries) && s.entries[i].key == key {
			return &s.entries[i]
		}
		if len(s.index) == len(s.entries) {
			return nil
		}
	}
	for i := range s.entries {
		if s.entries[i].key == key {
			return &s.entries[i]
		}
	}
	return nil
}

// At returns the position of key's value, or of the mapping itself when
// the key was not written, which is where a "missing key" error belongs.
func (s Source) At(key string) diag.Pos {
	if e := s.find(key); e != nil {
		return e.pos(e.value)
	}
	return s.Pos
}

// NameAt returns where key itself was written, falling back like At.
func (s Source) NameAt(key string) diag.Pos {
	if e := s.find(key); e != nil {
		return e.pos(e.name)
	}
	return s.Pos
}

// KeyPos returns where the mapping's own key was written, or where the
// mapping starts when it is not a map entry.
func (s Source) KeyPos() diag.Pos {
	if s.Key.Line > 0 {
		return s.Key
	}
	return s.Pos
}

// Has reports whether key was written with a value that decoded.
func (s Source) Has(key string) bool {
	e := s.find(key)
	return e != nil && !e.invalid
}

// Written reports whether key was written at all, valid or not.
func (s Source) Written(key string) bool { return s.find(key) != nil }

// Record notes where key and its value were written; a later record of the
// same key wins. Loaders use it when they merge sources. Copies of a
// Source share their entries and index (as copies of a slice share its
// array): after a copy, record into one of them only.
func (s *Source) Record(key string, name, value diag.Pos) {
	if s == nil {
		return
	}
	if e := s.find(key); e != nil {
		*e = entryOf(key, name, value)
		return
	}
	s.entries = append(s.entries, entryOf(key, name, value))
	switch n := len(s.entries); {
	case s.index != nil:
		s.index[key] = n - 1
	case n > indexFrom:
		s.index = make(map[string]int, 2*n)
		for i := range s.entries {
			s.index[s.entries[i].key] = i
		}
	}
}

func (s *Source) markInvalid(key string) {
	if e := s.find(key); e != nil {
		e.invalid = true
	}
}

// Decode fills out, a pointer to a struct, from n. field names the path of
// n for messages ("" for the document root). All problems are returned.
func Decode(n *Node, out any, field string) diag.List {
	d := startAt(field)
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		panic("strictyaml.Decode needs a non-nil pointer")
	}
	d.value(n, v.Elem(), nil, "")
	return d.diags
}

// MaxDiagnostics bounds the problems one decode reports: past it, decoding
// stops with a note, so a hostile file cannot make error reporting itself
// the expensive part (an alias repeating a bad mapping a million times).
const MaxDiagnostics = 500

type decoder struct {
	diags diag.List
	full  bool // MaxDiagnostics reached: stop decoding
	// alias is the position of the alias (*name) being decoded, if any:
	// a problem inside aliased content is reported where it is used, not
	// at the anchor, which may be valid where it was defined.
	alias *diag.Pos
	// split maps the placeholders of lists left in pieces to them, when
	// decoding piece by piece (decode_split.go); splitFailed says that a
	// piece could not be decoded so, and the whole result is void.
	split       map[*Node]*splitValue
	splitFailed bool
	// refusedLists counts the problems that are lists too long to hold,
	// which a piecewise decode reports itself (decode_split.go).
	refusedLists int
	// at is the path of the value being decoded (path.go).
	at []step
}

var sourceType = reflect.TypeOf(Source{})

// pos is where to report a problem with n.
func (d *decoder) pos(n *Node) diag.Pos {
	if d.alias != nil {
		return *d.alias
	}
	return n.Pos
}

// add reports a problem with n, the value being decoded.
func (d *decoder) add(n *Node, hint, format string, args ...any) {
	if d.full {
		return
	}
	if len(d.diags) >= MaxDiagnostics {
		d.full = true
		d.diags.Add(d.pos(n), "", "fix the problems above first", "too many problems; stopped after %d", MaxDiagnostics)
		return
	}
	d.diags.Add(d.pos(n), d.path(), hint, format, args...)
}

// addUnder reports a problem with n at the path one step s further than
// the value being decoded.
func (d *decoder) addUnder(n *Node, s step, hint, format string, args ...any) {
	d.enter(s)
	d.add(n, hint, format, args...)
	d.leave()
}

// value decodes n into v and reports whether it decoded without problems.
// src is the nearest enclosing Source, and rel the path of v relative to
// it, used to record scalar list and map positions.
func (d *decoder) value(n *Node, v reflect.Value, src *Source, rel string) bool {
	if n == nil || n.Kind == Null || d.full {
		return true
	}
	if n.aliased && d.alias == nil {
		p := n.Pos
		d.alias = &p
		defer func() { d.alias = nil }()
	}
	before := len(d.diags)
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), src, rel)
	case reflect.Struct:
		d.structure(n, v)
	case reflect.Slice:
		d.list(n, v, src, rel)
	case reflect.Map:
		d.mapping(n, v, src, rel)
	default:
		d.scalar(n, v)
	}
	return len(d.diags) == before
}

// structOrPointerTo reports whether t is a struct or a pointer to one.
func structOrPointerTo(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t, t.Kind() == reflect.Struct
}

// isScalar reports whether values of t are single values, which are
// dropped when they fail to decode (a struct keeps its valid parts).
func isScalar(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Map:
		return false
	}
	return true
}

// entry decodes a list item or map value and reports whether to keep it.
// Unlike a key left empty, an empty entry where a mapping belongs is an
// error: "- " alone in a list of elements is a mistake, not an element.
func (d *decoder) entry(n *Node, v reflect.Value, src *Source, rel string) bool {
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == Null && t.Kind() == reflect.Struct {
		d.add(n, "remove the empty entry or fill it in", "expected a mapping, found nothing (null)")
		return false
	}
	return d.value(n, v, src, rel) || !isScalar(t)
}

func (d *decoder) structure(n *Node, v reflect.Value) {
	info := structInfoOf(v.Type())
	if n.Kind != Mapping {
		d.add(n, "write it as key: value lines (keys: "+strings.Join(info.names, ", ")+")",
			"expected a mapping, found %s", n.Describe())
		return
	}
	// The struct's own Source is filled in place (its Key may already be
	// set by the enclosing map); a struct without one still gets a
	// Source to record scalar list and map items into, then dropped.
	var src *Source
	if info.source >= 0 {
		src = v.Field(info.source).Addr().Interface().(*Source)
	} else {
		src = &Source{}
	}
	src.Pos, src.entries = d.pos(n), make([]sourceEntry, 0, sourceEntries(n))
	for _, p := range n.Pairs {
		f, ok := info.fields[p.Key.Value]
		if !ok {
			name := p.Key.Value
			d.addUnder(p.Key, keyStep(name), diag.DidYouMean(name, info.names), "unknown key %q", name)
			continue
		}
		name := f.name
		// Keys of a mapping are unique (the parser refuses duplicates),
		// so the entry is appended without searching for an earlier one.
		src.entries = append(src.entries, entryOf(name, d.pos(p.Key), d.pos(p.Value)))
		fv := v.Field(f.index)
		d.enter(keyStep(name))
		if !d.value(p.Value, fv, src, name) && isScalar(fv.Type()) {
			fv.Set(reflect.Zero(fv.Type()))
			src.markInvalid(name)
		}
		d.leave()
	}
	for _, name := range info.required {
		if p := n.Lookup(name); p == nil || p.Kind == Null {
			d.addUnder(n, keyStep(name), "add "+name+": to this entry", "missing required key %q", name)
		}
	}
}

// sourceEntries is how many entries the Source of mapping n will hold:
// one per key, and one per scalar item of a list or mapping under a key
// (recorded as "key[i]" and "key.name"), so that its entries are
// allocated once.
func sourceEntries(n *Node) int {
	count := len(n.Pairs)
	for _, p := range n.Pairs {
		for _, item := range p.Value.Items {
			if item.Kind == Scalar || item.Kind == Null {
				count++
			}
		}
		for _, q := range p.Value.Pairs {
			if q.Value.Kind == Scalar || q.Value.Kind == Null {
				count++
			}
		}
	}
	return count
}

func (d *decoder) list(n *Node, v reflect.Value, src *Source, rel string) {
	if sv := d.split[n]; sv != nil {
		d.splitList(sv, n, v)
		return
	}
	if n.Kind != Sequence {
		d.add(n, "write a list as [a, b] or as lines starting with '- '",
			"expected a list, found %s", n.Describe())
		return
	}
	if most := mostItems(v.Type()); len(n.Items) > most {
		d.tooLong(n, len(n.Items), most)
		return
	}
	// Items are decoded in place, into a slice of the final length: a
	// model's elements and flows are large structs, and decoding each
	// into a fresh value to append it copied every one.
	et := v.Type().Elem()
	_, structItems := structOrPointerTo(et)
	if structItems && d.parallelList(n, v) {
		return
	}
	zero := reflect.Zero(et)
	out := prefault.MakeSlice(v.Type(), len(n.Items), len(n.Items))
	kept := 0
	for i, item := range n.Items {
		// Struct items carry their own Source; recording them here too
		// would make a list of 40,000 flows quadratic to decode.
		key := ""
		if !structItems {
			key = rel + "[" + strconv.Itoa(i) + "]"
			if src != nil && isScalar(et) {
				src.Record(key, d.pos(item), d.pos(item))
			}
		}
		elem := out.Index(kept)
		d.enter(itemStep(i, item))
		if d.entry(item, elem, src, key) {
			kept++
		} else {
			elem.Set(zero)
		}
		d.leave()
	}
	v.Set(out.Slice(0, kept))
}

// MaxListBytes bounds the memory one decoded list takes. A list is
// decoded into a slice made at once for all its items, and items that are
// short to write can be large once read: "- {}" is 5 bytes of YAML and
// an element 672 bytes of memory, so a 60 MB file of twelve million of
// them took 9 GB and 100 s to validate. 512 MiB holds about 800,000
// elements or 1.2 million flows, several times the largest model the
// size limit allows when written out in full.
const MaxListBytes = 512 << 20

// tooLong refuses the list n of items items, more than the most its slice
// holds under MaxListBytes.
func (d *decoder) tooLong(n *Node, items, most int) {
	d.add(n, fmt.Sprintf("a list like this holds at most %d items (%d MiB once read); was the file generated or damaged?", most, MaxListBytes>>20),
		"a list of %d items is too long", items)
}

// mostItems is how many items of the slice type typ fit in MaxListBytes.
func mostItems(typ reflect.Type) int {
	size := typ.Elem().Size()
	if size == 0 {
		return math.MaxInt
	}
	return int(MaxListBytes / size)
}

func (d *decoder) mapping(n *Node, v reflect.Value, src *Source, rel string) {
	if v.Type().Key().Kind() != reflect.String {
		panic("strictyaml: map keys must be strings")
	}
	if n.Kind != Mapping {
		d.add(n, "write it as key: value lines", "expected a mapping, found %s", n.Describe())
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(n.Pairs)))
	}
	for _, p := range n.Pairs {
		key := rel + "." + p.Key.Value
		if src != nil && isScalar(v.Type().Elem()) {
			src.Record(key, d.pos(p.Key), d.pos(p.Value))
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		if elem.Kind() == reflect.Struct {
			// Let the entry's own Source know where its key is.
			if i := structInfoOf(elem.Type()).source; i >= 0 {
				elem.Field(i).Set(reflect.ValueOf(Source{Key: d.pos(p.Key)}))
			}
		}
		d.enter(mapKeyStep(p.Key.Value))
		ok := d.entry(p.Value, elem, src, key)
		d.leave()
		if !ok {
			continue
		}
		v.SetMapIndex(reflect.ValueOf(p.Key.Value).Convert(v.Type().Key()), elem)
	}
}

func (d *decoder) scalar(n *Node, v reflect.Value) {
	if n.Kind != Scalar {
		d.add(n, "write one value here, not "+shape(n), "expected %s, found %s", expected(v.Kind()), n.Describe())
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Tag != TagBool {
			d.add(n, "write true or false (YAML 1.2: yes/no/on/off are strings)",
				"expected true or false, found %s", n.Describe())
			return
		}
		v.SetBool(n.Value == "true")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(n.Value, 0, v.Type().Bits())
		if n.Tag != TagInt || err != nil {
			d.add(n, "write a whole number such as 1000", "expected an integer, found %s", n.Describe())
			return
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, v.Type().Bits())
		if (n.Tag != TagInt && n.Tag != TagFloat) || err != nil {
			d.add(n, "write a number such as 0.5", "expected a number, found %s", n.Describe())
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

func shape(n *Node) string {
	if n.Kind == Sequence {
		return "a list"
	}
	return "a mapping"
}

type fieldInfo struct {
	index int
	// name is the key as the struct tag spells it. Sources record this
	// one string rather than the key as parsed, so the parsed copies (one
	// per key per mapping) are not kept alive by the model: 13 MiB of the
	// 675 MiB a loaded 100,000-element model holds.
	name string
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
		info.fields[name] = fieldInfo{index: i, name: name}
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
