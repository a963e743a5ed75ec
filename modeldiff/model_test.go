package modeldiff

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// parse loads a model held in a string; it must be valid.
func parse(t *testing.T, src string) *model.Model {
	t.Helper()
	loaded, diags := model.Parse("model.yaml", []byte(src), model.Options{})
	if len(diags) > 0 {
		t.Fatalf("invalid test model: %v", diags)
	}
	return loaded.Model
}

const oldModel = `iotthreat: 1
system: {name: Acme Lock, criticality: high}
data:
  - {id: code, classification: secret}
  - {id: log, classification: personal}
boundaries:
  - {id: door, kind: physical}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
elements:
  - {id: lock, kind: device, boundary: door, radios: [ble], controls: [secure-boot, debug-disabled]}
  - {id: app, kind: mobile-client, boundary: phone}
  - {id: api, kind: support-service, boundary: cloud}
flows:
  - {id: setup, from: app, to: lock, protocol: ble, data: [code], encryption: link, options: {pairing: just-works, secure_connections: "false"}}
  - {id: up, from: app, to: api, protocol: http, data: [log], encryption: none}
tracking:
  R-001@up: {status: accepted, reason: "pen test", until: 2027-06-30}
`

// newModel changes oldModel: formatting and list order (not changes), one
// field of each kind, and items added and removed.
const newModel = `iotthreat: 1
system:
  name: Acme Lock
  criticality: critical
product:
  support_until: 2031-12-31
attack_paths:
  not_entries: [{id: insider, reason: no staff}]
data:
  - {id: log, classification: personal}
  - {id: code, classification: secret, integrity: critical}
  - {id: photo, classification: sensitive}
boundaries:
  - {id: door, kind: physical}
  - {id: phone, kind: mobile-device}
  - {id: cloud, kind: vendor-cloud}
elements:
  - id: lock
    kind: device
    boundary: door
    radios: [ble]
    controls: [signed-firmware, secure-boot]
  - {id: app, kind: mobile-client, boundary: phone}
  - {id: api, kind: support-service, boundary: cloud, internet_facing: true}
  - {id: store, kind: datastore, boundary: cloud, stores: [photo]}
flows:
  - {id: setup, from: app, to: lock, protocol: ble, data: [code], encryption: link, options: {pairing: numeric-comparison}}
  - {id: up, from: app, to: api, protocol: https, data: [log], encryption: tls, authentication: token}
tracking:
  R-001@up: {status: false-positive, reason: "pen test", until: 2027-06-30}
`

func TestCompareModels(t *testing.T) {
	got := CompareModels(parse(t, oldModel), parse(t, newModel))
	scalar := func(field, o, n string) FieldChange {
		return FieldChange{Field: field, Old: o, New: n, Added: []string{}, Removed: []string{}}
	}
	none := Changes{Added: []string{}, Removed: []string{}, Changed: []Change{}}
	want := ModelChanges{
		System: []FieldChange{scalar("criticality", "high", "critical")},
		// A product block written where there was none: its fields added.
		Product: []FieldChange{scalar("support_until", "", "2031-12-31")},
		// A list of settings, each compared as one line of text.
		AttackPaths: []FieldChange{{Field: "not_entries", Old: "", New: "insider: no staff", Added: []string{"insider: no staff"}, Removed: []string{}}},
		Data: Changes{Added: []string{"photo"}, Removed: []string{}, Changed: []Change{
			{ID: "code", Fields: []FieldChange{scalar("integrity", "", "critical")}},
		}},
		Boundaries: none,
		Elements: Changes{Added: []string{"store"}, Removed: []string{}, Changed: []Change{
			{ID: "api", Fields: []FieldChange{scalar("internet_facing", "", "true")}},
			{ID: "lock", Fields: []FieldChange{{Field: "controls", Old: "debug-disabled, secure-boot", New: "secure-boot, signed-firmware",
				Added: []string{"signed-firmware"}, Removed: []string{"debug-disabled"}}}},
		}},
		Flows: Changes{Added: []string{}, Removed: []string{}, Changed: []Change{
			{ID: "setup", Fields: []FieldChange{
				scalar("options.pairing", "just-works", "numeric-comparison"),
				scalar("options.secure_connections", "false", ""),
			}},
			{ID: "up", Fields: []FieldChange{
				scalar("protocol", "http", "https"),
				scalar("encryption", "none", "tls"),
				scalar("authentication", "", "token"),
			}},
		}},
		Tracking: Changes{Added: []string{}, Removed: []string{}, Changed: []Change{
			{ID: "R-001@up", Fields: []FieldChange{scalar("status", "accepted", "false-positive")}},
		}},
		Rules: none, Threats: none,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CompareModels =\n%+v\nwant\n%+v", got, want)
	}
	// The other way round, additions are removals.
	back := CompareModels(parse(t, newModel), parse(t, oldModel))
	if !reflect.DeepEqual(back.Data.Removed, []string{"photo"}) || !reflect.DeepEqual(back.Elements.Removed, []string{"store"}) {
		t.Errorf("reverse: data removed %v, elements removed %v", back.Data.Removed, back.Elements.Removed)
	}
}

func TestCompareModelsSame(t *testing.T) {
	// The same model written differently: other positions, flow style,
	// list order. Nothing changed.
	reformatted := strings.Replace(oldModel, "controls: [secure-boot, debug-disabled]", "controls: [debug-disabled, secure-boot]", 1)
	reformatted = strings.Replace(reformatted, "data:\n", "\n\ndata:\n", 1)
	got := CompareModels(parse(t, oldModel), parse(t, reformatted))
	if !got.Empty() {
		t.Errorf("CompareModels of the same model = %+v, want no changes", got)
	}
}

func TestCompareRules(t *testing.T) {
	rule := `iotthreat: 1
system: {name: X}
rules:
  - id: ACME-NET-001
    title: Cleartext
    target: {type: flow}
    condition: '!flow.encrypted'
    stride: [information-disclosure]
    likelihood: medium
    impact: high
    mitigation: Encrypt it.
    references: {cwe: [319]}
`
	changed := strings.NewReplacer("impact: high", "impact: critical", "cwe: [319]", "cwe: [319, 311]").Replace(rule)
	got := CompareModels(parse(t, rule), parse(t, changed)).Rules
	want := Changes{Added: []string{}, Removed: []string{}, Changed: []Change{{ID: "ACME-NET-001", Fields: []FieldChange{
		{Field: "impact", Old: "high", New: "critical", Added: []string{}, Removed: []string{}},
		{Field: "references.cwe", Old: "319", New: "311, 319", Added: []string{"311"}, Removed: []string{}},
	}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules = %+v, want %+v", got, want)
	}
}

// TestEveryFieldCompared checks that every key of the model types is
// compared: fields are found by reflection, but one of a type fields.go
// cannot read would be skipped. Nested mappings (rules[].references) are
// checked key by key; a map is covered by its entries (options.pairing).
func TestEveryFieldCompared(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[model.System](), reflect.TypeFor[model.DataAsset](), reflect.TypeFor[model.Boundary](),
		reflect.TypeFor[model.Element](), reflect.TypeFor[model.Flow](), reflect.TypeFor[model.Tracking](),
		reflect.TypeFor[model.Rule](),
	} {
		if missed := uncompared(typ); len(missed) > 0 {
			t.Errorf("%s: keys %v are not compared: teach fields.go to read their type, or list it in notCompared", typ.Name(), missed)
		}
	}
}

// TestUncomparedFindsUnknownTypes shows the check above can fail: keys
// whose types fields.go does not read are reported, nested ones by path.
func TestUncomparedFindsUnknownTypes(t *testing.T) {
	type inner struct {
		Name  string  `yaml:"name"`
		Ratio float64 `yaml:"ratio"`
	}
	type item struct {
		ID      string            `yaml:"id"`
		Weight  float32           `yaml:"weight"`
		Parts   []inner           `yaml:"parts"`
		Nested  inner             `yaml:"nested"`
		Labels  map[string]string `yaml:"labels"`
		Counts  []int             `yaml:"counts"`
		Skipped string            `yaml:"-"`
	}
	got := uncompared(reflect.TypeFor[item]())
	want := []string{"weight", "parts", "nested.ratio"}
	if !slices.Equal(got, want) {
		t.Errorf("uncompared = %v, want %v", got, want)
	}
}

// uncompared lists the keys of the struct type typ (the item id aside)
// for which reduce yields no field.
func uncompared(typ reflect.Type) []string {
	have := map[string]bool{}
	v := sample(typ)
	for _, f := range addFields(nil, v, "", new(string)) {
		for name := f.name; name != ""; {
			have[name] = true
			i := strings.LastIndex(name, ".")
			if i < 0 {
				break
			}
			name = name[:i]
		}
	}
	var missed []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			key, _, ok := strictyaml.FieldName(t.Field(i))
			ft := t.Field(i).Type
			switch {
			case !ok || (prefix == "" && key == "id") || notCompared[ft]:
			case ft.Kind() == reflect.Struct && textOf[ft] == nil:
				walk(ft, prefix+key+".")
			case !have[prefix+key]:
				missed = append(missed, prefix+key)
			}
		}
	}
	walk(typ, "")
	return missed
}

// sample is a zero value of the struct type t with one entry in each map,
// so that map fields yield a field to see.
func sample(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	for i := range t.NumField() {
		f := v.Field(i)
		switch {
		case !t.Field(i).IsExported():
		case f.Kind() == reflect.Map && f.Type().Key().Kind() == reflect.String:
			m := reflect.MakeMap(f.Type())
			m.SetMapIndex(reflect.ValueOf("key").Convert(f.Type().Key()), reflect.Zero(f.Type().Elem()))
			f.Set(m)
		case f.Kind() == reflect.Struct:
			f.Set(sample(f.Type()))
		}
	}
	return v
}

// TestEveryModelSectionCompared checks that each list or map of the
// model's top level is a section of ModelChanges, or one the package
// documents as not compared: a new section needs a place in the diff.
func TestEveryModelSectionCompared(t *testing.T) {
	sections := map[string]bool{"system": true, "product": true, "attack_paths": true}
	for _, s := range (ModelChanges{}).Sections() {
		sections[s.Name] = true
	}
	notSections := []string{"iotthreat", "include", "vocabulary"}
	typ := reflect.TypeFor[model.Model]()
	for i := range typ.NumField() {
		key, _, ok := strictyaml.FieldName(typ.Field(i))
		if ok && !sections[key] && !slices.Contains(notSections, key) {
			t.Errorf("model key %q is not compared: add a section to ModelChanges", key)
		}
	}
}
