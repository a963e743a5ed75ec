package tm7

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iotthreat/iotthreat/internal/interoptest"
)

// FuzzImport feeds arbitrary bytes to the importer: it must never panic,
// and whatever it accepts must validate as a model.
func FuzzImport(f *testing.F) {
	if data, err := os.ReadFile("testdata/small.tm7"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<ThreatModel><DrawingSurfaceList><DrawingSurfaceModel><Borders><KeyValueOfguidanyType><Value><GenericTypeId>GE.EI</GenericTypeId><Guid>a</Guid></Value></KeyValueOfguidanyType></Borders><Lines><KeyValueOfguidanyType><Value><GenericTypeId>GE.DF</GenericTypeId><Guid>f</Guid><SourceGuid>a</SourceGuid><TargetGuid>a</TargetGuid></Value></KeyValueOfguidanyType></Lines></DrawingSurfaceModel></DrawingSurfaceList></ThreatModel>`))
	f.Add([]byte(`<ThreatModel><DrawingSurfaceList/><ThreatInstances><K><Value><State>Mitigated</State><TargetGuid>x</TargetGuid></Value></K></ThreatInstances></ThreatModel>`))
	interoptest.Check(f)
	var names []string
	if dir := interoptest.Path(); dir != "" {
		names, _ = filepath.Glob(filepath.Join(dir, "tm7", "*.tm7"))
	}
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, diags := Import("fuzz.tm7", data)
		if imp == nil {
			if len(diags) == 0 {
				t.Fatal("no model and no diagnostics")
			}
			return
		}
		reparse(t, imp)
	})
}
