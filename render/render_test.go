package render

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outputtest"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// update rewrites the golden files instead of comparing against them:
//
//	go test ./render -run TestGolden -update
//
// Look at the diff (and at the pictures) before committing.
var update = flag.Bool("update", false, "rewrite render/testdata golden files")

// load reads a model that must be valid.
func load(t testing.TB, path string) *model.Loaded {
	t.Helper()
	l, diags, err := model.Load(path, model.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("load %s: %v %v", path, err, diags)
	}
	return l
}

// analyse runs the model's own rules only (no built-in library), with a
// fixed date, so the findings in golden files change only with the model.
func analyse(t testing.TB, l *model.Loaded) *engine.Report {
	t.Helper()
	res, diags, err := analysis.RunLoaded(l, analysis.Options{NoBuiltin: true, Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatalf("analyse: %v %v", err, diags)
	}
	return res.Report
}

// goldenCase is one diagram written in every text format.
type goldenCase struct {
	name     string
	model    string
	findings bool
	opts     Options
}

var goldenCases = []goldenCase{
	{name: "reference-plain", model: "../examples/reference.yaml", opts: Options{Plain: true}},
	{name: "small", model: "testdata/small.yaml", findings: true},
	{name: "small-plain", model: "testdata/small.yaml", findings: true, opts: Options{Plain: true}},
	{name: "small-focus-hub", model: "testdata/small.yaml", findings: true, opts: Options{Focus: "hub"}},
	{name: "small-lr", model: "testdata/small.yaml", findings: true, opts: Options{Direction: "LR"}},
}

// goldenFormats are the formats with golden files, by file extension.
var goldenFormats = map[string]func(*bytes.Buffer, *model.Loaded, *engine.Report, Options) error{
	"dot": func(b *bytes.Buffer, l *model.Loaded, r *engine.Report, o Options) error { return DOT(b, l, r, o) },
	"mmd": func(b *bytes.Buffer, l *model.Loaded, r *engine.Report, o Options) error { return Mermaid(b, l, r, o) },
	"svg": func(b *bytes.Buffer, l *model.Loaded, r *engine.Report, o Options) error { return SVG(b, l, r, o) },
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		l := load(t, c.model)
		var rep *engine.Report
		if c.findings {
			rep = analyse(t, l)
		}
		for ext, write := range goldenFormats {
			t.Run(c.name+"."+ext, func(t *testing.T) {
				var got bytes.Buffer
				if err := write(&got, l, rep, c.opts); err != nil {
					t.Fatal(err)
				}
				compareGolden(t, filepath.Join("testdata", "golden", c.name+"."+ext), got.Bytes())
			})
		}
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -run TestGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; diff it with the output of -update:\n%s", path, outputtest.FirstDiff(string(want), string(got)))
	}
}

// TestDeterministic renders each format twice, with the work that could
// vary in between (maps iterated in another order, a fresh Graphviz).
func TestDeterministic(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	rep := analyse(t, l)
	for _, format := range Formats {
		var a, b bytes.Buffer
		if err := Write(&a, format, l, rep, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b, format, load(t, "testdata/small.yaml"), analyse(t, l), Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renderings differ", format)
		}
	}
}

// TestReferenceWithFindings draws the reference template with the whole
// built-in library: no golden (the library grows), but every element is
// coloured and the legend counts them all.
func TestReferenceWithFindings(t *testing.T) {
	l := load(t, "../examples/reference.yaml")
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: "2026-11-26"}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	d, err := build(l, res.Report, Options{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, s := range d.bySev {
		total += s.elements
	}
	if total != len(l.Model.Elements) || len(d.nodes) != len(l.Model.Elements) || len(d.edges) != len(l.Model.Flows) {
		t.Errorf("legend counts %d elements, drew %d nodes and %d edges; the model has %d and %d",
			total, len(d.nodes), len(d.edges), len(l.Model.Elements), len(l.Model.Flows))
	}
	for _, n := range d.nodes {
		if n.severity == sevPlain {
			t.Errorf("%s drawn plain in a diagram with findings", n.id)
		}
	}
}

func TestSeverityFromOpenFindingsOnly(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	d, err := build(l, analyse(t, l), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"lock": "critical", "api_v2": "high",
		"hub":    "medium", // in-progress still counts as open
		"app":    "low",
		"db":     sevNone, // its only finding is accepted
		"portal": sevNone, "partner-svc": sevNone, "owner": sevNone,
	}
	for _, n := range d.nodes {
		if n.severity != want[n.id] {
			t.Errorf("%s: severity %q, want %q", n.id, n.severity, want[n.id])
		}
	}
	plain, _ := build(l, nil, Options{})
	for _, n := range plain.nodes {
		if n.severity != sevPlain || n.open != 0 {
			t.Errorf("%s: a nil report should draw plainly, got %q with %d open", n.id, n.severity, n.open)
		}
	}
}

func TestUnencryptedCrossings(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	d, err := build(l, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range d.edges {
		// app-to-lock is BLE without encryption from the phone into the
		// lock; owner-uses-app is a person's, where encryption does not
		// apply; the rest are encrypted.
		if want := e.id == "app-to-lock"; e.unencrypted != want {
			t.Errorf("%s: unencrypted = %v, want %v", e.id, e.unencrypted, want)
		}
	}
}

func TestSameFlowsDrawnOnce(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	d, err := build(l, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.edges) != len(l.Model.Flows)-1 {
		t.Fatalf("%d edges for %d flows, want one fewer", len(d.edges), len(l.Model.Flows))
	}
	for _, e := range d.edges {
		if e.id != "hub-to-lock" {
			continue
		}
		if got := strings.Join(e.ids, " "); got != "hub-to-lock hub-configures-lock" {
			t.Errorf("merged ids %q", got)
		}
		if got := strings.Join(e.data, " "); got != "code cfg" {
			t.Errorf("merged data %q, want each asset once", got)
		}
		if got := edgeTooltip(e); !strings.HasPrefix(got, "hub-to-lock; Settings push (hub-configures-lock): hub → lock, zigbee") {
			t.Errorf("tooltip %q", got)
		}
	}
}

// TestLargeModelsCompact checks that beyond MaxLabelledFlows flows the
// DOT draws plain edges (no label nodes) and says so in the legend.
func TestLargeModelsCompact(t *testing.T) {
	var src bytes.Buffer
	if err := synth.Generate(&src, synth.Options{Elements: 300, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	l, diags := model.Parse("synthetic.yaml", src.Bytes(), model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	d, err := build(l, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.edges) <= MaxLabelledFlows || !d.compact || d.direction != "LR" {
		t.Fatalf("%d edges, compact %v, direction %s: the synthetic model no longer tests this", len(d.edges), d.compact, d.direction)
	}
	var dot bytes.Buffer
	if err := writeDOT(&dot, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(dot.String(), `"flow@`) || !strings.Contains(dot.String(), "too many to label") {
		t.Error("a compact diagram has label nodes or no legend note")
	}
	var mmd bytes.Buffer
	if err := writeMermaid(&mmd, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mmd.String(), "more than Mermaid's default limit of 500") {
		t.Error("a Mermaid diagram over Mermaid's edge limit does not say so")
	}
	focus, err := build(l, nil, Options{Focus: "gw-0"})
	if err != nil {
		t.Fatal(err)
	}
	if focus.compact {
		t.Error("a focused view of a large model should label its flows")
	}
}

func TestFocus(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	d, err := build(l, nil, Options{Focus: "hub"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range d.nodes {
		ids = append(ids, n.id)
	}
	if got := strings.Join(ids, " "); got != "lock hub api_v2" {
		t.Errorf("focus on hub drew %q, want the hub and its neighbours", got)
	}
	for _, e := range d.edges {
		if e.from != "hub" && e.to != "hub" {
			t.Errorf("focus on hub drew flow %s, which does not touch it", e.id)
		}
	}

	err = DOT(&bytes.Buffer{}, l, nil, Options{Focus: "hubb"})
	var fe *FocusError
	if !errors.As(err, &fe) || fe.ID != "hubb" || fe.Hint != `did you mean "hub"?` {
		t.Fatalf("unknown focus: got %v", err)
	}
	if !strings.Contains(err.Error(), `no element "hubb" to focus on`) {
		t.Errorf("message: %v", err)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	if err := Write(&bytes.Buffer{}, "pdf", l, nil, Options{}); err == nil || !strings.Contains(err.Error(), "unknown diagram format") {
		t.Errorf("got %v", err)
	}
	if err := Write(&bytes.Buffer{}, "dot", l, nil, Options{Direction: "up"}); err == nil {
		t.Error("a bad direction was accepted")
	}
}

func TestFormatForFile(t *testing.T) {
	for name, want := range map[string]string{"a.svg": "svg", "a/b.PNG": "png", "x.dot": "dot", "x.gv": "dot",
		"x.mmd": "mermaid", "x.mermaid": "mermaid", "x.txt": "", "": ""} {
		if got := FormatForFile(name); got != want {
			t.Errorf("FormatForFile(%q) = %q, want %q", name, got, want)
		}
	}
}
