package drawio

import (
	"bytes"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// FuzzImport feeds the importer arbitrary bytes, seeded with exports
// (plain and compressed), a hand-drawn file and broken ones. It must
// never panic, must locate every error, and whatever it accepts must be
// a valid model.
func FuzzImport(f *testing.F) {
	// The seed export is laid out on the grid: Graphviz runs in a
	// WebAssembly runtime whose start, instrumented for fuzzing, would
	// take each fuzzing process minutes.
	l := parseModel(f, small)
	var data bytes.Buffer
	if err := write(&data, interchange.Export{Loaded: l}, gridLayout(l.Model), false); err != nil {
		f.Fatal(err)
	}
	f.Add(data.Bytes())
	f.Add([]byte(handDrawn))
	f.Add([]byte(`<mxfile><diagram>` + compress(f, `<mxGraphModel><root><mxCell id="0"/></root></mxGraphModel>`) + `</diagram></mxfile>`))
	f.Add([]byte(`<mxGraphModel><root><object id="0" label="" iotthreat_kind="model" iotthreat_format="1" iotthreat="{}"><mxCell/></object></root></mxGraphModel>`))
	f.Add([]byte(`<mxfile><diagram><mxGraphModel><root><mxCell id="0" parent="a"/><mxCell id="a" parent="0"/></root></mxGraphModel></diagram></mxfile>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		imp, diags := Import("f.drawio", in)
		if len(diags) > 0 {
			for _, d := range diags {
				if d.File != "f.drawio" || d.Line < 1 || d.Message == "" {
					t.Fatalf("unlocated diagnostic %+v", d)
				}
			}
			return
		}
		v, vd := vocab.Builtin().Extend(&imp.Model.Vocabulary)
		for _, d := range append(vd, model.Validate(imp.Model, v)...) {
			if d.Severity == "" {
				t.Fatalf("accepted an invalid model: %v", d)
			}
		}
	})
}
