package model

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/internal/reveal"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Text limits, in characters. Names, ids and other labels are repeated
// in every finding about what they name (a rule's title in each of its
// findings, a service's name in each finding's reasons, an element's name
// in the table of each report), so a label of a megabyte becomes
// gigabytes of report; real ones are under a hundred characters (the
// longest of the built-in rules and vocabularies is 96). Prose (a
// description, a triage reason, a rule's mitigation or condition) is at
// most a few paragraphs; the built-in rules' longest is under 700
// characters, and a reason of RULE@* is repeated in every finding of its
// rule.
const (
	MaxLabelLength = 256
	MaxProseLength = 4096
)

// proseKeys are the keys whose values are prose and get MaxProseLength;
// every other string gets MaxLabelLength. An include path or a standard's
// URL may be long too.
var proseKeys = map[string]bool{
	"description": true, "reason": true, "mitigation": true, "condition": true,
	"likelihood": true, "impact": true, "include": true, "url": true,
	"intended_purpose": true, "foreseeable_use": true, "foreseeable_misuse": true, "not_applicable": true,
}

// MaxTextProblems bounds the length errors, and separately the
// hidden-character warnings, of one model: an alias repeating a spoofed
// or overlong name a thousand times needs saying once.
const MaxTextProblems = 100

// checkText checks every string of the model, keys of maps included:
// text over its length limit is an error; hidden formatting characters
// (bidirectional controls, zero-width and other invisible characters,
// see package reveal) are a warning, since they can make what a reviewer
// reads in a report differ from what the model says, yet may be meant
// (a name in Arabic or Hebrew needs direction marks).
func checkText(m *Model) (errs, warns diag.List) {
	t := &textCheck{path: []textStep{{index: -1, src: &m.Src}}}
	t.walk(reflect.ValueOf(m).Elem(), &m.Src, MaxLabelLength)
	if t.long > MaxTextProblems {
		t.errs.Add(t.lastLong, "", "fix those above and validate again", "%d more texts are over their length limit", t.long-MaxTextProblems)
	}
	if t.hidden > MaxTextProblems {
		t.warns = append(t.warns, diag.Warn(t.lastHidden, "", "fix those above and validate again",
			"%d more texts contain hidden characters", t.hidden-MaxTextProblems))
	}
	return t.errs, t.warns
}

type textCheck struct {
	errs, warns diag.List
	long        int      // strings over their limit, reported or not
	hidden      int      // strings with hidden characters, reported or not
	lastLong    diag.Pos // where the last unreported ones are
	lastHidden  diag.Pos
	// path is where the walk is. The field name ("elements[lock].
	// sensors[1]") and the key in the nearest Source ("sensors[1]") are
	// built from it only for a string with a problem: the walk visits
	// every string of the model, and building both for each string cost
	// a tenth of the time of loading a model.
	path []textStep
}

// textStep is one step of the path: a key of a struct or a map, or an
// item of a list. src is set when the step reaches a struct with a
// Source of its own, where the keys of that Source start.
type textStep struct {
	key   string
	index int    // list item index, or -1 for a key
	id    string // list item id, which names it in messages
	src   *strictyaml.Source
}

// walk visits v, whose strings may be limit characters long; src is the
// nearest enclosing Source.
func (t *textCheck) walk(v reflect.Value, src *strictyaml.Source, limit int) {
	switch v.Kind() {
	case reflect.String:
		t.text(v.String(), limit, src, nil, false)
	case reflect.Pointer:
		if !v.IsNil() {
			t.walk(v.Elem(), src, limit)
		}
	case reflect.Struct:
		plan := textPlanOf(v.Type())
		if own := textSourceOf(v); own != nil {
			src = own
			t.path[len(t.path)-1].src = own
		}
		for _, f := range plan.fields {
			t.path = append(t.path, textStep{key: f.name, index: -1})
			t.walk(v.Field(f.index), src, f.limit)
			t.path = t.path[:len(t.path)-1]
		}
	case reflect.Slice:
		structs := isStructType(v.Type().Elem())
		for i := 0; i < v.Len(); i++ {
			item := v.Index(i)
			step := textStep{index: i}
			if structs {
				step.id = textItemID(item)
			}
			t.path = append(t.path, step)
			t.walk(item, src, limit)
			t.path = t.path[:len(t.path)-1]
		}
	case reflect.Map:
		if v.Len() == 0 {
			return
		}
		// In key order, so that which problems are listed past
		// MaxTextProblems does not change from run to run.
		keys := v.MapKeys()
		if len(keys) > 1 {
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		}
		for _, k := range keys {
			value := v.MapIndex(k)
			t.path = append(t.path, textStep{key: k.String(), index: -1})
			var keySrc *strictyaml.Source
			if value.Kind() == reflect.Struct {
				// A map value is a copy, not addressable; a struct's
				// Source knows where its key was written.
				copied := reflect.New(value.Type()).Elem()
				copied.Set(value)
				value, keySrc = copied, textSourceOf(copied)
			}
			t.text(k.String(), MaxLabelLength, src, keySrc, true)
			t.walk(value, src, limit)
			t.path = t.path[:len(t.path)-1]
		}
	}
}

// textSourceOf returns a pointer to v's Source field, or nil when it has
// none or v is not addressable.
func textSourceOf(v reflect.Value) *strictyaml.Source {
	p := textPlanOf(v.Type())
	if p.source < 0 || !v.CanAddr() {
		return nil
	}
	return v.Field(p.source).Addr().Interface().(*strictyaml.Source)
}

// where builds the field name and the position of the string the walk
// is at: a value's, or a map key's when isKey; keySrc, when not nil, is
// the Source of the struct such a key names, which knows where it is.
func (t *textCheck) where(src, keySrc *strictyaml.Source, isKey bool) (string, diag.Pos) {
	var field, rel strings.Builder
	for _, s := range t.path {
		if s.index < 0 {
			if s.key != "" && field.Len() > 0 {
				field.WriteByte('.')
			}
			field.WriteString(s.key)
			if rel.Len() > 0 {
				rel.WriteByte('.')
			}
			rel.WriteString(s.key)
		} else {
			index := "[" + strconv.Itoa(s.index) + "]"
			if s.id != "" {
				field.WriteString("[" + s.id + "]")
			} else {
				field.WriteString(index)
			}
			rel.WriteString(index)
		}
		if s.src != nil && s.src == src {
			rel.Reset() // keys of src start after this step
		}
	}
	switch {
	case keySrc != nil:
		return field.String(), keySrc.KeyPos()
	case isKey:
		return field.String(), src.NameAt(rel.String())
	}
	return field.String(), src.At(rel.String())
}

// text checks one string that may be limit characters long; a map's key
// is checked with isKey and keySrc, the Source of the struct it names, or
// nil when it names a value.
func (t *textCheck) text(s string, limit int, src, keySrc *strictyaml.Source, isKey bool) {
	if len(s) > limit { // characters ≤ bytes: only long text is counted
		if n := utf8.RuneCountInString(s); n > limit {
			t.long++
			field, pos := t.where(src, keySrc, isKey)
			hint := "a label is a few words; put longer text in a description"
			if limit == MaxProseLength {
				hint = "shorten it, and link to a longer document if needed"
			}
			if t.long > MaxTextProblems {
				t.lastLong = pos
			} else {
				t.errs.Add(pos, field, hint, "text is %d characters long, more than the limit of %d", n, limit)
			}
		}
	}
	r, at, ok := reveal.Find(s)
	if !ok {
		return
	}
	t.hidden++
	field, pos := t.where(src, keySrc, isKey)
	if t.hidden > MaxTextProblems {
		t.lastHidden = pos
		return
	}
	t.warns = append(t.warns, diag.Warn(pos, field,
		fmt.Sprintf("remove it unless it is meant; reports show it as <%s>", reveal.Code(r)),
		"text contains the hidden character %s (character %d), which can make it display differently from what it holds",
		reveal.Name(r), utf8.RuneCountInString(s[:at])+1))
}

func isStructType(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct
}

// textItemID returns the ID field of a struct list item, "" when it has none.
func textItemID(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if p := textPlanOf(v.Type()); p.id >= 0 {
		return v.Field(p.id).String()
	}
	return ""
}

// textPlan lists the YAML fields of a struct type that can hold text,
// and where its Source and ID fields are.
type textPlan struct {
	fields []textField
	source int // index of the strictyaml.Source field, or -1
	id     int // index of the ID string field, or -1
}

type textField struct {
	index int
	name  string
	limit int // MaxLabelLength or MaxProseLength
}

var (
	textPlans      sync.Map // reflect.Type → *textPlan
	textSourceType = reflect.TypeOf(strictyaml.Source{})
)

func textPlanOf(t reflect.Type) *textPlan {
	if p, ok := textPlans.Load(t); ok {
		return p.(*textPlan)
	}
	p := &textPlan{source: -1, id: -1}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "ID" && f.Type.Kind() == reflect.String {
			p.id = i
		}
		if f.Type == textSourceType {
			p.source = i
			continue
		}
		if name, _, ok := strictyaml.FieldName(f); ok && holdsText(f.Type) {
			limit := MaxLabelLength
			if proseKeys[name] {
				limit = MaxProseLength
			}
			p.fields = append(p.fields, textField{index: i, name: name, limit: limit})
		}
	}
	textPlans.Store(t, p)
	return p
}

// holdsText reports whether values of t can hold strings, so that the
// walk skips numbers and booleans without visiting them.
func holdsText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Struct, reflect.Map:
		return true
	case reflect.Pointer, reflect.Slice:
		return holdsText(t.Elem())
	}
	return false
}
