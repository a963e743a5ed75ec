package threatdragon

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/internal/importtest"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
)

// mustImport imports a fixture and fails on any problem.
func mustImport(t *testing.T, data []byte) *interchange.Import {
	t.Helper()
	return importtest.MustImport(t, Import, "fixture.json", data)
}

// notesWith lists the notes on path that contain part.
func notesWith(imp *interchange.Import, path, part string) []string {
	var out []string
	for _, n := range imp.Notes[path] {
		if strings.Contains(n, part) {
			out = append(out, n)
		}
	}
	return out
}

// Cells of thousands of made-up shapes and types give one counted note
// per diagram, not one per shape (which cost a comparison with every
// earlier note, 64,000 shapes 6.8 s).
func TestUnknownShapesFoldIntoOneNote(t *testing.T) {
	var cells []string
	for i := range 2000 {
		cells = append(cells, fmt.Sprintf(`{"id": "c%d", "shape": "weird-%d"}`, i, i))
	}
	for i := range 5 {
		cells = append(cells, fmt.Sprintf(`{"id": "t%d", "shape": "x", "data": {"type": "tm.Made%d"}}`, i, i))
	}
	cells = append(cells, `{"id": "same", "shape": "weird-0"}`, `{"id": "text", "shape": "td-text-block"}`)
	imp := mustImport(t, tdFile(cells...))
	got := notesWith(imp, "", "not imported")
	want := []string{
		`Diagram 1 ("D"): 1 tm.Text cell not imported.`,
		`Diagram 1 ("D"): 2006 cells not imported, of 2005 types Threat Dragon does not have: shape "weird-0", shape "weird-1", shape "weird-2" and 2002 more.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A shape name of a megabyte is cut short in the note that names it.
func TestUnknownShapeNameCut(t *testing.T) {
	imp := mustImport(t, tdFile(`{"id": "c", "shape": "`+strings.Repeat("w", 1<<20)+`"}`))
	got := notesWith(imp, "", "not imported")
	if len(got) != 1 || len(got[0]) > 300 || !strings.Contains(got[0], text.Ellipsis) {
		t.Errorf("notes %.400q", got)
	}
}

// Threats on thousands of cells that are not imported give one note per
// diagram (64,000 took 27 s, one note each).
func TestThreatsOnUnknownCellsFold(t *testing.T) {
	var cells []string
	for i := range 3000 {
		cells = append(cells, fmt.Sprintf(`{"id": "c%d", "shape": "x", "data": {"type": "tm.Odd%d", "threats": [{"title": "T"}]}}`, i, i))
	}
	imp := mustImport(t, tdFile(cells...))
	got := notesWith(imp, "", "threats not imported")
	want := `Diagram 1 ("D"): 3000 threats not imported, on 3000 cells that are not an element, flow or boundary here (type "tm.Odd0", type "tm.Odd1", type "tm.Odd2" and 2997 more).`
	if len(got) != 1 || got[0] != want {
		t.Errorf("notes %q\nwant %q", got, want)
	}
	if n := len(notesWith(imp, "", "not imported")); n != 2 {
		t.Errorf("%d head notes say what was not imported, want 2 (the cells and their threats)", n)
	}
}

// crossingFile has curves vertical curves, each named with a pad of
// padding letters, and flows flows from a shape left of all of them to
// one right of all of them.
func crossingFile(curves, flows, pad int) []byte {
	var cells []string
	for k := range curves {
		cells = append(cells, fmt.Sprintf(`{"id": "b%d", "shape": "trust-boundary-curve", "source": {"x": %d, "y": -10}, "target": {"x": %d, "y": 10}, "data": {"type": "tm.Boundary", "name": "curve-%s%d"}}`,
			k, 10+k, 10+k, strings.Repeat("x", pad), k))
	}
	cells = append(cells, shape("l", "tm.Process", "Left", -5, -5, 10, 10), shape("r", "tm.Process", "Right", float64(curves+20), -5, 10, 10))
	for i := range flows {
		cells = append(cells, flow(fmt.Sprint("f", i), "l", "r", `, "protocol": "https"`))
	}
	return tdFile(cells...)
}

// A flow crossing many curves has one note naming ten of them, each name
// cut short, and counting the rest; the model stays smaller than the
// file (200 flows across 1,000 curves wrote 27 MB from 1 MB, one note per
// crossing).
func TestCrossingsOneNotePerFlow(t *testing.T) {
	data := crossingFile(1000, 100, 200)
	imp := mustImport(t, data)
	for _, f := range imp.Model.Flows {
		got := notesWith(imp, "flows["+f.ID+"]", "Crosses")
		if len(got) != 1 || !strings.HasPrefix(got[0], "Crosses 1000 Threat Dragon trust boundary curves: ") ||
			!strings.HasSuffix(got[0], " and 990 more.") || len(crossedCurves(got[0])) != text.MaxListed || len(got[0]) > 1000 {
			t.Fatalf("%s: %q", f.ID, got)
		}
	}
	if out := mustMarshal(t, imp); len(out) > len(data) {
		t.Errorf("the model is %d bytes from a file of %d", len(out), len(data))
	}
}

// Once the file's crossing notes have named MaxCrossingNames curves, the
// rest only count theirs.
func TestCrossingNamesBounded(t *testing.T) {
	flows := MaxCrossingNames/text.MaxListed + 5
	imp := mustImport(t, crossingFile(text.MaxListed+2, flows, 0))
	named, counted := 0, 0
	for _, f := range imp.Model.Flows {
		for _, n := range notesWith(imp, "flows["+f.ID+"]", "Crosses") {
			named += len(crossedCurves(n))
			if strings.Contains(n, "too many to name") {
				counted++
			}
		}
	}
	if named != MaxCrossingNames || counted != 5 {
		t.Errorf("%d names listed and %d flows only counted, want %d and 5", named, counted, MaxCrossingNames)
	}
}

// A one-line file with a problem on each of thousands of cells lists the
// first position.MaxProblems, located, and counts the rest (64,000
// duplicate ids took 28 s, each located by scanning the line back to its
// start).
func TestProblemsCapped(t *testing.T) {
	var cells []string
	for range 5000 {
		cells = append(cells, `{"id":"same","shape":"td-text-block"}`)
	}
	data := []byte(strings.ReplaceAll(string(tdFile(cells...)), "\n", ""))
	imp, diags := Import("min.json", data)
	if imp != nil || len(diags) != position.MaxProblems+1 {
		t.Fatalf("%d problems, want %d", len(diags), position.MaxProblems+1)
	}
	first := strings.Index(string(data), `{"id":"same"`)
	second := first + strings.Index(string(data[first+1:]), `{"id":"same"`) + 1
	if d := diags[0]; d.Line != 1 || d.Column != second+1 || !strings.Contains(d.Message, fmt.Sprintf("at min.json:1:%d", first+1)) {
		t.Errorf("first problem %v", d)
	}
	if last := diags[len(diags)-1]; last.Message != "4899 more problems were found; only the first 100 are listed" {
		t.Errorf("last problem %v", last)
	}
}
