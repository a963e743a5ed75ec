package modeldiff

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
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
		Rules: none,
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

// TestFieldListsComplete checks that every key of the model types is
// compared: a field added to model/types.go must be added to fields.go.
func TestFieldListsComplete(t *testing.T) {
	names := func(fs []field) map[string]bool {
		out := map[string]bool{}
		for _, f := range fs {
			name := f.name
			if i := strings.Index(name, "."); i >= 0 {
				name = name[:i]
			}
			out[name] = true
		}
		return out
	}
	flow := model.Flow{Options: map[string]string{"pairing": "x"}}
	cases := []struct {
		typ    any
		fields []field
		skip   []string
	}{
		{model.System{}, systemFields(model.System{}), nil},
		{model.DataAsset{}, dataItem(model.DataAsset{}).fields, []string{"id"}},
		{model.Boundary{}, boundaryItem(model.Boundary{}).fields, []string{"id"}},
		{model.Element{}, elementItem(model.Element{}).fields, []string{"id"}},
		{flow, flowItem(flow).fields, []string{"id"}},
		{model.Tracking{}, trackingFields(model.Tracking{}), nil},
		{model.Rule{}, ruleItem(model.Rule{}).fields, []string{"id", "examples"}},
	}
	for _, c := range cases {
		have := names(c.fields)
		typ := reflect.TypeOf(c.typ)
		for i := 0; i < typ.NumField(); i++ {
			key, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			if key == "" || key == "-" || slices.Contains(c.skip, key) {
				continue
			}
			if !have[key] {
				t.Errorf("%s: key %q is not compared (add it to fields.go)", typ.Name(), key)
			}
		}
	}
}
