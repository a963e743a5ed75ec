package threatdragon

import (
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/importtest"
)

// mappedTD is a box whose name says nothing, holding a process whose
// name says nothing, beside another process and an actor.
var mappedTD = tdFile(
	shape("box", "tm.BoundaryBox", "Zone A", 0, 0, 200, 200),
	shape("w", "tm.Process", "Widget", 50, 50, 40, 40),
	shape("o", "tm.Process", "Other", 400, 50, 40, 40),
	shape("u", "tm.Actor", "Alice", 400, 300, 40, 40),
)

func importMapped(t *testing.T, mapText string) (*interchange.Import, map[string]string) {
	t.Helper()
	imp, diags := ImportWith("mapped.json", mappedTD, importtest.Options(t, mapText))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	valid(t, imp)
	return imp, importtest.Kinds(imp)
}

// Rules match a shape's name or its shape type (actor, process, store)
// and a box's name; they win over the guesses, and the note says which
// rule decided.
func TestImportMapping(t *testing.T) {
	imp, diags := Import("mapped.json", mappedTD)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if k := imp.Model.Elements[0].Kind; k != "support-service" {
		t.Fatalf("without a map Widget is a %s; the test needs the fallback guess", k)
	}
	imp, kinds := importMapped(t, "elements:\n  widget: device\n  process: gateway\nboundaries:\n  zone a: local-network\n")
	want := map[string]string{"widget": "device in zone-a", "other": "gateway in ", "alice": "user in ", "zone-a": "local-network"}
	for id, k := range want {
		if kinds[id] != k {
			t.Errorf("%s: %s; want %s", id, kinds[id], k)
		}
	}
	for path, note := range map[string]string{
		"elements[widget]":   `Kind device from the mapping file kinds.yaml (rule "widget" on line 2 matched its name "Widget").`,
		"elements[other]":    `Kind gateway from the mapping file kinds.yaml (rule "process" on line 3 matched its Threat Dragon shape "process").`,
		"boundaries[zone-a]": `Kind local-network from the mapping file kinds.yaml (rule "zone a" on line 5 matched its name "Zone A").`,
	} {
		if !slices.Contains(imp.Notes[path], note) {
			t.Errorf("%s notes %q; want %q", path, imp.Notes[path], note)
		}
	}
}

// A mapped box kind that cannot hold what the box holds gives way to
// one that can, and the note says the mapping file's kind did not fit.
func TestImportMappingMisfit(t *testing.T) {
	imp, kinds := importMapped(t, "elements:\n  widget: device\nboundaries:\n  zone a: browser\n")
	if kinds["zone-a"] == "browser" || kinds["widget"] != "device in zone-a" {
		t.Fatalf("kinds: %v", kinds)
	}
	notes := strings.Join(imp.Notes["boundaries[zone-a]"], "\n")
	if !strings.Contains(notes, `browser is what the mapping file gives (from the mapping file kinds.yaml (rule "zone a"`) {
		t.Errorf("notes: %s", notes)
	}
}

// An unknown kind in the mapping file is a located error.
func TestImportMappingUnknownKind(t *testing.T) {
	_, diags := interchange.ParseMapping("kinds.yaml", []byte("boundaries:\n  zone a: home\n"))
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), `kinds.yaml:2:11: boundaries[zone a]: unknown boundary kind "home"`) {
		t.Errorf("got %v", diags)
	}
}
