package compliance

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// renderRequirements writes one line per requirement: standard, item,
// status and the reason, so a golden diff shows what moved and why.
func renderRequirements(r *Requirements) string {
	var b strings.Builder
	for _, s := range r.Standards {
		fmt.Fprintf(&b, "# %s applicable=%v", s.ID, s.Applicable)
		for _, st := range RequirementStatuses {
			fmt.Fprintf(&b, " %s=%d", st, s.Counts[st])
		}
		b.WriteString("\n")
		for _, it := range s.Items {
			fmt.Fprintf(&b, "%s %s %s: %s\n", s.ID, it.ID, it.Status, it.Reason)
		}
	}
	return b.String()
}

// The reference model declares no controls: every applicable requirement
// is a gap. The hardened variant declares the controls its rules ask for:
// few gaps are left, and each says why. Run with -update to rewrite.
func TestRequirementsOnExamples(t *testing.T) {
	for _, name := range []string{"reference", "reference-hardened"} {
		t.Run(name, func(t *testing.T) {
			res, diags, err := analysis.Run(filepath.Join("..", "examples", name+".yaml"), analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
			if err != nil || len(diags) > 0 {
				t.Fatal(err, diags)
			}
			got := renderRequirements(AssessRequirements(res.Model, res.Report))
			golden := filepath.Join("testdata", name+".requirements.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("requirements differ from %s (rerun with -update and review the diff):\n%s", golden, got)
			}
		})
	}
}
