package regulatory

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

var updateEN18031 = flag.Bool("update-en18031", false, "rewrite the EN 18031 golden files in testdata")

// en18031Example builds the pre-fill of examples/NAME.yaml, as of a fixed
// day so that acceptances do not expire under the golden files.
func en18031Example(t *testing.T, name string) *EN18031Prefill {
	t.Helper()
	res, diags, err := analysis.Run(filepath.Join("..", "..", "examples", name+".yaml"), analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	reqs := compliance.AssessRequirements(res.Model, res.Report)
	return buildEN18031(res.Model, nil, res.Report, reqs, newFindingRefs(res.Report.Findings))
}

// TestEN18031Golden compares the pre-fill of the reference model (no
// controls: most decisions fail) and its hardened variant (most pass) with
// testdata/en18031-NAME.json. Run with -update-en18031 (or -update) and
// review the diff.
func TestEN18031Golden(t *testing.T) {
	for _, name := range []string{"reference", "reference-hardened"} {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(en18031Example(t, name), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "en18031-"+name+".json")
			if *updateEN18031 || updateFlag() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("the pre-fill differs from %s (rerun with -update-en18031 and review the diff)", golden)
			}
		})
	}
}

// updateFlag reads the package's -update flag when another test file
// defines it, so that one -update rewrites every golden file.
func updateFlag() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// BenchmarkEN18031 builds the pre-fill of a 1,000-element synthetic
// model: the decisions grow with assets × requirements × the places each
// asset is on, never with the number of findings per decision.
func BenchmarkEN18031(b *testing.B) {
	res := outputtest.Synthetic(b, 1000)
	reqs := compliance.AssessRequirements(res.Model, res.Report)
	refs := newFindingRefs(res.Report.Findings)
	b.ResetTimer()
	for b.Loop() {
		buildEN18031(res.Model, nil, res.Report, reqs, refs)
	}
}
