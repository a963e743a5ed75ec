package regulatory

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenDate fixes the analysis day and the document date, so that
// acceptances do not expire under the golden files.
const goldenDate = "2026-11-26"

// exampleDocument builds the document of one kind for examples/NAME.yaml.
func exampleDocument(t *testing.T, name, kind string) *Document {
	t.Helper()
	res, diags, err := analysis.Run(filepath.Join("..", "..", "examples", name+".yaml"), analysis.Options{Engine: engine.Options{Today: goldenDate}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	d, err := New(res.Model, res.Report, kind, Options{Version: "test", Date: goldenDate, NoDiagram: true})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDocumentGolden compares the Markdown and JSON of every kind of
// document for the reference model (no controls: many gaps) and its
// hardened variant (few) with testdata/KIND-NAME.{md,json}. Run with
// -update and review the diff: every item's status must be explained,
// and nothing may pass without evidence.
func TestDocumentGolden(t *testing.T) {
	for _, name := range []string{"reference", "reference-hardened"} {
		for _, kind := range Kinds {
			t.Run(kind+"/"+name, func(t *testing.T) {
				d := exampleDocument(t, name, kind)
				for ext, write := range map[string]func(*bytes.Buffer, *Document) error{
					".md":   func(b *bytes.Buffer, d *Document) error { return WriteMarkdown(b, d) },
					".json": func(b *bytes.Buffer, d *Document) error { return WriteJSON(b, d) },
				} {
					var got bytes.Buffer
					if err := write(&got, d); err != nil {
						t.Fatal(err)
					}
					golden := filepath.Join("testdata", kind+"-"+name+ext)
					if *update {
						if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got.Bytes(), want) {
						t.Errorf("%s differs from %s (rerun with -update and review the diff)", ext, golden)
					}
				}
			})
		}
	}
}
