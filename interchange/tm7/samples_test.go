package tm7

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
)

// oracle is what StartLeft's expected OTM conversion of a sample says:
// each component's trust zone (by name) and threat count.
type oracle struct {
	zoneOf  map[string]string // component name → trust zone name
	threats map[string]int    // component name → threats attached
	parent  map[string]string // zone name → parent zone name
	flows   int
}

func readOracle(t *testing.T, name string) oracle {
	t.Helper()
	var doc struct {
		TrustZones []struct {
			ID, Name string
			Parent   struct{ TrustZone string } `json:"parent"`
		} `json:"trustZones"`
		Components []struct {
			Name    string
			Parent  struct{ TrustZone string } `json:"parent"`
			Threats []json.RawMessage
		} `json:"components"`
		Dataflows []json.RawMessage `json:"dataflows"`
	}
	if err := json.Unmarshal(sample(t, name), &doc); err != nil {
		t.Fatal(err)
	}
	zones := map[string]string{}
	for _, z := range doc.TrustZones {
		zones[z.ID] = z.Name
	}
	o := oracle{zoneOf: map[string]string{}, threats: map[string]int{}, parent: map[string]string{}, flows: len(doc.Dataflows)}
	for _, z := range doc.TrustZones {
		if z.Parent.TrustZone != "" {
			o.parent[z.Name] = zones[z.Parent.TrustZone]
		}
	}
	for _, c := range doc.Components {
		o.zoneOf[c.Name] = zones[c.Parent.TrustZone]
		o.threats[c.Name] = len(c.Threats)
	}
	return o
}

// got is the same facts of an import, by element and boundary name.
func facts(imp *interchange.Import) (zoneOf map[string]string, threats map[string]int, parent map[string]string) {
	m := imp.Model
	bname, ename := map[string]string{}, map[string]string{}
	for _, b := range m.Boundaries {
		bname[b.ID] = b.Name
	}
	zoneOf, threats, parent = map[string]string{}, map[string]int{}, map[string]string{}
	for _, e := range m.Elements {
		ename[e.ID] = e.Name
		zoneOf[e.Name] = bname[e.Boundary]
	}
	for _, b := range m.Boundaries {
		if b.Within != "" {
			parent[b.Name] = bname[b.Within]
		}
	}
	for _, th := range m.Threats {
		threats[ename[th.Target]]++
	}
	return zoneOf, threats, parent
}

// TestSamples imports both .tm7 files of the conformance set and checks
// them against MANIFEST.md's counts and StartLeft's OTM conversions of
// the same files: elements, flows, boundaries, threats, which box holds
// each element, nesting, and the threats on each element.
func TestSamples(t *testing.T) {
	cases := []struct {
		file, oracle                         string
		elements, flows, boundaries, threats int
		// lineZone is a trust zone StartLeft makes of a trust boundary
		// line; here a line is a note on the flows crossing it, and its
		// members sit in no boundary.
		lineZone string
	}{
		{"tm7/MTMT_MVP.tm7", "otm/startleft-MTMT_MVP.otm", 4, 6, 2, 43, ""},
		{"tm7/MTMT_nested_tz.tm7", "otm/startleft-nested_tz.otm", 4, 2, 2, 16, "Internet Boundary"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			imp := mustImport(t, tc.file, sample(t, tc.file))
			reparse(t, imp)
			m := imp.Model
			if len(m.Elements) != tc.elements || len(m.Flows) != tc.flows || len(m.Boundaries) != tc.boundaries || len(m.Threats) != tc.threats {
				t.Errorf("counts: %d elements, %d flows, %d boundaries, %d threats; want %d, %d, %d, %d",
					len(m.Elements), len(m.Flows), len(m.Boundaries), len(m.Threats), tc.elements, tc.flows, tc.boundaries, tc.threats)
			}
			o := readOracle(t, tc.oracle)
			if o.flows != len(m.Flows) {
				t.Errorf("%d flows; StartLeft has %d", len(m.Flows), o.flows)
			}
			zoneOf, threats, parent := facts(imp)
			for name, zone := range o.zoneOf {
				if zone == tc.lineZone {
					zone = ""
				}
				if zoneOf[name] != zone {
					t.Errorf("%s is in %q; StartLeft puts it in %q", name, zoneOf[name], zone)
				}
			}
			if !maps.Equal(parent, o.parent) {
				t.Errorf("nesting %v; StartLeft has %v", parent, o.parent)
			}
			// StartLeft carries the threats of MTMT_MVP only.
			if slices.ContainsFunc(slices.Collect(maps.Values(o.threats)), func(n int) bool { return n > 0 }) && !maps.Equal(threats, o.threats) {
				t.Errorf("threats per element %v; StartLeft has %v", threats, o.threats)
			}
			if tc.lineZone != "" {
				crossing := 0
				for _, f := range m.Flows {
					for _, n := range imp.Notes["flows["+f.ID+"]"] {
						if strings.Contains(n, tc.lineZone) {
							crossing++
						}
					}
				}
				if crossing != 1 {
					t.Errorf("%d flows note crossing %q, want 1 (the flow from the web client)", crossing, tc.lineZone)
				}
			}
		})
	}
}

// TestSamplesSayWhatIsUnknown checks that no flow of the samples gets
// encryption or authentication none: the tool's defaults are not facts.
func TestSamplesSayWhatIsUnknown(t *testing.T) {
	for _, file := range []string{"tm7/MTMT_MVP.tm7", "tm7/MTMT_nested_tz.tm7"} {
		imp := mustImport(t, file, sample(t, file))
		for _, f := range imp.Model.Flows {
			if f.Encryption == "none" || f.Authentication == "none" {
				t.Errorf("%s: flow %s says none (encryption %q, authentication %q), which the file does not", file, f.ID, f.Encryption, f.Authentication)
			}
			if len(imp.Notes["flows["+f.ID+"]"]) == 0 {
				t.Errorf("%s: flow %s has no note on what the file leaves unsaid", file, f.ID)
			}
		}
	}
}
