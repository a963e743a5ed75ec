package strictyaml

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/diag"
)

// checkSplitDecode decodes data into a fresh value from newOut both ways:
// parsed whole then decoded, and piece by piece with sizes. It fails
// unless the piecewise decode declined or gave exactly the same value
// (Sources included), and declined whenever the whole way found a
// problem, except lists too long to hold, which both must report alike.
// It reports whether the piecewise decode took the document.
func checkSplitDecode(t *testing.T, name string, data []byte, sizes splitSizes, newOut func() any) bool {
	t.Helper()
	want := newOut()
	root, parseDiags := parseSerial(name, data, DefaultLimits, nil)
	var decodeDiags diag.List
	if len(parseDiags) == 0 && root.Kind == Mapping {
		decodeDiags = Decode(root, want, "")
	}
	got := newOut()
	taken, refused := decodeSplit(name, data, DefaultLimits, reflect.ValueOf(got).Elem(), sizes, nil)
	if taken == nil {
		return false
	}
	if len(parseDiags) > 0 || root.Kind != Mapping {
		t.Fatalf("%s: the piecewise decode accepted a document the whole way refuses: %v %v\n%s", name, parseDiags, decodeDiags, data)
	}
	if fmt.Sprint(refused) != fmt.Sprint(decodeDiags) {
		t.Fatalf("%s: piecewise and whole decodes report differently\npiecewise: %v\nwhole:     %v", name, refused, decodeDiags)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: piecewise and whole decodes differ\npiecewise: %+v\nwhole:     %+v", name, got, want)
	}
	return true
}

func newLargeDoc() any { return &largeDoc{} }

// A generated model of a few hundred KB is decoded piece by piece with
// the default sizes, to the value decoding the whole tree gives, and
// through ParseDecode too.
func TestSplitDecodeEqualsWholeOnALargeModel(t *testing.T) {
	data := []byte(strings.Replace(string(largeModel(3000)), "boundaries:\n  - id: b0\n    kind: home\n", "", 1))
	if !checkSplitDecode(t, "large.yaml", data, splitDefaults, newLargeDoc) {
		t.Fatal("the piecewise decode declined a plain large model")
	}
	var doc largeDoc
	root, parseDiags, decodeDiags := ParseDecode("large.yaml", data, DefaultLimits, &doc, nil)
	if len(parseDiags)+len(decodeDiags) > 0 || root.Kind != Mapping || len(doc.Elements) != 3000 || len(doc.Flows) != 3000 {
		t.Fatalf("ParseDecode: %v %v, %d elements, %d flows", parseDiags, decodeDiags, len(doc.Elements), len(doc.Flows))
	}
	if got := doc.Flows[2999].Source.Pos.Line; got != strings.Count(string(data), "\n") {
		t.Errorf("the last flow is at line %d", got)
	}
}

// Every cut the planner allows, on small inputs of every shape the
// large model has.
func TestSplitDecodeEveryCut(t *testing.T) {
	data := []byte(strings.Replace(string(largeModel(40)), "boundaries:\n  - id: b0\n    kind: home\n", "", 1))
	if !checkSplitDecode(t, "small.yaml", data, tinySplit, newLargeDoc) {
		t.Fatal("declined")
	}
	crlf := []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
	if !checkSplitDecode(t, "small-crlf.yaml", crlf, tinySplit, newLargeDoc) {
		t.Fatal("declined with CRLF line ends")
	}
}

// The piecewise decode declines what it cannot do exactly: a problem in
// an item, a list of scalars, an unknown top-level key, a list where a
// mapping belongs, and every tricky shape of the split parse.
func TestSplitDecodeDeclines(t *testing.T) {
	base := strings.Replace(string(largeModel(40)), "boundaries:\n  - id: b0\n    kind: home\n", "", 1)
	for name, text := range map[string]string{
		"unknown key in an item": strings.Replace(base, "  - id: e38\n", "  - id: e38\n    colour: red\n", 1),
		"empty item":             strings.Replace(base, "flows:\n", "flows:\n-\n", 1),
		"scalar item":            strings.Replace(base, "flows:\n", "flows:\n- just text\n", 1),
		"unknown top-level list": base + "extra:\n  - a\n  - b\n",
		"missing required id":    strings.Replace(base, "  - id: e36\n    kind: device\n", "  - kind: device\n", 1),
	} {
		if checkSplitDecode(t, name, []byte(text), tinySplit, newLargeDoc) {
			t.Errorf("%s: taken", name)
		}
	}
	type scalars struct {
		L []string `yaml:"l"`
	}
	if checkSplitDecode(t, "scalar list", []byte("l:\n  - a\n  - b\n"), tinySplit, func() any { return &scalars{} }) {
		t.Error("a list of scalars was taken")
	}
	for name, text := range splitShapes {
		checkSplitDecode(t, name, []byte(text), tinySplit, newLargeDoc)
	}
}

// Through ParseDecode, a problem deep in a piece gives the problems of
// Parse then Decode, word for word and in order, and no half-decoded
// value survives.
func TestParseDecodeProblemsAsWhole(t *testing.T) {
	text := strings.Replace(string(largeModel(3000)), "boundaries:\n  - id: b0\n    kind: home\n", "", 1)
	text = strings.Replace(text, "  - id: e2999\n", "  - id: e2999\n    bogus: 1\n", 1)
	text = strings.Replace(text, "kind: gateway, boundary: b6}", "kind: gateway, boundary: b6, colour: red}", 1)
	root, parseDiags := Parse("m.yaml", []byte(text), DefaultLimits)
	var want largeDoc
	wantDiags := Decode(root, &want, "")
	var got largeDoc
	got.Name = "left over"
	_, gotParse, gotDecode := ParseDecode("m.yaml", []byte(text), DefaultLimits, &got, nil)
	if len(parseDiags) > 0 || len(gotParse) > 0 || len(wantDiags) < 2 {
		t.Fatalf("parse %v %v, decode %v", parseDiags, gotParse, wantDiags)
	}
	if gotDecode.Error() != wantDiags.Error() {
		t.Errorf("problems differ:\nParseDecode: %s\nwhole:       %s", gotDecode.Error(), wantDiags.Error())
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the decoded values differ")
	}

	// A syntax error in the last piece: Parse's error, nothing decoded.
	broken := text + "  - [unterminated\n"
	_, wantParse := Parse("m.yaml", []byte(broken), DefaultLimits)
	var none largeDoc
	_, gotParse, gotDecode = ParseDecode("m.yaml", []byte(broken), DefaultLimits, &none, nil)
	if gotParse.Error() != wantParse.Error() || len(gotDecode) > 0 || len(none.Elements) > 0 {
		t.Errorf("syntax error: %v / %v, %d elements decoded", gotParse, wantParse, len(none.Elements))
	}
}

// The limits hold for the document as a whole, as Parse holds them.
func TestSplitDecodeMaxNodes(t *testing.T) {
	type item struct {
		A string `yaml:"a"`
	}
	type doc struct {
		L []item `yaml:"l"`
	}
	data := []byte("l:\n  - a: 1\n  - a: 2\n  - a: 3\n")
	for max := 1; max < 12; max++ {
		lim := DefaultLimits
		lim.MaxNodes = max
		_, diags := parseSerial("x", data, lim, nil)
		var d doc
		root, _ := decodeSplit("x", data, lim, reflect.ValueOf(&d).Elem(), tinySplit, nil)
		took := root != nil
		if took && len(diags) > 0 {
			t.Errorf("MaxNodes %d: taken piecewise, refused whole: %v", max, diags)
		}
	}
}

// FuzzSplitDecode: the piecewise decode declines or agrees exactly. Its
// seeds run with every `go test`; it is fuzzed where the code changes
// (`go test ./strictyaml -fuzz FuzzSplitDecode`), not in CI, where a
// 15-second run once ended in "context deadline exceeded" while the
// fuzzer minimised a new input.
func FuzzSplitDecode(f *testing.F) {
	f.Add(largeModel(6))
	for _, text := range splitShapes {
		f.Add([]byte(text))
	}
	f.Add([]byte("name: x\nelements:\n  - id: a\n    stores: [x,\n      y]\n  - {id: b}\nflows:\n- from: a\n  to: b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		checkSplitDecode(t, "fuzz.yaml", data, tinySplit, newLargeDoc)
	})
}

// Progress through ParseDecode never goes backwards, even when the
// piecewise decode gives up late and the file is parsed again.
func TestParseDecodeProgressMonotonic(t *testing.T) {
	text := string(largeModel(4000)) + "  - [unterminated\n"
	last, back := -1, 0
	var doc largeDoc
	ParseDecode("m.yaml", []byte(text), DefaultLimits, &doc, func(done, total int) {
		if done < last {
			back++
		}
		last = done
	})
	if back > 0 || last != len(text) {
		t.Errorf("progress went back %d times, ended at %d of %d", back, last, len(text))
	}
}
