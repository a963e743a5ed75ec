package vocab

import (
	"slices"
	"strings"
	"testing"
)

// parseExt parses a vocabulary extension; it must be well-formed YAML.
func parseExt(t *testing.T, src string) *Vocabulary {
	t.Helper()
	ext, diags := Parse("ext.yaml", []byte(src))
	if len(diags) > 0 {
		t.Fatalf("extension does not parse: %v", diags)
	}
	return ext
}

func TestBuiltinIsLoadedOnce(t *testing.T) {
	first, second := Builtin(), Builtin()
	if first != second {
		t.Error("Builtin() parsed the embedded files again")
	}
}

func TestBuiltinLookups(t *testing.T) {
	v := Builtin()
	https, ok := v.Protocol("https")
	if !ok || https.Name != "HTTPS" || !slices.Equal(https.Encryption, []string{"tls"}) {
		t.Errorf("Protocol(https) = %+v, %v; want HTTPS allowing only tls", https, ok)
	}
	if _, ok := v.Protocol("HTTPS"); ok {
		t.Error("ids are case-sensitive, but Protocol(HTTPS) was found")
	}
	ble, _ := v.Protocol("ble")
	pairing, ok := ble.Option("pairing")
	if !ok || !slices.Contains(pairing.ValueIDs(), "just-works") {
		t.Errorf("ble option pairing = %+v, %v; want one with the value just-works", pairing, ok)
	}
	if _, ok := ble.Option("nonsense"); ok {
		t.Error("ble has no option nonsense, but Option found one")
	}
	if got := v.TermIDs("level"); !slices.Equal(got, []string{"low", "medium", "high", "critical"}) {
		t.Errorf("TermIDs(level) = %v", got)
	}
	if v.Rank("level", "low") != 0 || v.Rank("level", "critical") != 3 || v.Rank("level", "extreme") != -1 || v.Rank("nonsense", "low") != -1 {
		t.Errorf("Rank: low %d, critical %d, extreme %d, in an unknown enumeration %d",
			v.Rank("level", "low"), v.Rank("level", "critical"), v.Rank("level", "extreme"), v.Rank("nonsense", "low"))
	}
	if !v.HasTerm("role", "owner") || v.HasTerm("role", "janitor") {
		t.Error("HasTerm: want role owner, not role janitor")
	}
	for name, ids := range map[string][]string{"ProtocolIDs": v.ProtocolIDs(), "ControlIDs": v.ControlIDs()} {
		if !slices.IsSorted(ids) || len(ids) == 0 {
			t.Errorf("%s is empty or not sorted: %v", name, ids)
		}
	}
	if ids := v.ElementKindIDs(); ids[0] != v.ElementKinds[0].ID || len(ids) != len(v.ElementKinds) {
		t.Errorf("ElementKindIDs = %v, not in definition order", ids)
	}
	if _, ok := v.Control("secure-boot"); !ok {
		t.Error("Control(secure-boot) not found")
	}
	if _, ok := v.Standard("etsi-en-303-645"); !ok {
		t.Error("Standard(etsi-en-303-645) not found")
	}
	if k, ok := v.BoundaryKind("internet"); !ok || k.Exposure != "internet" {
		t.Errorf("BoundaryKind(internet) = %+v, %v", k, ok)
	}
}

// Extend adds new words to a copy: the base vocabulary is left as it was,
// and the new entries come after the built-in ones.
func TestExtendMerges(t *testing.T) {
	base := Builtin()
	nProtocols, nRoles := len(base.Protocols), len(base.Enums["role"])
	ext := parseExt(t, `protocols:
  - {id: acme-bus, name: Acme bus, description: d, medium: wired, range: local, encryption: [none]}
controls:
  - {id: tamper-switch, name: Tamper switch, description: d, applies_to: [device]}
element_kinds:
  - {id: robot, name: Robot, description: d, attributes: [physical_access]}
boundary_kinds:
  - {id: factory-floor, name: Factory floor, description: d, exposure: physical, controlled_by: site-operator}
enums:
  role:
    - {id: janitor, description: Cleans the site.}
`)
	out, diags := base.Extend(ext)
	if len(diags) > 0 {
		t.Fatalf("Extend: %v", diags)
	}
	if p, ok := out.Protocol("acme-bus"); !ok || p.Name != "Acme bus" {
		t.Errorf("Protocol(acme-bus) = %+v, %v", p, ok)
	}
	if _, ok := out.Protocol("https"); !ok {
		t.Error("the built-in protocols were lost")
	}
	for name, ok := range map[string]bool{
		"control":       func() bool { _, ok := out.Control("tamper-switch"); return ok }(),
		"element kind":  func() bool { _, ok := out.ElementKind("robot"); return ok }(),
		"boundary kind": func() bool { _, ok := out.BoundaryKind("factory-floor"); return ok }(),
		"enum value":    out.HasTerm("role", "janitor"),
	} {
		if !ok {
			t.Errorf("the new %s is missing", name)
		}
	}
	if got := out.TermIDs("role"); len(got) != nRoles+1 || got[nRoles] != "janitor" {
		t.Errorf("roles = %v, want the built-in ones then janitor", got)
	}
	if len(out.Protocols) != nProtocols+1 || out.Protocols[nProtocols].ID != "acme-bus" {
		t.Errorf("protocols: %d, last %q; want %d, last acme-bus", len(out.Protocols), out.Protocols[len(out.Protocols)-1].ID, nProtocols+1)
	}
	if _, ok := base.Protocol("acme-bus"); ok || len(base.Protocols) != nProtocols || base.HasTerm("role", "janitor") {
		t.Error("Extend changed the base vocabulary")
	}
}

// Every refusal is located at the id in the extension: a redefined entry
// of each kind, a scale, an unknown enumeration (with a suggestion) and
// an id defined twice in the extension itself.
func TestExtendRefuses(t *testing.T) {
	ext := parseExt(t, `protocols:
  - {id: https, name: H, description: d, medium: ip, range: global}
  - {id: acme-bus, name: A, description: d, medium: wired, range: local}
  - {id: acme-bus, name: A, description: d, medium: wired, range: local}
controls:
  - {id: secure-boot, name: S, description: d, applies_to: [device]}
element_kinds:
  - {id: device, name: D, description: d}
boundary_kinds:
  - {id: internet, name: I, description: d, exposure: internet, controlled_by: nobody}
standards:
  - {id: owasp-isvs, name: X, items: [{id: V1, title: t}]}
enums:
  level:
    - {id: extreme, description: d}
  rol:
    - {id: janitor, description: d}
  role:
    - {id: owner, description: d}
`)
	out, diags := Builtin().Extend(ext)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	const redefined = "\n\thint: choose a new id; built-in entries cannot be redefined"
	want := []string{
		`ext.yaml:8:10: vocabulary: element kind "device" is already defined` + redefined,
		`ext.yaml:10:10: vocabulary: boundary kind "internet" is already defined` + redefined,
		`ext.yaml:2:10: vocabulary: protocol "https" is already defined` + redefined,
		`ext.yaml:6:10: vocabulary: control "secure-boot" is already defined` + redefined,
		`ext.yaml:12:10: vocabulary: standard "owasp-isvs" is already defined` + redefined,
		"ext.yaml:15:12: vocabulary.enums.level: the level scale cannot be extended\n\thint: scales are fixed so that rules can compare them",
		"ext.yaml:17:12: vocabulary.enums.rol: unknown enumeration \"rol\"\n\thint: did you mean \"role\"?",
		`ext.yaml:19:12: vocabulary: value of role "owner" is already defined` + redefined,
		"ext.yaml:4:10: protocol: duplicate protocol \"acme-bus\"\n\thint: give each entry its own id",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Extend diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The built-in meaning stands: the refused https is not the one kept.
	if p, _ := out.Protocol("https"); p.Name != "HTTPS" || out.HasTerm("level", "extreme") {
		t.Errorf("a refused entry replaced or extended a built-in one: https is %q", p.Name)
	}
}
