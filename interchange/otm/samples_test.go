package otm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/internal/interoptest"
)

// expectRow is one row of ../shared/interop/expect.json.
type expectRow struct {
	Format     string `json:"format"`
	File       string `json:"file"`
	Elements   int    `json:"elements"`
	Flows      int    `json:"flows"`
	Boundaries int    `json:"boundaries"`
	Threats    int    `json:"threats"`
	Detail     struct {
		ZoneMembers map[string][]string `json:"zone_members"`
		NestedZones []string            `json:"nested_zones"`
	} `json:"detail"`
}

// TestSamples imports every OTM sample of the conformance set: the
// counts of elements, flows, boundaries and threats match expect.json,
// each zone's direct members sit in its boundary, nested zones nest, and
// the model validates.
func TestSamples(t *testing.T) {
	dir := interopDir()
	if dir == "" {
		interoptest.Missing(t, "../shared/interop is absent")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []expectRow
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range rows {
		if row.Format != "otm" {
			continue
		}
		n++
		t.Run(row.File, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, row.File))
			if err != nil {
				t.Fatal(err)
			}
			imp := mustImport(t, row.File, data)
			loaded, _ := reparse(t, imp)
			m := loaded.Model
			got := [4]int{len(m.Elements), len(m.Flows), len(m.Boundaries), len(m.Threats)}
			want := [4]int{row.Elements, row.Flows, row.Boundaries, row.Threats}
			if got != want {
				t.Errorf("elements, flows, boundaries, threats = %v, expect.json says %v", got, want)
			}
			names := map[string]string{} // boundary id → name
			for _, b := range m.Boundaries {
				names[b.ID] = b.Name
			}
			members := map[string][]string{}
			for _, e := range m.Elements {
				members[names[e.Boundary]] = append(members[names[e.Boundary]], e.Name)
			}
			for zone, want := range row.Detail.ZoneMembers {
				for _, name := range want {
					if !slices.Contains(members[zone], name) {
						t.Errorf("%q is not in boundary %q (it holds %v)", name, zone, members[zone])
					}
				}
			}
			for _, nz := range row.Detail.NestedZones {
				child, parent, _ := strings.Cut(nz, "<")
				ok := false
				for _, b := range m.Boundaries {
					ok = ok || b.Name == child && names[b.Within] == parent
				}
				if !ok {
					t.Errorf("boundary %q is not within %q", child, parent)
				}
			}
		})
	}
	if n != 10 {
		t.Errorf("%d OTM rows in expect.json, want 10", n)
	}
}
