package modelyaml

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.yaml")

// roundTrip marshals imp, parses the result as a model file and checks
// that it is valid (when valid is set) and holds the same model. It
// returns the bytes written.
func roundTrip(t *testing.T, name string, imp *interchange.Import, valid bool) []byte {
	t.Helper()
	out, err := Marshal(imp)
	if err != nil {
		t.Fatalf("%s: Marshal: %v", name, err)
	}
	loaded, diags := model.Parse(name, out, model.Options{})
	if valid && len(diags) > 0 {
		t.Fatalf("%s: the written model does not validate:\n%s\n--- written:\n%s", name, diags.Error(), out)
	}
	if loaded == nil {
		t.Fatalf("%s: Parse returned no model:\n%s", name, diags.Error())
	}
	if want, got := normal(imp.Model), normal(loaded.Model); !reflect.DeepEqual(want, got) {
		t.Fatalf("%s: the model read back differs from the one written\nwant %+v\ngot  %+v\n--- written:\n%s", name, want, got, out)
	}
	// Writing what was read back gives the same file: the output is a
	// fixed point, so importing twice never churns a diff.
	again, err := Marshal(&interchange.Import{Model: loaded.Model, Notes: imp.Notes})
	if err != nil {
		t.Fatalf("%s: Marshal of the read-back model: %v", name, err)
	}
	if !bytes.Equal(out, again) {
		t.Fatalf("%s: writing the read-back model gives other bytes:\n%s\n--- first:\n%s", name, again, out)
	}
	checkFlowWidth(t, name, out)
	return out
}

// checkFlowWidth fails when a line written in flow style ("- {…}",
// "key: […]") is longer than MaxWidth: layout measures flow lines
// without encoding them, and this checks the measure.
func checkFlowWidth(t *testing.T, name string, out []byte) {
	t.Helper()
	for i, line := range strings.Split(string(out), "\n") {
		body := strings.TrimLeft(line, " ")
		_, value, isKey := strings.Cut(body, ": ")
		flow := strings.HasPrefix(body, "- {") || strings.HasPrefix(body, "- [") ||
			isKey && (strings.HasPrefix(value, "{") || strings.HasPrefix(value, "["))
		if flow && utf8.RuneCountInString(line) > MaxWidth {
			t.Errorf("%s:%d: flow line of %d columns: %q", name, i+1, utf8.RuneCountInString(line), line)
		}
	}
}

// normal is a copy of a model value holding only what the model file
// says: no source positions or file lists (yaml:"-" fields), no
// unexported caches, and empty lists and maps as nil (a file that writes
// controls: [] and one that leaves it out say the same).
func normal(x any) any { return normalValue(reflect.ValueOf(x)).Interface() }

func normalValue(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(normalValue(v.Elem()))
			out.Set(p)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if _, _, ok := strictyaml.FieldName(v.Type().Field(i)); ok {
				out.Field(i).Set(normalValue(v.Field(i)))
			}
		}
	case reflect.Slice:
		if v.Len() > 0 {
			s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for i := range v.Len() {
				s.Index(i).Set(normalValue(v.Index(i)))
			}
			out.Set(s)
		}
	case reflect.Map:
		if v.Len() > 0 {
			m := reflect.MakeMapWithSize(v.Type(), v.Len())
			for _, k := range v.MapKeys() {
				m.SetMapIndex(k, normalValue(v.MapIndex(k)))
			}
			out.Set(m)
		}
	default:
		out.Set(v)
	}
	return out
}

// load reads a model file that must be valid.
func load(t *testing.T, path string) *model.Model {
	t.Helper()
	l, diags, err := model.Load(path, model.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("%s: %v %s", path, err, diags.Error())
	}
	return l.Model
}

// Every example model, written and read back, is the same model.
func TestRoundTripExamples(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	if len(files) < 5 {
		t.Fatalf("found %d example models, want the examples directory", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			m := load(t, f)
			roundTrip(t, filepath.Base(f), &interchange.Import{Model: m}, true)
		})
	}
}

// A model with every section: a vocabulary extension (a protocol and a
// control the built-ins lack, an enumeration value), rules with examples,
// threats, tracking, onboarding, services, flow options.
func TestRoundTripEverySection(t *testing.T) {
	m := load(t, "testdata/full.yaml")
	out := roundTrip(t, "full.yaml", &interchange.Import{Model: m}, true)
	for _, want := range []string{
		"\nvocabulary:\n  protocols:\n    - id: dali\n",
		"\n  enums:\n    debug_interface:\n      - {id: spi-flash, description: Flash readable with a clip.}\n",
		"closes_after_setup: false",
		"internet_facing: false",
		"\n  - {id: actuator, kind: device, boundary: site}\n",
		"\n    options: {pairing: numeric-comparison, secure_connections: \"true\"}\n",
		"\n  ACME-THREAT-001@lock: {status: in-progress, ticket: SEC-12}\n",
		"\n    until: \"2027-01-31\"\n",
		"    description: |\n      The installer learns",
		"\n    target: {type: element, kinds: [device]}\n",
		"    examples:\n      positive:\n        elements:\n          - {id: sensor, kind: device, debug_interfaces: [uart]}\n",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// The same input always gives the same bytes, whatever the order Go
// visits maps in (tracking, options, enums).
func TestStable(t *testing.T) {
	m := load(t, "testdata/full.yaml")
	imp := &interchange.Import{Model: m, Notes: map[string][]string{
		"": {"head"}, "elements[lock]": {"a", "b"}, "tracking[IOT-BLE-001@setup]": {"c"}, "nowhere[x]": {"d"}, "other[y]": {"e"},
	}}
	first, err := Marshal(imp)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := Marshal(imp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("output changed between runs:\n%s\n---\n%s", first, again)
		}
	}
}

// A small import with notes on the file, an element, a flow and a
// tracking entry: the layout a person reviews (look at the golden file).
func TestGolden(t *testing.T) {
	imp := interchange.New("Acme Lock", "Threat Dragon file lock.json")
	m := imp.Model
	m.Data = []model.DataAsset{{ID: "code", Name: "Door code", Classification: "secret"}}
	m.Boundaries = []model.Boundary{{ID: "home", Name: "Home network", Kind: "local-network"}, {ID: "lock-case", Kind: "physical", Within: "home"}}
	m.Elements = []model.Element{
		{ID: "lock", Name: "Door lock", Kind: "device", Boundary: "lock-case", Radios: []string{"ble"}},
		{ID: "app", Name: "Lock app", Kind: "mobile-client", Description: "The owner's phone app, which opens the door, shares keys with guests and shows the log of who came in."},
	}
	m.Flows = []model.Flow{{ID: "unlock", Name: "Unlock", From: "app", To: "lock", Protocol: "ble", Data: []string{"code"}, Encryption: "link", Authentication: "pairing"}}
	m.Threats = []model.Threat{{ID: "TD-1", Title: "Replay of the unlock message", Target: "unlock", STRIDE: []string{"spoofing"}, Severity: "high", Source: "Threat Dragon"}}
	m.Tracking = map[string]model.Tracking{"TD-1@unlock": {Status: "mitigated"}}
	imp.Note("elements[lock]", "Threat Dragon says nothing of the lock's physical access, debug interfaces or firmware updates; they are left out (unknown), so the rules that need them stay silent.")
	imp.Note("flows[unlock]", "Threat Dragon marks the flow encrypted without saying how; encryption: link is assumed.")
	imp.Note("flows[unlock]", "The source's protocol \"Bluetooth LE\" maps to ble.")
	imp.Note("tracking[TD-1@unlock]", "Threat Dragon status Mitigated.")
	out := roundTrip(t, "golden", imp, true)
	golden := filepath.Join("testdata", "small.golden.yaml")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("output differs from %s (run with -update and review):\n%s", golden, out)
	}
}

// Text from another tool's file is untrusted: line breaks, YAML syntax,
// quotes, a leading dash, hidden bidirectional characters, long labels
// and lone surrogates' replacement must all come back as written, and a
// note must never become model content.
func TestHostileText(t *testing.T) {
	hostile := []string{
		"line one\nline two",
		"trailing newline\n",
		"\n leading newline and space",
		"  leading spaces",
		"trailing spaces  ",
		"key: value",
		"a # not a comment",
		"#starts with a hash",
		"- looks like an item",
		"? looks like a key",
		"[not, a, list]",
		"{not: a map}",
		"'single' and \"double\" quotes",
		"&anchor *alias !tag %directive @at `tick`",
		"yes", "no", "null", "~", "true", "1.0", "0x10", "1e3", "2026-01-31", ".inf",
		"tab\there",
		"crlf\r\nline",
		"bell\x07 and escape\x1b[31m",
		"next line\u0085 line separator\u2028 paragraph\u2029",
		"right-to-left \u202eoverride\u202c and zero\u200bwidth",
		"BOM \ufeff inside",
		"unicode: Grüße, 東京, 🔒",
		"\ufffd replacement character",
		strings.Repeat("x", model.MaxLabelLength),
		strings.Repeat("ab ", model.MaxLabelLength/3),
		"--- document marker",
		"... end marker",
		"|",
		">",
		"",
	}
	for i, s := range hostile {
		imp := interchange.New(label(s), "test")
		m := imp.Model
		m.System.Description = s
		m.System.Owner = label(s)
		m.Data = []model.DataAsset{{ID: "d", Name: label(s), Description: s, Tags: []string{s, "plain"}}}
		m.Elements = []model.Element{
			{ID: "a", Name: label(s), Kind: "device", Description: s, Technology: label(s), OS: label(s), FirmwareVersion: label(s)},
			{ID: "b", Kind: "third-party-service", Provider: label(s)},
		}
		m.Flows = []model.Flow{{ID: "f", Name: label(s), Description: s, From: "a", To: "b", Protocol: "https", Encryption: "tls", Authentication: "token"}}
		m.Threats = []model.Threat{{ID: "X-1", Title: label(s), Description: s, Mitigation: s, Source: label(s), Target: "a", STRIDE: []string{"spoofing"}, Severity: "low"}}
		m.Tracking = map[string]model.Tracking{"X-1@a": {Status: "accepted", Reason: "because " + s, Ticket: label(s), By: label(s)}}
		imp.Note("", "%s", s)
		imp.Note("elements[a]", "%s", s)
		imp.Note("elements[a]", "injected\u2028system: {name: evil}\u0085flows: []\rdata: []")
		imp.Note("tracking[X-1@a]", "%s", s)
		imp.Note("no-such[item]", "%s", s)
		roundTrip(t, "hostile-"+string(rune('a'+i%26)), imp, true)
	}
}

// label is s as a label: the system name may not be empty, and labels
// are single lines.
func label(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ", "\u0085", " ", "\u2028", " ", "\u2029", " ").Replace(s)
	if strings.TrimSpace(s) == "" {
		return "x"
	}
	return s
}

// Long map keys (a finding id of a long target) are written as YAML
// complex keys and read back.
func TestLongTrackingKey(t *testing.T) {
	imp := interchange.New("Long", "test")
	id := strings.Repeat("e", 200)
	imp.Model.Elements = []model.Element{{ID: id, Kind: "device"}}
	imp.Model.Tracking = map[string]model.Tracking{"IOT-HYG-002@" + id: {Status: "false-positive", Reason: "It is alone on purpose."}}
	imp.Note("tracking[IOT-HYG-002@"+id+"]", "A long key.")
	roundTrip(t, "long", imp, false)
}

// Notes go above the item they name, wrapped, and notes about items that
// do not exist go to the head of the file rather than be lost.
func TestNotesPlacement(t *testing.T) {
	imp := interchange.New("Notes", "a test")
	imp.Model.Elements = []model.Element{{ID: "a", Kind: "device"}, {ID: "b", Kind: "device"}}
	long := strings.Repeat("word ", 40)
	imp.Note("elements[b]", "%s", long)
	imp.Note("elements[zz]", "orphan note")
	imp.Note("system", "about the system")
	out, err := Marshal(imp)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	head, body, _ := strings.Cut(text, "\niotthreat: 1\n")
	if !strings.Contains(head, "# elements[zz]: orphan note\n") || !strings.HasPrefix(head, modeline+"\n") {
		t.Errorf("head lacks the modeline or the orphan note:\n%s", text)
	}
	if !strings.Contains(body, "# about the system\nsystem:") {
		t.Errorf("section note not above system:\n%s", text)
	}
	b := strings.Index(body, "  - {id: b, kind: device}")
	if b < 0 || !strings.HasSuffix(body[:b], "word\n") {
		t.Errorf("note not directly above item b:\n%s", text)
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") && len(line) > CommentWidth {
			t.Errorf("comment line of %d columns: %q", len(line), line)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if len(line) > MaxWidth && strings.Contains(line, "{") {
			t.Errorf("flow line over %d columns: %q", MaxWidth, line)
		}
	}
}

// Layout: short items on one line, long ones as blocks, set pointers to
// false written, empty fields left out.
func TestLayout(t *testing.T) {
	imp := interchange.New("Layout", "a test")
	no := false
	imp.Model.Elements = []model.Element{
		{ID: "a", Kind: "device", Boundary: "home", InternetFacing: &no},
		{ID: "b", Kind: "device", Description: strings.TrimSpace(strings.Repeat("long ", 30))},
	}
	imp.Model.Boundaries = []model.Boundary{{ID: "home", Kind: "local-network"}}
	out, err := Marshal(imp)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\n  - {id: a, kind: device, boundary: home, internet_facing: false}\n",
		"\n  - id: b\n    kind: device\n    description: long long",
		"\n  - {id: home, kind: local-network}\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, absent := range []string{"    name:", "tracking:", "flows:", "stores:", "instances:", "safety_critical:"} {
		if strings.Contains(string(out), absent) {
			t.Errorf("output has empty field %s:\n%s", absent, out)
		}
	}
	// Sections come in declaration order: boundaries before elements.
	if strings.Index(string(out), "\nboundaries:") > strings.Index(string(out), "\nelements:") {
		t.Errorf("sections out of order:\n%s", out)
	}
}

// What the model format cannot hold is an error, never a panic or a file
// that does not parse.
func TestMarshalErrors(t *testing.T) {
	if _, err := Marshal(nil); err == nil {
		t.Error("Marshal(nil) gave no error")
	}
	if _, err := Marshal(&interchange.Import{}); err == nil {
		t.Error("Marshal of an Import without a model gave no error")
	}
	imp := interchange.New("Bad", "test")
	imp.Model.Elements = []model.Element{{ID: "a", Kind: "device", Name: "bad \xff byte"}}
	_, err := Marshal(imp)
	if err == nil || !strings.Contains(err.Error(), "elements[0].name") {
		t.Errorf("invalid UTF-8: got %v, want an error naming elements[0].name", err)
	}
}

// A model without a version is written as the current version: the key
// is required in a model file.
func TestVersionDefault(t *testing.T) {
	out, err := Marshal(&interchange.Import{Model: &model.Model{System: model.System{Name: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("\niotthreat: 1\n")) {
		t.Errorf("no version line:\n%s", out)
	}
	if _, diags := model.Parse("v.yaml", out, model.Options{}); len(diags) > 0 {
		t.Errorf("does not validate: %s", diags.Error())
	}
}
