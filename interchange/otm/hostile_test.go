package otm

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/model"
)

// otmFile writes an OTM file (JSON) of one trust zone and the given
// components, dataflows, assets and threat catalogue.
func otmFile(t *testing.T, comps, flows, assets, threats any) []byte {
	t.Helper()
	data, err := json.Marshal(map[string]any{"otmVersion": "0.2.0", "project": map[string]any{"id": "p", "name": "P"},
		"trustZones": []any{map[string]any{"id": "z", "name": "Cloud"}},
		"components": comps, "dataflows": flows, "assets": assets, "threats": threats})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func comp(id string, extra map[string]any) map[string]any {
	c := map[string]any{"id": id, "name": "Server " + id, "type": "web-service", "parent": map[string]any{"trustZone": "z"}}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// TestSelfLoopsOneNote: thousands of dataflows from a component to
// itself, with long ids, give one counted note on the element and no
// note per flow (each was one note, found by a scan of the notes before
// it: 48,000 such flows took 36 s).
func TestSelfLoopsOneNote(t *testing.T) {
	const n = 3000
	pad := strings.Repeat("x", 300)
	var flows []any
	for i := range n {
		flows = append(flows, map[string]any{"id": fmt.Sprintf("f%s%05d", pad, i), "name": "loop", "source": "c", "destination": "c"})
	}
	imp := mustImport(t, "loops.otm.json", otmFile(t, []any{comp("c", nil)}, flows, nil, nil))
	notes := imp.Notes["elements[c]"]
	var loops []string
	for _, note := range notes {
		if strings.Contains(note, "to itself") {
			loops = append(loops, note)
		}
	}
	if len(loops) != 1 || !strings.Contains(loops[0], fmt.Sprintf("%d OTM dataflows", n)) || !strings.Contains(loops[0], fmt.Sprintf("and %d more", n-namedInNote)) {
		t.Fatalf("self-loop notes %q", loops)
	}
	total := 0
	for path, list := range imp.Notes {
		total += len(list)
		if strings.HasPrefix(path, "flows[") {
			t.Errorf("note on a flow that was left out: %s %q", path, list)
		}
	}
	if total > 10 {
		t.Errorf("%d notes for one component and its self-loops", total)
	}
	reparse(t, imp)
}

// TestLongListsOnOneItem: an item listing tens of thousands of tags or
// assets is converted in linear work (each was checked against the list
// so far: 48,000 assets took 11 s in the importer), and repeats are still
// dropped. The work is counted, not timed: every list item goes through
// a uniqueList, and each costs it one or two look-ups, where the scan
// compared it with every item before it.
func TestLongListsOnOneItem(t *testing.T) {
	const n = 40000
	var assets []any
	ids := make([]string, 0, n+1)
	tags := make([]string, 0, n+1)
	for i := range n {
		assets = append(assets, map[string]any{"id": fmt.Sprintf("a%d", i), "name": fmt.Sprintf("A%d", i)})
		ids = append(ids, fmt.Sprintf("a%d", i))
		tags = append(tags, fmt.Sprintf("tag%d", i))
	}
	ids, tags = append(ids, "a0"), append(tags, "tag0")
	comps := []any{comp("c0", map[string]any{"tags": tags, "assets": map[string]any{"processed": ids, "stored": ids[:n/2]}}), comp("c1", nil)}
	flows := []any{map[string]any{"id": "f", "name": "f", "source": "c0", "destination": "c1", "assets": ids}}
	data := otmFile(t, comps, flows, assets, nil)
	before := repeatProbes.Load()
	imp, diags := Import("lists.otm.json", data)
	probes := repeatProbes.Load() - before
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	// tags, processed, stored and the flow's assets.
	items := int64(len(tags) + len(ids) + n/2 + len(ids))
	if probes < items || probes > 2*items {
		t.Errorf("%d look-ups for repeats among %d list items; want each item looked up once or twice", probes, items)
	}
	e := imp.Model.Elements[0]
	if len(e.Tags) != n || len(e.Stores) != n/2 || len(e.Processes) != n/2 || len(imp.Model.Flows[0].Data) != n {
		t.Errorf("tags %d, stores %d, processes %d, flow data %d; want %d, %d, %d, %d",
			len(e.Tags), len(e.Stores), len(e.Processes), len(imp.Model.Flows[0].Data), n, n/2, n/2, n)
	}
}

// TestCatalogueEntryConvertedOnce: a threat entry of 5,000 CWEs
// referenced by 400 components made 30 MB of model from a 115 KB file;
// each threat now keeps at most maxCWEs, says so once, and the model
// stays small.
func TestCatalogueEntryConvertedOnce(t *testing.T) {
	const refs, ncwe = 400, 5000
	var list []string
	for i := range ncwe {
		list = append(list, fmt.Sprintf("CWE-%d", i+1), fmt.Sprintf("CWE-%d", i+1)) // each twice
	}
	list = append(list, "bogus-1", "bogus-2")
	threats := []any{map[string]any{"id": "t", "name": "T", "categories": []string{"Spoofing"}, "cwes": list,
		"risk": map[string]any{"likelihood": 50, "impact": 50}}}
	var comps []any
	for i := range refs {
		comps = append(comps, comp(fmt.Sprintf("c%d", i), map[string]any{"threats": []any{map[string]any{"threat": "t", "state": "EXPOSED"}}}))
	}
	imp := mustImport(t, "cwes.otm.json", otmFile(t, comps, nil, nil, threats))
	if len(imp.Model.Threats) != refs {
		t.Fatalf("%d threats, want %d", len(imp.Model.Threats), refs)
	}
	th := imp.Model.Threats[0]
	if len(th.References.CWE) != maxCWEs || th.References.CWE[1] != 2 {
		t.Errorf("CWEs %v…, want the first %d without repeats", th.References.CWE[:3], maxCWEs)
	}
	notes := strings.Join(imp.Notes["threats["+th.ID+"]"], "\n")
	for _, want := range []string{fmt.Sprintf("%d more CWEs than the %d kept", ncwe-maxCWEs, maxCWEs), `"bogus-1", "bogus-2" are not CWE numbers`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	out, err := modelyaml.Marshal(imp)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > 2<<20 {
		t.Errorf("the model is %d bytes; want it proportional to the file", len(out))
	}
	reparse(t, imp)
}

// TestLongTextsAreCut: descriptions and names over the model's limits,
// on every kind of item, are cut with a note; the import used to end in
// "the converted model does not validate; this is a bug in the otm
// importer". A megabyte description referenced by many components is
// copied cut, not whole.
func TestLongTextsAreCut(t *testing.T) {
	long := strings.Repeat("word ", 1000) // 5,000 characters
	huge := strings.Repeat("d", 1<<20-64)
	name := strings.Repeat("n", 300)
	var comps []any
	for i := range 40 {
		comps = append(comps, comp(fmt.Sprintf("c%d", i), map[string]any{"description": long, "name": name,
			"threats": []any{map[string]any{"threat": "t", "mitigations": []any{map[string]any{"mitigation": "m", "state": "implemented"}}}}}))
	}
	flows := []any{map[string]any{"id": "f", "name": name, "description": long, "source": "c0", "destination": "c1"}}
	assets := []any{map[string]any{"id": "a", "name": name, "description": long}}
	threats := []any{map[string]any{"id": "t", "name": name, "description": huge, "categories": []string{"Tampering"}}}
	data := otmFile(t, comps, flows, assets, threats)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["mitigations"] = []any{map[string]any{"id": "m", "name": huge}}
	doc["project"] = map[string]any{"id": "p", "name": name, "description": long}
	data, _ = json.Marshal(doc)

	imp := mustImport(t, "long.otm.json", data)
	m := imp.Model
	th := m.Threats[0]
	for what, s := range map[string]string{"element description": m.Elements[0].Description, "flow description": m.Flows[0].Description,
		"data description": m.Data[0].Description, "system description": m.System.Description,
		"threat description": th.Description, "mitigation": th.Mitigation} {
		if n := len([]rune(s)); n > model.MaxProseLength || n < model.MaxProseLength-5 {
			t.Errorf("%s is %d characters, want cut to %d", what, n, model.MaxProseLength)
		}
	}
	for what, s := range map[string]string{"element name": m.Elements[0].Name, "flow name": m.Flows[0].Name,
		"data name": m.Data[0].Name, "system name": m.System.Name, "threat title": th.Title} {
		if n := len([]rune(s)); n > model.MaxLabelLength || n < model.MaxLabelLength-5 {
			t.Errorf("%s is %d characters, want cut to %d", what, n, model.MaxLabelLength)
		}
	}
	for path, want := range map[string]string{"elements[c0]": "description was shortened", "flows[f]": "name was shortened",
		"threats[" + th.ID + "]": "mitigation was shortened"} {
		if !strings.Contains(strings.Join(imp.Notes[path], "\n"), want) {
			t.Errorf("%s notes %q lack %q", path, imp.Notes[path], want)
		}
	}
	reparse(t, imp)
}

// TestThreatTextBudget: references that together copy more catalogue
// text than maxThreatText are refused at the reference that passes it,
// even though each threat is cut to the model's limits.
func TestThreatTextBudget(t *testing.T) {
	long := strings.Repeat("x", model.MaxProseLength)
	n := maxThreatText/model.MaxProseLength + 10
	threats := []any{map[string]any{"id": "t", "name": "T", "description": long, "categories": []string{"Tampering"}}}
	refs := make([]any, n)
	for i := range refs {
		refs[i] = map[string]any{"threat": "t"}
	}
	data := otmFile(t, []any{comp("c", map[string]any{"threats": refs})}, nil, nil, threats)
	imp, diags := Import("budget.otm.json", data)
	if imp != nil || len(diags) != 1 {
		t.Fatalf("import %v, diagnostics %v; want one error", imp != nil, diags)
	}
	d := diags[0]
	if d.Line != 1 || d.Column < 2 || !strings.HasPrefix(d.Field, "components[c].threats[") ||
		!strings.Contains(d.Message, fmt.Sprintf("more than %d bytes of catalogue text", maxThreatText)) || d.Hint == "" {
		t.Errorf("diagnostic %s", d)
	}
}

// TestProblemsCounted: a file with 500 dangling parents lists the first
// position.MaxProblems and ends with a line counting the other 400; it
// used to stop at 100 without a word of the rest.
func TestProblemsCounted(t *testing.T) {
	var comps []any
	for i := range 500 {
		comps = append(comps, map[string]any{"id": fmt.Sprintf("c%d", i), "name": "C", "type": "web-service",
			"parent": map[string]any{"trustZone": "nozone"}})
	}
	imp, diags := Import("diags.otm.json", otmFile(t, comps, nil, nil, nil))
	if imp != nil || len(diags) != position.MaxProblems+1 {
		t.Fatalf("import %v, %d diagnostics; want %d", imp != nil, len(diags), position.MaxProblems+1)
	}
	last := diags[len(diags)-1]
	if !strings.Contains(last.Message, "400 more problems") || last.Line == 0 {
		t.Errorf("last diagnostic %s", last)
	}
}

// Dangling references get "did you mean" hints for the first
// maxSuggestions only, so thousands of them against thousands of ids do
// not cost their product; the problems listed still say what is wrong.
func TestSuggestionsBounded(t *testing.T) {
	var comps []any
	for i := range 300 {
		comps = append(comps, map[string]any{"id": fmt.Sprintf("c%d", i), "name": "C", "type": "web-service",
			"parent": map[string]any{"trustZone": "zz"}}) // the file's zone is "z"
	}
	_, diags := Import("hints.otm.json", otmFile(t, comps, nil, nil, nil))
	hinted := 0
	for _, d := range diags {
		if strings.Contains(d.Hint, "did you mean") {
			hinted++
		}
	}
	if len(diags) != position.MaxProblems+1 || hinted != maxSuggestions {
		t.Errorf("%d problems, %d with a suggestion; want %d and %d", len(diags), hinted, position.MaxProblems+1, maxSuggestions)
	}
}

// TestLongStatesCut: a state of thousands of characters that normalises
// to a known one ("____…mitigated") or to none is quoted cut short in
// the tracking reason and the notes; the reason used to be 6,043
// characters and the import ended in "this is a bug in the otm importer".
func TestLongStatesCut(t *testing.T) {
	pad := strings.Repeat("_", 6000)
	threats := []any{map[string]any{"id": "t", "name": "T", "categories": []string{"Spoofing"}}}
	for _, c := range []struct{ state, note string }{
		{pad + "mitigated", ""},
		{strings.Repeat("x", 6000), "is not one iotthreat knows"},
		{pad + "new", "taken as open"},
	} {
		comps := []any{comp("c", map[string]any{"threats": []any{map[string]any{"threat": "t", "state": c.state}}})}
		imp := mustImport(t, "state.otm.json", otmFile(t, comps, nil, nil, threats))
		reparse(t, imp)
		var texts []string
		for _, tr := range imp.Model.Tracking {
			texts = append(texts, tr.Reason)
		}
		found := c.note == ""
		for _, list := range imp.Notes {
			for _, n := range list {
				texts = append(texts, n)
				found = found || strings.Contains(n, c.note)
			}
		}
		if !found {
			t.Errorf("state of %d characters: no note %q in %q", len(c.state), c.note, imp.Notes)
		}
		if c.note == "" && len(imp.Model.Tracking) != 1 {
			t.Errorf("tracking %v, want the threat mitigated", imp.Model.Tracking)
		}
		for _, s := range texts {
			if len(s) > 500 {
				t.Errorf("state of %d characters: a text of %d bytes: %.100q", len(c.state), len(s), s)
			}
		}
	}
}

// TestSelfLoopThreats: the threats on a dataflow from a component to
// itself are put on the component, each with a note, and the self-loop
// note says so; they used to be dropped without a word.
func TestSelfLoopThreats(t *testing.T) {
	threats := []any{map[string]any{"id": "t", "name": "T", "categories": []string{"Spoofing"}}}
	ref := func(state string) any { return map[string]any{"threat": "t", "state": state} }
	flows := []any{
		map[string]any{"id": "f", "name": "f", "source": "c0", "destination": "c0", "threats": []any{ref("mitigated"), ref("exposed")}},
		map[string]any{"id": "g", "name": "g", "source": "c1", "destination": "c1"},
	}
	imp := mustImport(t, "self.otm.json", otmFile(t, []any{comp("c0", nil), comp("c1", nil)}, flows, nil, threats))
	reparse(t, imp)
	if len(imp.Model.Threats) != 2 {
		t.Fatalf("%d threats, want the two of the self-loop", len(imp.Model.Threats))
	}
	for _, th := range imp.Model.Threats {
		if th.Target != "c0" {
			t.Errorf("threat %s on %q, want c0", th.ID, th.Target)
		}
		if notes := strings.Join(imp.Notes["threats["+th.ID+"]"], "\n"); !strings.Contains(notes, `dataflow "f", from this component to itself`) {
			t.Errorf("threat %s notes %q", th.ID, notes)
		}
	}
	if tr, ok := imp.Model.Tracking[imp.Model.Threats[0].ID+"@c0"]; !ok || tr.Status != "mitigated" {
		t.Errorf("tracking %v", imp.Model.Tracking)
	}
	for el, want := range map[string]string{
		"elements[c0]": "so it is left out, and its 2 threats are put on this component.",
		"elements[c1]": "so it is left out.",
	} {
		if notes := strings.Join(imp.Notes[el], "\n"); !strings.Contains(notes, want) {
			t.Errorf("%s notes %q lack %q", el, notes, want)
		}
	}
}
