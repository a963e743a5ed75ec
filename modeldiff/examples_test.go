package modeldiff

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
)

// TestExamples compares the reference architecture with its hardened
// version using the built-in library: the hardening resolves or mitigates
// every open finding and adds none. Counts are matched loosely so the
// test survives the library growing.
func TestExamples(t *testing.T) {
	opts := analysis.Options{Engine: engine.Options{Today: "2026-11-26"}}
	oldRes, diags, err := Analyze("../examples/reference.yaml", opts)
	if err != nil || len(diags) > 0 {
		t.Fatalf("reference: %v %v", err, diags)
	}
	newRes, diags, err := Analyze("../examples/reference-hardened.yaml", opts)
	if err != nil || len(diags) > 0 {
		t.Fatalf("reference-hardened: %v %v", err, diags)
	}
	d := Compare("reference.yaml", oldRes, "reference-hardened.yaml", newRes)
	var b bytes.Buffer
	if err := Table(&b, d, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, re := range []string{
		`(?m)^findings: 0 new, [1-9]\d* resolved, [1-9]\d* changed \(open [1-9]\d* → 0\); model: 0 added, 0 removed, [1-9]\d* changed$`,
		`(?m)^resolved +medium +open +IOT-BLE-002@app-setup-device +`,
		`(?m)^changed +\w+ +open → mitigated +IOT-FW-003@device +`,
		`(?m)^~ elements\[device\]: hardware_security none → secure-element$`,
		`(?m)^~ flows\[app-setup-device\]: options.pairing just-works → numeric-comparison$`,
		`(?m)^~ elements\[gateway\]: radios -ble$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("diff of the examples does not match %s:\n%s", re, out)
		}
	}
	for _, c := range d.Findings.Changed {
		if c.New.Status == "open" {
			t.Errorf("%s: still open after hardening: %+v → %+v", c.ID, c.Old, c.New)
		}
	}
}
