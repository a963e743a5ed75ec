package strictyaml

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// Long lists with an empty item, an aliased item, a wrong scalar and an
// item that is not a mapping decode to the same values and diagnostics
// on one core and on two.
func TestParallelDecodeEdgeItems(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: x\nbase: &b {id: base, kind: device}\nelements:\n")
	n := parallelMinItems + 300
	for i := range n {
		switch {
		case i == 100:
			b.WriteString("  - *b\n")
		case i == 1500:
			b.WriteString("  -\n")
		case i == 1700:
			b.WriteString("  - just a string\n")
		case i == 2000:
			fmt.Fprintf(&b, "  - {id: e%d, options: {pairing: maybe}}\n", i)
		default:
			fmt.Fprintf(&b, "  - {id: e%d, kind: device, stores: [a, b]}\n", i)
		}
	}
	type doc struct {
		Name     string         `yaml:"name"`
		Base     largeElement   `yaml:"base"`
		Elements []largeElement `yaml:"elements"`
	}
	for _, variant := range []string{"all problems", "alias only"} {
		text := b.String()
		if variant == "alias only" {
			text = strings.NewReplacer("  -\n", "  - {id: x}\n", "  - just a string\n", "  - {id: y}\n", "pairing: maybe", "pairing: true").Replace(text)
		}
		root, diags := parseSerial("m.yaml", []byte(text), DefaultLimits, nil)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		decode := func(procs int) (doc, string) {
			defer setProcs(procs)()
			var d doc
			return d, Decode(root, &d, "").Error()
		}
		s, sd := decode(1)
		p, pd := decode(2)
		if sd != pd {
			t.Errorf("%s: diagnostics differ:\nserial:   %s\nparallel: %s", variant, sd, pd)
		}
		if !reflect.DeepEqual(s, p) {
			t.Errorf("%s: values differ", variant)
		}
	}
}

func setProcs(n int) func() {
	old := runtime.GOMAXPROCS(n)
	return func() { runtime.GOMAXPROCS(old) }
}
