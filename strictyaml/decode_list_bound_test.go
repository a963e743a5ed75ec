package strictyaml

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// bulky is an item of 1 MiB, so that a short list passes MaxListBytes.
type bulky struct {
	Name string                          `yaml:"name"`
	Pad  [1<<20 - unsafe.Sizeof("")]byte // the whole item is 1 MiB
}

type bulkyDoc struct {
	Items []bulky `yaml:"items"`
}

// A list whose slice would pass MaxListBytes is refused where it starts,
// before anything is made for it, whichever way the file is decoded: a
// short file (parsed whole) and one long enough to be cut into pieces.
func TestRefusesAListTooLongToHold(t *testing.T) {
	most := MaxListBytes >> 20
	for _, c := range []struct {
		name  string
		items int
		pad   string // makes the file long enough for the piecewise decode
	}{
		{"whole", most + 1, ""},
		{"pieces", most + 88, strings.Repeat("x", 3000)},
	} {
		var b strings.Builder
		b.WriteString("items:\n")
		for range c.items {
			b.WriteString("  - {name: " + "a" + c.pad + "}\n")
		}
		if c.pad != "" && b.Len() < splitDefaults.minBytes {
			t.Fatalf("%s: %d bytes is too short to be decoded in pieces", c.name, b.Len())
		}
		var doc bulkyDoc
		if c.pad != "" {
			// The piecewise decode refuses it itself, without making the
			// slice and without the whole tree the general parser would
			// build: it only holds one piece's tree per core.
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			root, refused := decodeSplit("big.yaml", []byte(b.String()), DefaultLimits, reflect.ValueOf(&doc).Elem(), splitDefaults, nil)
			runtime.ReadMemStats(&after)
			if root == nil || len(refused) != 1 || !strings.Contains(refused[0].Message, "too long") {
				t.Fatalf("%s: the piecewise decode did not refuse the list itself: %v", c.name, refused)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Fatalf("%s: refusing allocated %d MiB", c.name, grew>>20)
			}
			// As the general parser and Decode refuse it.
			whole, parseDiags := parseSerial("big.yaml", []byte(b.String()), DefaultLimits, nil)
			if len(parseDiags) > 0 {
				t.Fatal(parseDiags)
			}
			var plain bulkyDoc
			if got, want := fmt.Sprint(refused), fmt.Sprint(Decode(whole, &plain, "")); got != want {
				t.Fatalf("%s: refused piecewise as\n%s\nand whole as\n%s", c.name, got, want)
			}
		}
		_, parseDiags, decodeDiags := ParseDecode("big.yaml", []byte(b.String()), DefaultLimits, &doc, nil)
		if len(parseDiags) > 0 || len(decodeDiags) != 1 {
			t.Fatalf("%s: want one problem, got %v / %v", c.name, parseDiags, decodeDiags)
		}
		d := decodeDiags[0]
		if d.File != "big.yaml" || d.Line != 2 || d.Column != 3 || d.Field != "items" ||
			!strings.Contains(d.Message, "too long") || !strings.Contains(d.Hint, "at most 512 items") {
			t.Fatalf("%s: %+v", c.name, d)
		}
		if doc.Items != nil {
			t.Fatalf("%s: %d items were decoded", c.name, len(doc.Items))
		}
	}

	// One item fewer than the bound would be taken (not decoded here: it
	// would make 512 MiB); the bound is exact.
	if got := mostItems(typeOfBulky); got != most {
		t.Fatalf("mostItems = %d, want %d", got, most)
	}
}

var typeOfBulky = reflect.TypeFor[[]bulky]()
