package otm

import (
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/importtest"
	"github.com/iotthreat/iotthreat/model"
)

// mappedOTM has a component whose type the built-in guess takes for a
// back-end service ("aws-lambda" says lambda) and one it cannot read at
// all, in zones whose names say nothing.
const mappedOTM = `otmVersion: 0.2.0
project: {id: p, name: Mapped}
trustZones:
  - {id: z1, name: Zone One, type: cat-zone-17}
  - {id: z2, name: Zone Two, type: cat-zone-42}
components:
  - {id: fn, name: Resize, type: aws-lambda, parent: {trustZone: z1}}
  - {id: probe, name: Probe, type: cat-9000, parent: {trustZone: z2}}
  - {id: kiosk, name: Kiosk, type: cat-kiosk, parent: {trustZone: z1}}
`

func importMapped(t *testing.T, mapText string) (*interchange.Import, map[string]model.Element, map[string]model.Boundary) {
	t.Helper()
	imp, diags := ImportWith("mapped.otm.yaml", []byte(mappedOTM), importtest.Options(t, mapText))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	reparse(t, imp)
	els, bds := map[string]model.Element{}, map[string]model.Boundary{}
	for _, e := range imp.Model.Elements {
		els[e.ID] = e
	}
	for _, b := range imp.Model.Boundaries {
		bds[b.ID] = b
	}
	return imp, els, bds
}

// A mapping file's rules win over the guesses, by type or by name, and
// the note says which rule decided.
func TestImportMapping(t *testing.T) {
	_, els, bds := importMapped(t, "")
	if els["probe"].Kind != "support-service" || bds["z2"].Kind != "vendor-cloud" {
		t.Fatalf("without a map: probe %s in %s; the test needs the fallback guesses", els["probe"].Kind, bds["z2"].Kind)
	}
	imp, els, bds := importMapped(t, `elements:
  "cat-9*": device
  "kiosk": workstation
boundaries:
  "cat-zone-42": local-network
  "Zone One": corporate-network
`)
	for id, kind := range map[string]string{"fn": "support-service", "probe": "device", "kiosk": "workstation"} {
		if els[id].Kind != kind {
			t.Errorf("%s: kind %s; want %s", id, els[id].Kind, kind)
		}
	}
	if bds["z2"].Kind != "local-network" || bds["z1"].Kind != "corporate-network" {
		t.Errorf("zones: %s, %s; want local-network, corporate-network", bds["z1"].Kind, bds["z2"].Kind)
	}
	for path, want := range map[string]string{
		"elements[probe]": `kind device: from the mapping file kinds.yaml (rule "cat-9*" on line 2 matched its OTM type "cat-9000").`,
		"elements[kiosk]": `kind workstation: from the mapping file kinds.yaml (rule "kiosk" on line 3 matched its name "Kiosk").`,
		"boundaries[z2]":  `kind local-network: from the mapping file kinds.yaml (rule "cat-zone-42" on line 5 matched its OTM type "cat-zone-42").`,
		"boundaries[z1]":  `kind corporate-network: from the mapping file kinds.yaml (rule "Zone One" on line 6 matched its name "Zone One").`,
		"elements[fn]":    `kind support-service: from its OTM type "aws-lambda".`,
	} {
		if !contains(imp.Notes[path], want) {
			t.Errorf("%s notes %q; want %q", path, imp.Notes[path], want)
		}
	}
}

// A mapped zone kind that cannot hold the zone's components gives way
// to one that can, as a guess does, and the note says the mapping's kind
// was overridden.
func TestImportMappingMisfit(t *testing.T) {
	imp, els, bds := importMapped(t, "elements:\n  cat-9000: device\nboundaries:\n  cat-zone-42: browser\n")
	if els["probe"].Kind != "device" || els["probe"].Boundary != "z2" {
		t.Errorf("probe: %s in %q", els["probe"].Kind, els["probe"].Boundary)
	}
	if bds["z2"].Kind == "browser" {
		t.Fatal("a device cannot sit in a browser boundary")
	}
	notes := strings.Join(imp.Notes["boundaries[z2]"], "\n")
	if !strings.Contains(notes, "browser was mapped (from the mapping file kinds.yaml (rule \"cat-zone-42\"") || !strings.Contains(notes, "but the zone holds device") {
		t.Errorf("notes: %s", notes)
	}
}

// An unknown kind in the mapping file is a located error, before any
// import.
func TestImportMappingUnknownKind(t *testing.T) {
	m, diags := interchange.ParseMapping("kinds.yaml", []byte("elements:\n  cat-9000: sensor\n"))
	if m != nil || len(diags) != 1 {
		t.Fatalf("got %v, %v", m, diags)
	}
	if got := diags[0].String(); !strings.HasPrefix(got, `kinds.yaml:2:13: elements[cat-9000]: unknown element kind "sensor"`) {
		t.Errorf("got %s", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
