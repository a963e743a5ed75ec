package refdoc

import (
	"os"
	"testing"

	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

const rulesDocPath = "../docs/rules.md"

// TestRulesDocIsCurrent fails when docs/rules.md differs from the library.
func TestRulesDocIsCurrent(t *testing.T) {
	all, diags := rules.Builtin()
	if len(diags) > 0 {
		t.Skip("built-in rules have problems; TestBuiltinRules reports them")
	}
	want := RenderRules(all, vocab.Builtin())
	if *update {
		if err := os.WriteFile(rulesDocPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(rulesDocPath)
	if err != nil || string(got) != want {
		t.Errorf("%s is stale; run: go test ./refdoc -update", rulesDocPath)
	}
}
