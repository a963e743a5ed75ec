package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

const reqModel = `iotthreat: 1
system: {name: Lock, controls: [vulnerability-disclosure]}
product:
  sbom: https://lock.example/sbom.json
  not_applicable:
    eu-cra-annex-i: {I-2i: "Bluetooth only: it cannot send traffic to other networks."}
    en-18031-1: {AUM-5: "No passwords: pairing only."}
data: [{id: readings, classification: personal}]
boundaries: [{id: net, kind: internet}]
elements:
  - {id: lock, kind: device, radios: [ble], controls: [login-throttling]}
`

func requirement(t *testing.T, r *Requirements, std, id string) *Requirement {
	t.Helper()
	for i := range r.Standards {
		if r.Standards[i].ID != std {
			continue
		}
		for j := range r.Standards[i].Items {
			if r.Standards[i].Items[j].ID == id {
				return &r.Standards[i].Items[j]
			}
		}
	}
	t.Fatalf("no requirement %s %s", std, id)
	return nil
}

// Each status follows from the related findings (through the controls
// that mitigate them), the declared controls, the product facts and the
// applicability decisions, and says why.
func TestRequirementStatuses(t *testing.T) {
	l, diags := model.Parse("lock.yaml", []byte(reqModel), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	rep := &engine.Report{Findings: []engine.Finding{
		{ID: "A@lock", RuleFacts: &engine.RuleFacts{Controls: []string{"login-throttling"}}, Status: "open"},      // I-2d, with the control declared
		{ID: "B@lock", RuleFacts: &engine.RuleFacts{Controls: []string{"encrypted-storage"}}, Status: "open"},     // I-2e, nothing declared
		{ID: "C@lock", RuleFacts: &engine.RuleFacts{Controls: []string{"data-minimisation"}}, Status: "accepted"}, // I-2g, accepted only
		{ID: "D@lock", RuleFacts: &engine.RuleFacts{Controls: []string{"secure-boot"}}, Status: "mitigated"},      // I-2f and I-2k
	}}
	r := AssessRequirements(l, rep)
	for _, tt := range []struct{ std, id, status, reason string }{
		{"eu-cra-annex-i", "I-1", Partial, "implemented in part (1 mitigated related finding), but 2 related findings are open"},
		{"eu-cra-annex-i", "I-2d", Partial, "implemented in part (declared control login-throttling), but 1 related finding is open"},
		{"eu-cra-annex-i", "I-2e", Gap, "1 related finding is open and nothing in the model implements it"},
		{"eu-cra-annex-i", "I-2f", Addressed, "implemented: 1 mitigated related finding"},
		{"eu-cra-annex-i", "I-2g", Gap, "related findings are only accepted or false positives; no declared control implements it"},
		{"eu-cra-annex-i", "I-2i", NotApplicable, "judged not applicable in product.not_applicable: Bluetooth only: it cannot send traffic to other networks."},
		{"eu-cra-annex-i", "I-2m", Gap, "no evidence in the model: declare a control that implements it, or justify it in product.not_applicable"},
		{"eu-cra-annex-i", "II-1", Addressed, "implemented: product.sbom"},
		{"eu-cra-annex-i", "II-5", Addressed, "implemented: declared control vulnerability-disclosure"},
		{"en-18031-1", "AUM-5-1", NotApplicable, "AUM-5 is judged not applicable in product.not_applicable: No passwords: pairing only."},
		{"en-18031-1", "AUM-6", Partial, "implemented in part (declared control login-throttling), but 1 related finding is open"},
		{"en-18031-3", "ACM-1", NotApplicable, "the model cannot tell whether the product handles money or monetary value; list 3 in product.en_18031_parts if it does"},
	} {
		it := requirement(t, r, tt.std, tt.id)
		if it.Status != tt.status || it.Reason != tt.reason {
			t.Errorf("%s %s: %s (%s); want %s (%s)", tt.std, tt.id, it.Status, it.Reason, tt.status, tt.reason)
		}
	}
	if it := requirement(t, r, "eu-cra-annex-i", "I-2d"); !slices.Equal(it.Findings, []string{"A@lock"}) || it.Open != 1 {
		t.Errorf("I-2d findings %v open %d", it.Findings, it.Open)
	}
	if it := requirement(t, r, "en-18031-2", "AUM-5"); it.Restriction == "" {
		t.Error("the password restriction is not carried to the requirement")
	}
	// Counts cover leaf requirements only: AUM-5's two sub-items, not AUM-5.
	for _, s := range r.Standards {
		total := 0
		for _, st := range RequirementStatuses {
			total += s.Counts[st]
		}
		leaves := 0
		for _, it := range s.Items {
			if !slices.ContainsFunc(s.Items, func(o Requirement) bool { return o.Parent == it.ID }) {
				leaves++
			}
		}
		if total != leaves {
			t.Errorf("%s: counts add up to %d, %d leaves", s.ID, total, leaves)
		}
	}
	// The catalogue view leaves regulatory standards out.
	for _, s := range Assess(l, rep).Standards {
		if strings.HasPrefix(s.ID, "en-18031") || s.ID == "eu-cra-annex-i" {
			t.Errorf("Assess lists the regulatory standard %s", s.ID)
		}
	}
}

// EN 18031 applicability: product.en_18031_parts decides when written;
// otherwise no radio means no part, and parts 1 and 2 follow from the
// internet connection and personal data.
func TestStandardApplies(t *testing.T) {
	for _, tt := range []struct {
		name, yaml string
		want       [3]bool
		reason     string
	}{
		{"no radio", "elements: [{id: hub, kind: gateway}]", [3]bool{}, "no element lists radios"},
		{"radio, internet, personal data", "data: [{id: d, classification: personal}]\nboundaries: [{id: n, kind: internet}]\nelements: [{id: d1, kind: device, radios: [wifi]}]", [3]bool{true, true, false}, ""},
		{"radio, offline", "elements: [{id: d1, kind: device, radios: [ble]}]", [3]bool{false, false, false}, "cannot reach the internet"},
		{"listed", "product: {en_18031_parts: [3]}\nelements: [{id: hub, kind: gateway}]", [3]bool{false, false, true}, "does not list part 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, diags := model.Parse("m.yaml", []byte("iotthreat: 1\nsystem: {name: X}\n"+tt.yaml+"\n"), model.Options{})
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			for i, id := range []string{"en-18031-1", "en-18031-2", "en-18031-3"} {
				got, why := StandardApplies(l, id)
				if got != tt.want[i] {
					t.Errorf("%s applies %v (%s), want %v", id, got, why, tt.want[i])
				}
				if i == 0 && !strings.Contains(why, tt.reason) {
					t.Errorf("%s: reason %q lacks %q", id, why, tt.reason)
				}
			}
		})
	}
}
