package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
)

func analyzeExample(t *testing.T, name string) *analysis.Result {
	t.Helper()
	res, diags, err := analysis.Run("../examples/"+name, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	return res
}

// TestSARIFIsValid validates the SARIF of the reference and hardened
// examples against the SARIF 2.1.0 JSON schema, and checks what code
// scanning relies on: every result points at a YAML line, names a rule
// with help text, carries the finding id as a fingerprint, and findings
// that are not open are suppressed rather than dropped.
func TestSARIFIsValid(t *testing.T) {
	for _, name := range []string{"reference.yaml", "reference-hardened.yaml"} {
		res := analyzeExample(t, name)
		var buf bytes.Buffer
		if err := SARIF(&buf, res.Report, res.Rules.Definitions(), SARIFOptions{Version: "test"}); err != nil {
			t.Fatal(err)
		}
		log, err := sarif.FromBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := log.Validate(); err != nil {
			t.Fatalf("%s: SARIF does not validate against the 2.1.0 schema: %v", name, err)
		}
		run := log.Runs[0]
		if len(run.Results) != len(res.Report.Findings) {
			t.Fatalf("%s: %d results for %d findings", name, len(run.Results), len(res.Report.Findings))
		}
		rules := map[string]bool{}
		for _, r := range run.Tool.Driver.Rules {
			if r.Help == nil || r.Help.Text == nil || *r.Help.Text == "" {
				t.Errorf("rule %s has no help text", *r.ID)
			}
			rules[*r.ID] = true
		}
		suppressed := 0
		for _, r := range run.Results {
			if r.RuleID == nil || !rules[*r.RuleID] {
				t.Errorf("result without a described rule: %v", r.RuleID)
			}
			loc := r.Locations[0].PhysicalLocation
			if loc.Region.StartLine == nil || *loc.Region.StartLine < 1 || !strings.HasSuffix(*loc.ArtifactLocation.URI, name) {
				t.Errorf("result %v is not located in %s", r.RuleID, name)
			}
			if r.PartialFingerprints["iotthreatFindingId/v1"] == "" {
				t.Errorf("result %v has no finding-id fingerprint", r.RuleID)
			}
			if len(r.Suppressions) > 0 {
				suppressed++
			}
		}
		if want := len(res.Report.Findings) - res.Report.Summary.Open; suppressed != want {
			t.Errorf("%s: %d suppressed results, want %d", name, suppressed, want)
		}
	}
}

func TestGate(t *testing.T) {
	res := analyzeExample(t, "reference.yaml")
	high := Gate(res.Report, "high")
	critical := Gate(res.Report, "critical")
	if len(high) == 0 || len(critical) > len(high) {
		t.Fatalf("gate: %d at high, %d at critical", len(high), len(critical))
	}
	for _, f := range high {
		if f.Severity != "high" && f.Severity != "critical" {
			t.Errorf("%s (%s) failed a high gate", f.ID, f.Severity)
		}
	}
	hardened := analyzeExample(t, "reference-hardened.yaml")
	if g := Gate(hardened.Report, "low"); len(g) != 0 {
		t.Errorf("hardened example fails the gate with %d findings", len(g))
	}
}

// TestJSONContract checks the findings JSON has every field, with lists as
// [] and never null, as DESIGN.md §4 promises machine consumers.
func TestJSONContract(t *testing.T) {
	res := analyzeExample(t, "reference.yaml")
	var buf bytes.Buffer
	if err := JSON(&buf, res.Report); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "null") {
		t.Error("JSON output contains null")
	}
	var doc struct {
		Findings []map[string]json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := []string{"id", "rule", "title", "target", "stride", "linddun", "severity", "likelihood", "impact", "why",
		"status", "mitigated_by", "mitigations", "cwe", "capec", "owasp_iot", "etsi", "nist_ir_8259a", "source"}
	for _, f := range doc.Findings {
		for _, k := range want {
			if _, ok := f[k]; !ok {
				t.Fatalf("finding lacks %q: %v", k, f["id"])
			}
		}
	}
}

// TestSARIFValidationRejects proves the schema check used above can fail.
func TestSARIFValidationRejects(t *testing.T) {
	log, err := sarif.FromBytes([]byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"catastrophic"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Validate(); err == nil {
		t.Error("a result with level \"catastrophic\" passed schema validation")
	}
}
