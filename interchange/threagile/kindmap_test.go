package threagile

import (
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/importtest"
)

// mappedThreagile has a device and a web server on an on-premises
// network (with a VLAN nested in it) and a database in a cloud.
const mappedThreagile = `threagile_version: 1.0.0
title: Mapped
technical_assets:
  Probe: {id: probe, type: process, technology: iot-device}
  Kiosk: {id: kiosk, type: process, technology: web-server}
  Store: {id: store, type: datastore, technology: database}
trust_boundaries:
  Plant: {id: plant, type: network-on-prem, technical_assets_inside: [probe, kiosk], trust_boundaries_nested: [vlan]}
  VLAN: {id: vlan, type: network-virtual-lan}
  Cloud: {id: cloud, type: network-cloud-provider, technical_assets_inside: [store]}
`

func importMapped(t *testing.T, mapText string) (*interchange.Import, map[string]string) {
	t.Helper()
	imp, diags := ImportWith("mapped.yaml", []byte(mappedThreagile), importtest.Options(t, mapText))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	checkValid(t, imp)
	return imp, importtest.Kinds(imp)
}

// Rules match an asset's technology, type or name, and a boundary's type
// or name; they win over the tables, a boundary nested in a mapped one
// that inherits its kind inherits the mapped kind, and the notes say
// which rule decided.
func TestImportMapping(t *testing.T) {
	_, kinds := importMapped(t, "")
	want := map[string]string{"probe": "device in plant", "kiosk": "support-service in plant", "store": "datastore in cloud",
		"plant": "corporate-network", "vlan": "corporate-network", "cloud": "vendor-cloud"}
	for id, k := range want {
		if kinds[id] != k {
			t.Fatalf("without a map %s is %s, not %s: the test needs the table's kinds", id, kinds[id], k)
		}
	}
	imp, kinds := importMapped(t, "elements:\n  iot-*: gateway\n  kiosk: workstation\nboundaries:\n  plant: ot-network\n")
	want = map[string]string{"probe": "gateway in plant", "kiosk": "workstation in plant", "store": "datastore in cloud",
		"plant": "ot-network", "vlan": "ot-network", "cloud": "vendor-cloud"}
	for id, k := range want {
		if kinds[id] != k {
			t.Errorf("%s: %s; want %s", id, kinds[id], k)
		}
	}
	for path, note := range map[string]string{
		"elements[probe]":   `Kind gateway from the mapping file kinds.yaml (rule "iot-*" on line 2 matched its Threagile technology "iot-device").`,
		"elements[kiosk]":   `Kind workstation from the mapping file kinds.yaml (rule "kiosk" on line 3 matched its name "Kiosk").`,
		"boundaries[plant]": `Threagile type network-on-prem (an on-premises network): kind ot-network from the mapping file kinds.yaml (rule "plant" on line 5 matched its name "Plant").`,
		"boundaries[vlan]":  "Threagile type network-virtual-lan (a virtual LAN): kind ot-network, as the boundary it is nested in.",
	} {
		if !slices.Contains(imp.Notes[path], note) {
			t.Errorf("%s notes %q; want %q", path, imp.Notes[path], note)
		}
	}
}

// A mapped kind that cannot sit in the asset's boundary gives way to the
// table's kind, as the table's own first choice does, and a note says so.
func TestImportMappingMisfit(t *testing.T) {
	imp, kinds := importMapped(t, "elements:\n  database: device\n")
	if kinds["store"] != "datastore in cloud" {
		t.Fatalf("store: %s", kinds["store"])
	}
	notes := strings.Join(imp.Notes["elements[store]"], "\n")
	if !strings.Contains(notes, "The mapping file gives device, but a device cannot sit in a vendor-cloud boundary: written as a datastore.") {
		t.Errorf("notes: %s", notes)
	}
}

// An unknown kind in the mapping file is a located error.
func TestImportMappingUnknownKind(t *testing.T) {
	_, diags := interchange.ParseMapping("kinds.yaml", []byte("elements:\n  iot-device: iot\n"))
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), `kinds.yaml:2:15: elements[iot-device]: unknown element kind "iot"`) {
		t.Errorf("got %v", diags)
	}
}
