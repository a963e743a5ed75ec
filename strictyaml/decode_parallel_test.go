package strictyaml

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
)

type largeElement struct {
	ID          string          `yaml:"id,required"`
	Kind        string          `yaml:"kind"`
	Name        string          `yaml:"name"`
	Boundary    string          `yaml:"boundary"`
	Stores      []string        `yaml:"stores"`
	Description string          `yaml:"description"`
	Notes       string          `yaml:"notes"`
	Options     map[string]bool `yaml:"options"`
	Source      Source
}

type largeFlow struct {
	From     string   `yaml:"from"`
	To       string   `yaml:"to"`
	Protocol string   `yaml:"protocol"`
	Data     []string `yaml:"data"`
	Source   Source
}

type largeDoc struct {
	Name     string         `yaml:"name"`
	Elements []largeElement `yaml:"elements"`
	Flows    []*largeFlow   `yaml:"flows"`
}

// decodeWith decodes data on the given number of cores.
func decodeWith(t *testing.T, data []byte, procs int) (*largeDoc, string) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	root, diags := parseSerial("large.yaml", data, DefaultLimits, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var doc largeDoc
	decoded := Decode(root, &doc, "")
	return &doc, decoded.Error()
}

func TestParallelDecodeEqualsSerial(t *testing.T) {
	data := largeModel(parallelMinItems + 500)
	data = []byte(strings.Replace(string(data), "boundaries:\n  - id: b0\n    kind: home\n", "", 1))
	serial, serialDiags := decodeWith(t, data, 1)
	parallel, parallelDiags := decodeWith(t, data, 2)
	if serialDiags != "" || parallelDiags != "" {
		t.Fatalf("diagnostics: serial %q, parallel %q", serialDiags, parallelDiags)
	}
	if len(parallel.Elements) != parallelMinItems+500 || len(parallel.Flows) != parallelMinItems+500 {
		t.Fatalf("decoded %d elements and %d flows", len(parallel.Elements), len(parallel.Flows))
	}
	if !reflect.DeepEqual(serial, parallel) {
		t.Fatal("parallel decoding differs from serial decoding")
	}
}

// Problems in a long list are reported as a serial decode reports them:
// same messages, same order, and the same limit on their number.
func TestParallelDecodeReportsProblemsInOrder(t *testing.T) {
	text := string(largeModel(parallelMinItems + 500))
	text = strings.Replace(text, "boundaries:\n  - id: b0\n    kind: home\n", "", 1)
	text = strings.Replace(text, "kind: gateway, boundary: b6}", "kind: gateway, boundary: b6, colour: red}", 1)
	text = strings.Replace(text, "  - id: e2999\n", "  - id: e2999\n    bogus: 1\n", 1)
	many := strings.Repeat("  - {id: x, wrong: 1}\n", MaxDiagnostics+10)
	text = strings.Replace(text, "flows:\n", many+"flows:\n", 1)
	serial, serialDiags := decodeWith(t, []byte(text), 1)
	parallel, parallelDiags := decodeWith(t, []byte(text), 2)
	if serialDiags == "" || !strings.Contains(serialDiags, "too many problems") {
		t.Fatalf("the test input should overflow the diagnostics limit: %s", serialDiags)
	}
	if parallelDiags != serialDiags {
		t.Fatalf("diagnostics differ:\nparallel: %s\nserial:   %s", parallelDiags, serialDiags)
	}
	if !reflect.DeepEqual(serial, parallel) {
		t.Fatal("decoded values differ")
	}
}
