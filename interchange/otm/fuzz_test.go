package otm

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/internal/interoptest"
)

// FuzzImport feeds arbitrary bytes to the importer: it must never panic,
// and whatever it accepts must validate as a model.
func FuzzImport(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte(`{"otmVersion":"0.2.0","project":{"id":"p","name":"x"},"trustZones":[{"id":"z","name":"Internet","type":"internet"}],"components":[{"id":"a","name":"A","type":"web-client","parent":{"trustZone":"z"}}]}`))
	f.Add([]byte("otmVersion: 0.2.0\nproject: {id: p, name: x}\ncomponents: [{id: a, name: A, type: t, parent: {component: a}}]\n"))
	interoptest.Check(f)
	if dir := interopDir(); dir != "" {
		names, _ := filepath.Glob(filepath.Join(dir, "otm", "*"))
		for _, n := range names {
			if data, err := os.ReadFile(n); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, diags := Import("fuzz.otm", data)
		if imp == nil {
			if len(diags) == 0 {
				t.Fatal("no model and no diagnostics")
			}
			return
		}
		reparse(t, imp)
	})
}
