package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/paths"
)

// longestPath analyses the reference example with the built-in rules and
// returns its longest attack path: the one that crosses the most elements.
func longestPath(t *testing.T) (*model.Loaded, *engine.Report, paths.Path) {
	t.Helper()
	l := load(t, "../examples/reference.yaml")
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	pr, err := paths.Find(l, nil, res.Report, paths.Options{})
	if err != nil || len(pr.Paths) == 0 {
		t.Fatalf("no paths: %v", err)
	}
	longest := slices.MaxFunc(pr.Paths, func(a, b paths.Path) int { return len(a.Steps) - len(b.Steps) })
	if len(longest.Steps) < 4 {
		t.Fatalf("the longest path has %d steps: too short to test with", len(longest.Steps))
	}
	return l, res.Report, longest
}

// TestHighlightPath draws the reference example's longest attack path and
// checks every format marks exactly its elements and flows: thick and in
// colorPath in DOT (and so in SVG and PNG), by style and linkStyle in
// Mermaid, with the path named in the legend.
func TestHighlightPath(t *testing.T) {
	l, rep, p := longestPath(t)
	h := HighlightPath(l.Model, p)
	// Every element position of the path is highlighted.
	for _, s := range p.Steps {
		for _, pos := range []string{s.From, s.To} {
			kind, id, _ := strings.Cut(pos, ":")
			if (kind == "reach" || kind == "control") && !h.Elements[id] {
				t.Errorf("%s: element %s is not highlighted", p.ID, id)
			}
		}
	}
	if len(h.Flows) == 0 {
		t.Fatalf("%s: no flow highlighted", p.ID)
	}
	for id := range h.Flows {
		i := slices.IndexFunc(l.Model.Flows, func(f model.Flow) bool { return f.ID == id })
		if i < 0 || !h.Elements[l.Model.Flows[i].From] && !h.Elements[l.Model.Flows[i].To] {
			t.Errorf("flow %s is highlighted but touches no element of the path", id)
		}
	}

	var dot bytes.Buffer
	if err := DOT(&dot, l, rep, Options{Path: h}); err != nil {
		t.Fatal(err)
	}
	out := dot.String()
	if !strings.Contains(out, htmlText(h.Label)) {
		t.Errorf("the legend does not name the path %q", h.Label)
	}
	nodeLine := regexp.MustCompile(`(?m)^\t+"[^"]+" \[id="element-([^"]+)".*$`)
	marked := 0
	for _, m := range nodeLine.FindAllStringSubmatch(out, -1) {
		on := strings.Contains(m[0], `color="`+colorPath+`"`) && strings.Contains(m[0], "penwidth=4")
		if on != h.Elements[m[1]] {
			t.Errorf("element %s: highlighted %v, on the path %v", m[1], on, h.Elements[m[1]])
		}
		if on {
			marked++
		}
	}
	if marked != len(h.Elements) {
		t.Errorf("%d elements highlighted, want %d", marked, len(h.Elements))
	}
	edgeLine := regexp.MustCompile(`(?m)^\t"[^"]+" -> "[^"]+" \[id="flow-([^"]+)-(?:from|to)".*$`)
	for _, m := range edgeLine.FindAllStringSubmatch(out, -1) {
		on := strings.Contains(m[0], `color="`+colorPath+`"`) && strings.Contains(m[0], "penwidth=3.5")
		if on != h.Flows[m[1]] {
			t.Errorf("flow %s: highlighted %v, on the path %v", m[1], on, h.Flows[m[1]])
		}
	}

	var mmd bytes.Buffer
	if err := Mermaid(&mmd, l, rep, Options{Path: h}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(mmd.String(), "stroke:"+colorPath+",stroke-width:4px\n"); got != len(h.Elements)+1 {
		t.Errorf("Mermaid: %d path styles, want %d elements and one linkStyle", got, len(h.Elements))
	}
	if !strings.Contains(mmd.String(), "legend_path[") {
		t.Error("Mermaid: no legend entry for the path")
	}

	// Without a path, nothing is drawn in the path's colour.
	dot.Reset()
	mmd.Reset()
	if err := DOT(&dot, l, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Mermaid(&mmd, l, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(dot.String()+mmd.String(), colorPath) {
		t.Error("a diagram without --path uses the path colour")
	}
}

// TestHighlightedSVG checks the highlight survives Graphviz: the SVG has
// thick strokes in the path colour.
func TestHighlightedSVG(t *testing.T) {
	l, rep, p := longestPath(t)
	var svg bytes.Buffer
	if err := SVG(&svg, l, rep, Options{Path: HighlightPath(l.Model, p)}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(svg.String(), `stroke="`+colorPath+`" stroke-width="4"`); n == 0 {
		t.Error("the SVG draws no element in the path colour")
	}
	if !strings.Contains(svg.String(), strings.ReplaceAll(p.ID, "-", "&#45;")) { // Graphviz writes - as &#45;
		t.Error("the SVG's legend does not name the path")
	}
}

// TestFlowsBetween picks the flows that carry a step: forward flows
// first, then a bidirectional answer, then any flow between the two.
func TestFlowsBetween(t *testing.T) {
	m := &model.Model{Flows: []model.Flow{
		{ID: "a-b", From: "a", To: "b"},
		{ID: "b-a-both", From: "b", To: "a", Bidirectional: true},
		{ID: "c-a", From: "c", To: "a"},
		{ID: "a-c-both", From: "a", To: "c", Bidirectional: true},
		{ID: "d-a", From: "d", To: "a"},
	}}
	for _, c := range []struct {
		from, to string
		want     []string
	}{
		{"a", "b", []string{"a-b"}},
		{"b", "a", []string{"b-a-both"}},
		{"c", "a", []string{"c-a"}},
		{"a", "d", []string{"d-a"}},
		{"a", "x", nil},
	} {
		if got := flowsBetween(m, c.from, c.to); !slices.Equal(got, c.want) {
			t.Errorf("%s -> %s: %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

// TestHighlightedMermaidSyntax has Mermaid's own parser read a diagram
// with a highlighted path (style and linkStyle lines, the legend entry),
// when Node.js and render/testdata/mermaid-check are installed.
func TestHighlightedMermaidSyntax(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(mermaidCheck, "node_modules", "mermaid")); err != nil {
		t.Skip("Mermaid's parser is not installed: run npm ci in render/testdata/mermaid-check")
	}
	l, rep, p := longestPath(t)
	var b bytes.Buffer
	if err := Mermaid(&b, l, rep, Options{Path: HighlightPath(l.Model, p)}); err != nil {
		t.Fatal(err)
	}
	file, err := filepath.Abs(filepath.Join(t.TempDir(), "path.mmd"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "check.mjs", file)
	cmd.Dir = mermaidCheck
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "ok "+file) {
		t.Errorf("Mermaid rejects the highlighted diagram: %v\n%s", err, out)
	}
}
