package engine

import (
	"bytes"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/synth"
)

// TestSharingChangesNothing analyses the examples and synthetic models
// with the library, with outcomes shared between targets that agree on
// what a rule reads and without: the reports must be the same.
func TestSharingChangesNothing(t *testing.T) {
	models := testModels(t, 500, 1, 7)
	all, _ := rules.Builtin()
	for _, l := range models {
		rs, diags := Compile(append(slices.Clone(all), l.Model.Rules...), l.Vocab)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		opts := Options{Today: "2026-11-26"}
		shared, err := analyzeSharing(l, rs, opts, true)
		if err != nil {
			t.Fatal(err)
		}
		alone, err := analyzeSharing(l, rs, opts, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(shared.Findings) == 0 || !reflect.DeepEqual(shared, alone) {
			t.Fatalf("%s: sharing changed the result: %d findings with, %d without",
				l.Model.System.Name, len(shared.Findings), len(alone.Findings))
		}
	}
}

// testModels loads the examples and generates synthetic models of n
// elements, one per seed.
func testModels(t *testing.T, n int, seeds ...uint64) []*model.Loaded {
	t.Helper()
	var models []*model.Loaded
	files, _ := filepath.Glob("../examples/*.yaml")
	for _, f := range files {
		l, diags, err := model.Load(f, model.Options{})
		if err != nil || len(diags) > 0 {
			t.Fatalf("%s: %v %v", f, err, diags)
		}
		models = append(models, l)
	}
	for _, seed := range seeds {
		var buf bytes.Buffer
		if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		l, diags := model.Parse("synthetic.yaml", buf.Bytes(), model.Options{})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		models = append(models, l)
	}
	return models
}

// A rule is shared only when what it reads of its target is a set of fact
// paths, none of them an id or a name.
func TestReadPaths(t *testing.T) {
	l := load(t, testRules+testSystem)
	envs, _ := compiledCache.environments(l.Vocab)
	for _, c := range []struct {
		typ, expr string
		reads     []string
		shared    bool
	}{
		{"flow", "flow.source.kind == 'device' && !flow.encrypted", []string{"flow.encrypted", "flow.source.kind"}, true},
		{"flow", "'version' in flow.options && flow.options.version == 'v3'", []string{"flow.options", "flow.options.version"}, true},
		{"flow", "has(flow.options.version)", []string{"flow.options"}, true},
		{"element", "element.services.exists(s, s.port == 23) && system.personal", []string{"element.services"}, true},
		{"flow", "flow.id.startsWith('debug')", []string{"flow.id"}, false},
		{"flow", "flow.destination.name == 'cloud'", []string{"flow.destination.name"}, false},
		{"flow", "[flow].exists(f, f.encrypted)", []string{"flow"}, false},
	} {
		ast, iss := envs[c.typ].Compile(c.expr)
		if iss != nil && iss.Err() != nil {
			t.Fatalf("%s: %v", c.expr, iss.Err())
		}
		reads, shared := readPaths(c.typ, ast)
		if !slices.Equal(reads, c.reads) || shared != c.shared {
			t.Errorf("%s: reads %v, shared %v; want %v, %v", c.expr, reads, shared, c.reads, c.shared)
		}
	}
}

// An error is reported on the first target it happens on, with its own
// id, whether or not the outcome was shared.
func TestSharedErrorNamesItsTarget(t *testing.T) {
	l := load(t, testRules+`
elements:
  - {id: a, kind: device}
  - {id: b, kind: support-service}
flows:
  - {id: f1, from: a, to: b, protocol: mqtt}
  - {id: f2, from: a, to: b, protocol: mqtt}
`)
	bad := model.Rule{ID: "T-ERR-001", Title: "Error", Target: model.RuleTarget{Type: "flow"},
		Condition: "flow.options.no_such_option == 'x'", Likelihood: "low", Impact: "low",
		Mitigation: "None.", STRIDE: []string{"tampering"}}
	rs, diags := Compile([]model.Rule{bad}, l.Vocab)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	_, errShared := analyzeSharing(l, rs, Options{Today: "2026-11-26", Workers: 1}, true)
	_, errAlone := analyzeSharing(l, rs, Options{Today: "2026-11-26", Workers: 1}, false)
	if errShared == nil || errAlone == nil || errShared.Error() != errAlone.Error() || !strings.Contains(errShared.Error(), " f1: ") {
		t.Fatalf("want the same error with and without sharing, got %v and %v", errShared, errAlone)
	}
}
