package regulatory

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

// doneLock declares controls and product facts, justifies three Annex I
// items as not applicable, and leaves the foreseeable use and misuse
// unstated.
const doneLock = `iotthreat: 1
system:
  name: Lock
  controls: [vulnerability-disclosure, vulnerability-management]
product:
  intended_purpose: Locks a front door and lets its owner open it from a phone.
  support_until: 2031-12-31
  category: important-class-i
  vulnerability_contact: security@lock.example
  not_applicable:
    eu-cra-annex-i:
      I-2i: "Bluetooth only, with no IP stack: the lock cannot send traffic to other networks."
data:
  - {id: lock-key, classification: secret}
  - {id: visits, name: "Visit | log", classification: personal}
boundaries:
  - {id: home, kind: radio-network}
elements:
  - {id: lock, kind: device, boundary: home, radios: [ble], stores: [lock-key, visits], controls: [secure-boot, signed-firmware]}
  - {id: app, kind: mobile-client, description: "Phone app\nwith | a pipe"}
flows:
  - {id: setup, from: app, to: lock, protocol: ble, data: [lock-key], encryption: link, authentication: pairing}
`

// bareModel states nothing but a name: no product block, no controls.
const bareModel = "iotthreat: 1\nsystem: {name: \"Bare\u202e\"}\n"

// build analyses a model written to a temporary file and builds the
// document of one kind.
func build(t *testing.T, src, kind string) *Document {
	t.Helper()
	path := filepath.Join(t.TempDir(), "model.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, diags, err := analysis.Run(path, analysis.Options{Engine: engine.Options{Today: goldenDate}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	d, err := New(res.Model, res.Report, kind, Options{Date: goldenDate, NoDiagram: true})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func craItemOf(t *testing.T, d *Document, id string) *CRAItem {
	t.Helper()
	for i := range d.CRA.Items {
		if d.CRA.Items[i].ID == id {
			return &d.CRA.Items[i]
		}
	}
	t.Fatalf("no item %s", id)
	return nil
}

func TestNewUnknownKind(t *testing.T) {
	res, _, err := analysis.Run(filepath.Join("..", "..", "examples", "reference.yaml"), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(res.Model, res.Report, "eu-cr", Options{})
	if err == nil || !strings.Contains(err.Error(), `"eu-cr"`) || !strings.Contains(err.Error(), "eu-cra, en-18031, etsi-en-303-645") {
		t.Errorf("error %v: want the kind and the known kinds", err)
	}
}

// An item the product block justifies says so and quotes the
// justification; the others say what in the model they are about.
func TestCRAApplicability(t *testing.T) {
	d := build(t, doneLock, CRA)
	na := craItemOf(t, d, "I-2i")
	if na.Status != compliance.NotApplicable || len(na.Gaps) != 0 ||
		na.Applicability != "Not applicable, justified in product.not_applicable: Bluetooth only, with no IP stack: the lock cannot send traffic to other networks." {
		t.Errorf("I-2i: %s, %q, gaps %q", na.Status, na.Applicability, na.Gaps)
	}
	for id, want := range map[string]string{
		"I-2e": "the product stores, sends or processes 2 data assets, 2 of them classified confidential or above.",
		"I-2g": "1 of the product's 2 data assets is classified personal or sensitive.",
		"I-2m": "2 data assets are stored on the product's elements, 1 of them personal or sensitive.",
		"II-3": "until 2031-12-31 (product.support_until)",
	} {
		it := craItemOf(t, d, id)
		if !strings.HasPrefix(it.Applicability, "Applies; from the model: ") || !strings.Contains(it.Applicability, want) {
			t.Errorf("%s: %q, want %q", id, it.Applicability, want)
		}
	}
	if got := craItemOf(t, build(t, bareModel, CRA), "I-2g").Applicability; !strings.Contains(got, "none is classified personal or sensitive") {
		t.Errorf("I-2g without personal data: %q", got)
	}
	want := []string{"product.foreseeable_use", "product.foreseeable_misuse", "product.sbom"}
	if !slices.Equal(d.ProductMissing, want) {
		t.Errorf("missing %q, want %q", d.ProductMissing, want)
	}
	// II-6 has its product fact; II-1 lacks one and its gap says where
	// to write it.
	if ii6 := craItemOf(t, d, "II-6"); !slices.Contains(ii6.Facts, "product.vulnerability_contact") {
		t.Errorf("II-6 facts %q", ii6.Facts)
	}
	if ii1 := craItemOf(t, d, "II-1"); ii1.Status == compliance.Addressed || !slices.ContainsFunc(ii1.Gaps, func(g string) bool { return strings.Contains(g, "product.sbom") }) {
		t.Errorf("II-1: %s, gaps %q", ii1.Status, ii1.Gaps)
	}
}

// Every item of every document says why it has its status, and nothing
// is addressed, supported or passed without evidence.
func TestEveryStatusExplained(t *testing.T) {
	for _, name := range []string{"reference", "reference-hardened"} {
		d := exampleDocument(t, name, CRA)
		for _, it := range d.CRA.Items {
			if it.Reason == "" || it.Applicability == "" {
				t.Errorf("%s %s: no reason or applicability", name, it.ID)
			}
			switch it.Status {
			case compliance.Addressed:
				if len(it.Implementation) == 0 && it.EvidenceCount == 0 && len(it.Facts) == 0 {
					t.Errorf("%s %s addressed without evidence", name, it.ID)
				}
			case compliance.Gap, compliance.Partial:
				if len(it.Gaps) == 0 {
					t.Errorf("%s %s is %s and says no gap", name, it.ID, it.Status)
				}
			}
		}
		ics := exampleDocument(t, name, ETSI).ICS
		for _, p := range ics.Provisions {
			if p.Detail == "" {
				t.Errorf("%s %s: no detail", name, p.ID)
			}
			byFacts := strings.HasPrefix(p.Detail, "supported by the flows' facts") && slices.ContainsFunc(transitProvisions, func(tp transitProvision) bool { return tp.id == p.ID })
			if p.Support == Supported && (len(p.Findings) > 0 || (len(p.Controls) == 0 && !strings.Contains(p.Detail, "mitigated") && !byFacts)) {
				t.Errorf("%s %s supported without evidence: %q", name, p.ID, p.Detail)
			}
		}
		if n := len(ics.Provisions); n == 0 || ics.Counts[Supported]+ics.Counts[NotSupported]+ics.Counts[NotApplicable] != n {
			t.Errorf("%s: counts %v over %d provisions", name, ics.Counts, n)
		}
	}
}

// A provision nothing cites is not supported, with "no evidence in the
// model"; one with an open finding names it.
func TestICSNoEvidence(t *testing.T) {
	d := build(t, bareModel, ETSI)
	if d.ICS.Counts[Supported] != 0 || d.ICS.Counts[NotSupported] != len(d.ICS.Provisions) {
		t.Errorf("bare model: %v", d.ICS.Counts)
	}
	for _, p := range d.ICS.Provisions {
		if p.Support == NotSupported && len(p.Findings) == 0 && !strings.HasPrefix(p.Detail, noEvidence) {
			t.Errorf("%s: %q", p.ID, p.Detail)
		}
		for _, f := range p.Findings {
			if !strings.Contains(p.Detail, f.ID) && len(p.Findings) <= maxNamed {
				t.Errorf("%s: detail %q does not name %s", p.ID, p.Detail, f.ID)
			}
		}
	}
}

// A model that states almost nothing still gives complete documents:
// JSON with no null list, hidden characters shown, and Markdown whose
// tables keep their columns whatever the model's text holds.
func TestSparseAndHostileModels(t *testing.T) {
	for _, src := range []string{bareModel, doneLock} {
		for _, kind := range Kinds {
			d := build(t, src, kind)
			var js, md bytes.Buffer
			if err := WriteJSON(&js, d); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(js.Bytes(), []byte("null")) {
				t.Errorf("%s: JSON holds null:\n%s", kind, js.String())
			}
			if bytes.Contains(js.Bytes(), []byte("\u202e")) {
				t.Errorf("%s: JSON holds a hidden character", kind)
			}
			if err := WriteMarkdown(&md, d); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(md.String(), "Not a declaration of conformity") {
				t.Errorf("%s: no disclaimer", kind)
			}
			for _, line := range strings.Split(md.String(), "\n") {
				if strings.HasPrefix(line, "| `app` ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 6 {
					t.Errorf("%s: component row broken: %s", kind, line)
				}
			}
		}
	}
}

// An accepted finding is residual risk, cited with its reason and
// expiry, and is never evidence that a requirement is implemented.
func TestCRAAcceptedIsResidual(t *testing.T) {
	src := doneLock + "tracking:\n  IOT-DEV-008@lock: {status: accepted, reason: \"erased by the | app\", until: 2027-06-30}\n"
	d := build(t, src, CRA)
	it := craItemOf(t, d, "I-2m")
	var got *FindingRef
	for i := range it.Residual {
		if it.Residual[i].ID == "IOT-DEV-008@lock" {
			got = &it.Residual[i]
		}
	}
	if got == nil || got.Status != "accepted" || got.Reason != "erased by the | app" || got.Until != "2027-06-30" {
		t.Fatalf("I-2m residual %+v", it.Residual)
	}
	for _, e := range it.Evidence {
		if e.ID == got.ID {
			t.Errorf("accepted finding counted as evidence")
		}
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if want := "`IOT-DEV-008@lock` medium, accepted: Personal data cannot be erased from the device (reason: erased by the \\| app; until 2027-06-30)"; !strings.Contains(md.String(), want) {
		t.Errorf("Markdown lacks %q", want)
	}
}

// BenchmarkNew builds each document of a 1,000-element synthetic model,
// without the diagram (the layout is render's cost, not this package's).
func BenchmarkNew(b *testing.B) {
	res := outputtest.Synthetic(b, 1000)
	for _, kind := range Kinds {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				if _, err := New(res.Model, res.Report, kind, Options{Date: goldenDate, NoDiagram: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A provision the product block declares not applicable is so in the
// statement, with the reason; one that a still-open finding cites stays
// not supported, and the detail says both.
func TestICSNotApplicable(t *testing.T) {
	var open string
	for _, p := range build(t, doneLock, ETSI).ICS.Provisions {
		if p.Support == NotSupported && len(p.Findings) > 0 {
			open = p.ID
			break
		}
	}
	if open == "" {
		t.Fatal("no provision with an open finding in the lock model")
	}
	src := strings.Replace(doneLock, "  not_applicable:\n", "  not_applicable:\n    etsi-en-303-645:\n      \"5.3-14\": \"Updatable over the air.\"\n      \""+open+"\": \"We think so.\"\n", 1)
	d := build(t, src, ETSI)
	for _, p := range d.ICS.Provisions {
		switch p.ID {
		case "5.3-14":
			if p.Support != NotApplicable || p.Detail != "not applicable: Updatable over the air." {
				t.Errorf("5.3-14: %s, %q", p.Support, p.Detail)
			}
		case open:
			if p.Support != NotSupported || !strings.HasPrefix(p.Detail, "marked not applicable in product.not_applicable (We think so.), but ") {
				t.Errorf("%s: %s, %q", open, p.Support, p.Detail)
			}
		}
	}
	if d.ICS.Counts[NotApplicable] != 1 {
		t.Errorf("counts %v, want 1 not applicable", d.ICS.Counts)
	}
}
