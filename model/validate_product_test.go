package model

import (
	"testing"
)

const productBase = "iotthreat: 1\nsystem: {name: Lock}\ndata: [{id: lock-key, classification: secret}]\n"

// A complete, correct product block is accepted and decoded.
func TestProductAccepted(t *testing.T) {
	l, diags := Parse("m.yaml", []byte(productBase+`product:
  intended_purpose: Opens a door.
  support_until: 2031-12-31
  category: critical
  vulnerability_contact: security@lock.example
  sbom: sbom.cdx.json
  en_18031_parts: [1, 2]
  assets: [lock-key]
  not_applicable: {eu-cra-annex-i: {I-2i: "No IP stack."}, en-18031-1: {AUM-5: "No passwords at all."}, etsi-en-303-645: {5.3-14: "Updatable."}}
`), Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	p := l.Model.Product
	if p == nil || p.Category != "critical" || p.NotApplicable["en-18031-1"]["AUM-5"] != "No passwords at all." || p.NotApplicable["etsi-en-303-645"]["5.3-14"] != "Updatable." || len(p.EN18031Parts) != 2 {
		t.Errorf("product decoded as %+v", p)
	}
}

// Every mistake is located at the value (or, for an unknown item, at its
// key) with a hint; a decision without a justification is an error.
func TestProductChecked(t *testing.T) {
	for _, tt := range []struct{ name, yaml, want string }{
		{"category", "product: {category: important}",
			"m.yaml:4:21: product.category: unknown product category \"important\"\n\thint: expected one of: default, important-class-i, important-class-ii, critical"},
		{"date", "product: {support_until: 31.12.2031}",
			"m.yaml:4:26: product.support_until: invalid date \"31.12.2031\"\n\thint: write dates as YYYY-MM-DD"},
		{"date strict", "product: {support_until: 2031-02-30}",
			"m.yaml:4:26: product.support_until: invalid date \"2031-02-30\"\n\thint: write dates as YYYY-MM-DD"},
		{"part", "product: {en_18031_parts: [0]}",
			"m.yaml:4:28: product.en_18031_parts[0]: EN 18031 has no part 0\n\thint: EN 18031 has parts 1, 2 and 3"},
		{"asset", "product: {assets: [lock]}",
			"m.yaml:4:20: product.assets[0]: unknown data asset \"lock\"\n\thint: did you mean \"lock-key\"?"},
		{"item", "product:\n  not_applicable: {eu-cra-annex-i: {I-2jj: x}}",
			"m.yaml:5:37: product.not_applicable.eu-cra-annex-i.I-2jj: Cyber Resilience Act, Regulation (EU) 2024/2847, Annex I has no item \"I-2jj\"\n\thint: did you mean \"I-2j\"?"},
		{"no justification", "product:\n  not_applicable:\n    eu-cra-annex-i:\n      I-2j:",
			"m.yaml:7:12: product.not_applicable.eu-cra-annex-i.I-2j: eu-cra-annex-i I-2j is marked not applicable without a justification\n\thint: say why it does not apply: CRA Art. 13(4) asks for a written justification"},
		{"blank justification", "product: {not_applicable: {en-18031-2: {UNM-1: \" \"}}}",
			"m.yaml:4:48: product.not_applicable.en-18031-2.UNM-1: en-18031-2 UNM-1 is marked not applicable without a justification\n\thint: say why it does not apply: CRA Art. 13(4) asks for a written justification"},
		{"catalogue", "product: {not_applicable: {owasp-iot-2018: {I1: why}}}",
			"m.yaml:4:45: product.not_applicable.owasp-iot-2018: \"owasp-iot-2018\" is not a regulatory standard\n\thint: applicability decisions are for regulatory standards and conformance statements: etsi-en-303-645, eu-cra-annex-i, en-18031-1, en-18031-2, en-18031-3"},
		{"statement item", "product: {not_applicable: {etsi-en-303-645: {5.3-99: why}}}",
			"m.yaml:4:46: product.not_applicable.etsi-en-303-645.5.3-99: ETSI EN 303 645 V2.1.1 has no item \"5.3-99\"\n\thint: did you mean \"5.3-9\"?"},
		{"standard", "product: {not_applicable: {en-18031-4: {ACM-1: why}}}",
			"m.yaml:4:41: product.not_applicable.en-18031-4: \"en-18031-4\" is not a regulatory standard\n\thint: did you mean \"en-18031-1\"?"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkDiags(t, parseDiags(productBase+tt.yaml+"\n"), tt.want)
		})
	}
}

// The product block belongs in one file: a second one in an include is
// refused at its key, naming the first.
func TestProductInOneFile(t *testing.T) {
	got := loadDiags(t, map[string]string{
		"model.yaml": productBase + "include: [more.yaml]\nproduct: {category: default}\n",
		"more.yaml":  "product: {category: critical}\n",
	})
	checkDiags(t, got, "dir/more.yaml:1:1: product: product is already defined at dir/model.yaml:5:10\n\thint: keep the product facts in one file")
}
