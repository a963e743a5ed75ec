package threatdragon

import (
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
)

// mustMarshal writes an import as model YAML.
func mustMarshal(t *testing.T, imp *interchange.Import) []byte {
	t.Helper()
	out, err := modelyaml.Marshal(imp)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
