package model

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

const textHeader = "iotthreat: 1\nsystem: {name: Acme}\n"

// Text over its limit is refused where it is written, with the field
// named as other problems name it; text at the limit is accepted.
func TestTextLimits(t *testing.T) {
	label, prose := strings.Repeat("é", MaxLabelLength), strings.Repeat("p", MaxProseLength)
	elements := "elements:\n  - id: cam\n    kind: device\n"
	for _, tc := range []struct{ name, yaml, want string }{
		{"element name", elements + "    name: " + label + "x\n",
			"m.yaml:6:11: elements[cam].name: text is 257 characters long, more than the limit of 256"},
		{"sensor", elements + "    sensors: [motion, " + label + "x]\n",
			"m.yaml:6:23: elements[cam].sensors[1]: text is 257 characters long"},
		{"description", elements + "    description: " + prose + "x\n",
			"m.yaml:6:18: elements[cam].description: text is 4097 characters long, more than the limit of 4096"},
		{"data name", "data: [{id: d, name: " + label + "x}]\n", "m.yaml:3:22: data[d].name: text is 257"},
		{"tracking reason", "tracking:\n  IOT-HW-001@cam: {status: accepted, reason: " + prose + "x}\n",
			"m.yaml:4:46: tracking.IOT-HW-001@cam.reason: text is 4097"},
		{"tracking key", "tracking:\n  IOT-HW-001@" + strings.Repeat("c", 250) + ": {status: open}\n",
			"m.yaml:4:3: tracking.IOT-HW-001@" + strings.Repeat("c", 250) + ": text is 261"},
		{"flow option", elements + "  - {id: gw, kind: gateway}\nflows:\n  - {id: f, from: gw, to: cam, protocol: ble, options: {pairing: " + label + "x}}\n",
			"m.yaml:8:66: flows[f].options.pairing: text is 257"},
		{"service name", elements + "    services: [{name: " + label + "x, protocol: https}]\n",
			"m.yaml:6:23: elements[cam].services[0].name: text is 257"},
	} {
		_, diags := Parse("m.yaml", []byte(textHeader+tc.yaml), Options{})
		found := false
		for _, d := range diags {
			found = found || strings.HasPrefix(d.String(), tc.want)
		}
		if !found {
			t.Errorf("%s: want %s\ngot %v", tc.name, tc.want, diags)
		}
	}
	ok := textHeader + elements + "    name: " + label + "\n    description: " + prose + "\n"
	if _, diags := Parse("m.yaml", []byte(ok), Options{}); len(diags) > 0 {
		t.Errorf("text at the limits refused: %v", diags)
	}
}

// Hidden characters are warnings, located, with the character named;
// they do not make the model invalid.
func TestHiddenCharacterWarnings(t *testing.T) {
	text := textHeader + `elements:
  - id: lock
    name: "Front door` + "\u202e" + `kcol"
    kind: device
    sensors: [motion, "cam` + "\u200b" + `era"]
tracking:
  IOT-HW-001@lock: {status: accepted, reason: "fixed` + "\u2066" + `"}
`
	loaded, diags := Parse("m.yaml", []byte(text), Options{})
	for _, d := range diags {
		if strings.Contains(d.Message, "hidden") {
			t.Errorf("hidden character reported as an error: %v", d)
		}
	}
	want := []string{
		"m.yaml:5:11: warning: elements[lock].name: text contains the hidden character U+202E RIGHT-TO-LEFT OVERRIDE (character 11)",
		"m.yaml:7:23: warning: elements[lock].sensors[1]: text contains the hidden character U+200B ZERO WIDTH SPACE (character 4)",
		"m.yaml:9:47: warning: tracking.IOT-HW-001@lock.reason: text contains the hidden character U+2066 LEFT-TO-RIGHT ISOLATE (character 6)",
	}
	if len(loaded.Warnings) != len(want) {
		t.Fatalf("got %d warnings, want %d: %v", len(loaded.Warnings), len(want), loaded.Warnings)
	}
	for i, w := range want {
		if got := loaded.Warnings[i].String(); !strings.HasPrefix(got, w) || !strings.Contains(got, "hint: remove it unless it is meant") {
			t.Errorf("warning %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

// An alias repeating a spoofed or overlong name reports it a bounded
// number of times.
func TestTextProblemsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(textHeader + "elements:\n  - id: cam\n    kind: device\n    description: &s \"x\u202ey" + strings.Repeat("z", MaxLabelLength) + "\"\n    sensors:\n")
	for range 500 {
		b.WriteString("      - *s\n")
	}
	loaded, diags := Parse("m.yaml", []byte(b.String()), Options{})
	if n := len(loaded.Warnings); n != MaxTextProblems+1 || !strings.Contains(loaded.Warnings[n-1].Message, "401 more texts contain hidden characters") {
		t.Errorf("%d warnings, last %v", n, loaded.Warnings[n-1])
	}
	long := 0
	for _, d := range diags {
		if strings.Contains(d.Message, "characters long") {
			long++
		}
	}
	if long != MaxTextProblems || !strings.Contains(diags.Error(), "400 more texts are over their length limit") {
		t.Errorf("%d length errors: %v", long, diags[len(diags)-1])
	}
}

// The report's case: one 1 MB string and 3,000 aliases of it under an
// element's sensors is refused while parsing, without making the 3 GB of
// text. Measured in memory, not time: the refusal takes 0.1 s (0.7 s
// under the race detector, more on a loaded machine, where a clock bound
// of the same test in strictyaml failed once); the bytes it allocates
// (about 10 MiB) do not depend on the load.
func TestRefusesTextAmplification(t *testing.T) {
	var b strings.Builder
	b.WriteString(textHeader + "elements:\n  - id: cam\n    kind: device\n    description: &big " + strings.Repeat("x", 1<<20) + "\n    sensors:\n")
	for range 3000 {
		b.WriteString("      - *big\n")
	}
	data := []byte(b.String())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, diags := Parse("m.yaml", data, Options{})
	runtime.ReadMemStats(&after)
	if mib := (after.TotalAlloc - before.TotalAlloc) >> 20; mib > 64 {
		t.Errorf("refusing it allocated %d MiB", mib)
	}
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "m.yaml:12:9: document expands to more than") {
		t.Errorf("got %v", diags)
	}
}

func ExampleMaxLabelLength() {
	fmt.Println(MaxLabelLength, MaxProseLength)
	// Output: 256 4096
}
