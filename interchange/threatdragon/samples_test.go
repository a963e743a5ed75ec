package threatdragon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/internal/interoptest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// interop is the shared conformance set (see MANIFEST.md there); tests
// that need it skip where it is absent.
const interop = "../../../shared/interop"

// expectRow is a row of interop/expect.json.
type expectRow struct {
	Format, File                         string
	Elements, Flows, Boundaries, Threats int
	Error                                string
	Detail                               struct {
		BoxMembers     map[string][]string `json:"box_members_by_position"`
		CurveCrossings []int               `json:"flows_crossing_each_curve"`
		Bidirectional  int                 `json:"bidirectional"`
		ThreatStatus   map[string]int      `json:"threat_status"`
	}
}

func expectations(t *testing.T) []expectRow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(interop, "expect.json"))
	if err != nil {
		interoptest.Missing(t, "no conformance set:", err)
	}
	var rows []expectRow
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	var out []expectRow
	for _, r := range rows {
		if r.Format == "threatdragon" {
			out = append(out, r)
		}
	}
	if len(out) != 7 {
		t.Fatalf("expect.json has %d Threat Dragon rows, want 7", len(out))
	}
	return out
}

// valid checks that an import validates against the built-in vocabulary.
func valid(t *testing.T, imp *interchange.Import) {
	t.Helper()
	if diags := model.Validate(imp.Model, vocab.Builtin()); len(diags) > 0 {
		t.Errorf("the imported model does not validate:\n%v", diags)
	}
}

// TestSamples imports every Threat Dragon file of the conformance set and
// compares with expect.json: counts, box membership, curve crossings,
// bidirectional flows and threat statuses.
func TestSamples(t *testing.T) {
	for _, row := range expectations(t) {
		t.Run(filepath.Base(row.File), func(t *testing.T) {
			data, err := interchange.ReadFile(filepath.Join(interop, row.File))
			if err != nil {
				t.Fatal(err)
			}
			imp, diags := Import(row.File, data)
			if row.Error != "" {
				if len(diags) == 0 || diags[0].Line == 0 {
					t.Fatalf("a malformed file was accepted or its error not located: %v", diags)
				}
				t.Logf("refused: %v", diags)
				return
			}
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			valid(t, imp)
			m := imp.Model
			tracked := 0
			for _, tr := range m.Tracking {
				if tr.Status != "" {
					tracked++
				}
			}
			got := [4]int{len(m.Elements), len(m.Flows), len(m.Boundaries), len(m.Threats)}
			want := [4]int{row.Elements, row.Flows, row.Boundaries, row.Threats}
			if got != want {
				t.Errorf("elements/flows/boundaries/threats = %v, want %v", got, want)
			}
			checkMembers(t, m, row.Detail.BoxMembers)
			checkCrossings(t, imp, row.Detail.CurveCrossings)
			bidi := 0
			for _, f := range m.Flows {
				if f.Bidirectional {
					bidi++
				}
			}
			if bidi != row.Detail.Bidirectional {
				t.Errorf("%d bidirectional flows, want %d", bidi, row.Detail.Bidirectional)
			}
			if want := len(m.Threats) - row.Detail.ThreatStatus["Open"]; tracked != want {
				t.Errorf("%d threats tracked as not open, want %d", tracked, want)
			}
		})
	}
}

// checkMembers compares box membership, by element name, with the
// expected one (keyed by box name, or boxN for unnamed boxes).
func checkMembers(t *testing.T, m *model.Model, want map[string][]string) {
	t.Helper()
	got := map[string][]string{}
	names := map[string]string{}
	for i, b := range m.Boundaries {
		names[b.ID] = b.Name
		if strings.HasPrefix(b.Name, "Boundary ") {
			names[b.ID] = "box" + strings.TrimPrefix(b.Name, "Boundary ")
		}
		_ = i
	}
	for _, e := range m.Elements {
		if e.Boundary != "" {
			got[names[e.Boundary]] = append(got[names[e.Boundary]], e.Name)
		}
	}
	norm := map[string][]string{}
	for box, members := range want {
		for _, n := range members {
			norm[box] = append(norm[box], clean(n))
		}
	}
	for box := range norm {
		slices.Sort(norm[box])
	}
	for box := range got {
		slices.Sort(got[box])
	}
	for box, members := range norm {
		// Unnamed boxes: the expectation names them box1, box2 in file
		// order; the import takes the drawn label when data has no name.
		found := false
		for gbox, gm := range got {
			if slices.Equal(gm, members) && (gbox == box || strings.HasPrefix(box, "box")) {
				found = true
			}
		}
		if !found {
			t.Errorf("box %s holds %v; the import has %v", box, members, got)
		}
	}
	if len(got) != len(norm) {
		t.Errorf("%d boxes hold elements, want %d: %v", len(got), len(norm), got)
	}
}

// checkCrossings counts, per curve, the flows whose notes say they cross
// it.
func checkCrossings(t *testing.T, imp *interchange.Import, want []int) {
	t.Helper()
	counts := map[string]int{}
	for path, notes := range imp.Notes {
		if !strings.HasPrefix(path, "flows[") {
			continue
		}
		for _, n := range notes {
			for _, name := range crossedCurves(n) {
				counts[name]++
			}
		}
	}
	var got []int
	for _, n := range counts {
		got = append(got, n)
	}
	w := slices.Clone(want)
	slices.Sort(got)
	slices.Sort(w)
	if len(w) == 0 {
		w = nil
	}
	if !slices.Equal(got, w) {
		t.Errorf("flows crossing each curve: %v, want %v", got, w)
	}
}

// crossedCurves reads the curve names of a crossing note: one curve, or
// a list of several ("Crosses 2 Threat Dragon trust boundary curves:
// "a", "b".").
func crossedCurves(note string) []string {
	if name, ok := strings.CutPrefix(note, "Crosses the Threat Dragon trust boundary curve "); ok {
		return []string{strings.TrimSuffix(name, ".")}
	}
	_, list, ok := strings.Cut(note, " Threat Dragon trust boundary curves: ")
	if !strings.HasPrefix(note, "Crosses ") || !ok {
		return nil
	}
	list, _, _ = strings.Cut(strings.TrimSuffix(list, "."), " and ")
	return strings.Split(list, ", ")
}
