package doctest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/engine"
)

// Regulatory analyses a model and builds its regulatory evidence
// document of one kind (regulatory.Kinds), dated 2026-01-15 and of
// version "test" unless opts says otherwise, as Load does for the
// findings report. The analysis runs on that date too, so that the
// acceptances the model tracks do not expire under golden files.
func Regulatory(t testing.TB, path, kind string, opts regulatory.Options) *regulatory.Document {
	t.Helper()
	if opts.Date == "" {
		opts.Date = "2026-01-15"
	}
	res, diags, err := analysis.Run(path, analysis.Options{Engine: engine.Options{Today: opts.Date}})
	if err != nil || len(diags) > 0 {
		t.Fatalf("analysis of %s: %v %v", path, err, diags)
	}
	if opts.Version == "" {
		opts.Version = "test"
	}
	doc, err := regulatory.New(res.Model, res.Report, kind, opts)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// ProductFacts is a product block for the hardened example: every fact a
// regulatory document asks for, and one Annex I item judged not
// applicable with its written justification.
const ProductFacts = `
product:
  intended_purpose: Sense temperature and humidity at home and report them to the owner's app.
  foreseeable_use: Installed by consumers in flats and houses; some in small offices.
  foreseeable_misuse: Placed outdoors or used to watch other people's rooms.
  support_until: 2031-12-31
  category: important-class-i
  vulnerability_contact: security@acme.example
  sbom: https://acme.example/sbom/sensor.cdx.json
  en_18031_parts: [1, 2]
  not_applicable:
    eu-cra-annex-i:
      I-2i: The sensor sends a few kilobytes an hour to one endpoint and cannot be made to send to others.
`

// WithProduct writes the hardened example, its own product block
// replaced by ProductFacts, to a temporary folder and returns its path.
func WithProduct(t testing.TB) string {
	t.Helper()
	src, err := os.ReadFile(Example(t, "reference-hardened.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The example's block runs from its key to the data section's comment.
	start := bytes.Index(src, []byte("\nproduct:\n"))
	end := bytes.Index(src, []byte("\n# --- Data assets"))
	if start < 0 || end < start {
		t.Fatal("reference-hardened.yaml: no product block before the data section")
	}
	src = append(src[:start+1:start+1], src[end+1:]...)
	path := filepath.Join(t.TempDir(), "with-product.yaml")
	if err := os.WriteFile(path, append(src, ProductFacts...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
