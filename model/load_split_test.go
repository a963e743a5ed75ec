package model

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/synth"
)

// A generated model large enough to be decoded piece by piece
// (strictyaml.ParseDecode) gives exactly the Model, Sources included,
// that parsing it whole and decoding the tree gives.
func TestPiecewiseDecodeOfAModel(t *testing.T) {
	atLeastTwoProcessors(t)
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.Options{Elements: 1500, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	var got, want Model
	root, parseDiags, decodeDiags := strictyaml.ParseDecode("m.yaml", buf.Bytes(), strictyaml.DefaultLimits, &got, nil)
	if len(parseDiags)+len(decodeDiags) > 0 {
		t.Fatal(parseDiags, decodeDiags)
	}
	if root.Lookup("elements") != nil && len(root.Lookup("elements").Items) > 0 {
		t.Fatal("the model was parsed whole: the test proves nothing (is it under the split size?)")
	}
	tree, diags := strictyaml.Parse("m.yaml", buf.Bytes(), strictyaml.DefaultLimits)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if diags := strictyaml.Decode(tree, &want, ""); len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(got.Elements) < 1000 || len(got.Flows) < 1000 {
		t.Fatalf("%d elements, %d flows", len(got.Elements), len(got.Flows))
	}
	if !reflect.DeepEqual(got, want) {
		for i := range want.Flows {
			if !reflect.DeepEqual(got.Flows[i], want.Flows[i]) {
				t.Fatalf("flow %d differs:\n%+v\n%+v", i, got.Flows[i], want.Flows[i])
			}
		}
		t.Fatal("the models differ")
	}
}
