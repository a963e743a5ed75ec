package modeldiff

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/paths"
)

// TestPathChanges diffs the lock before and after its fixes: the paths
// the cleartext setup flow opened are closed, by id, and the diff the
// other way round reports the same ids as new. The JSON keeps its
// contract: the "paths" object and the summary counts are added, every
// list present and never null.
func TestPathChanges(t *testing.T) {
	d := diffOf(t, lockV1, lockV2)
	if len(d.Paths.New) != 0 || len(d.Paths.Closed) == 0 {
		t.Fatalf("v1 → v2: %d new, %d closed paths; want 0 new, some closed", len(d.Paths.New), len(d.Paths.Closed))
	}
	if d.Summary.NewPaths != 0 || d.Summary.ClosedPaths != len(d.Paths.Closed) {
		t.Errorf("summary counts %d new, %d closed", d.Summary.NewPaths, d.Summary.ClosedPaths)
	}
	back := diffOf(t, lockV2, lockV1)
	if len(back.Paths.Closed) != 0 || len(back.Paths.New) != len(d.Paths.Closed) {
		t.Fatalf("v2 → v1: %d new, %d closed paths", len(back.Paths.New), len(back.Paths.Closed))
	}
	for i, p := range d.Paths.Closed {
		if back.Paths.New[i].ID != p.ID || !strings.HasPrefix(p.ID, "AP-") {
			t.Errorf("path %d: closed %s, reopened %s", i, p.ID, back.Paths.New[i].ID)
		}
	}

	var js bytes.Buffer
	if err := JSON(&js, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), "null") {
		t.Error("diff JSON holds null")
	}
	var doc struct {
		Summary map[string]int `json:"summary"`
		Paths   struct {
			New    []paths.Path `json:"new"`
			Closed []paths.Path `json:"closed"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Paths.New == nil || len(doc.Paths.Closed) != len(d.Paths.Closed) || doc.Summary["closed_paths"] != len(d.Paths.Closed) {
		t.Errorf("JSON paths: new %v, %d closed, summary %v", doc.Paths.New, len(doc.Paths.Closed), doc.Summary)
	}
	for _, k := range []string{"new_findings", "resolved_findings", "changed_findings", "model_added", "model_removed", "model_changed", "new_paths"} {
		if _, ok := doc.Summary[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}

	var md bytes.Buffer
	if err := Markdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "### Closed attack paths (") || !strings.Contains(md.String(), "`"+d.Paths.Closed[0].ID+"`") ||
		strings.Contains(md.String(), "New attack paths") {
		t.Errorf("Markdown path sections:\n%s", md.String())
	}

	// The same model twice: no path change, and the table says nothing
	// about paths.
	same := diffOf(t, lockV1, lockV1)
	var tb bytes.Buffer
	if err := Table(&tb, same, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if !same.Paths.Empty() || strings.Contains(tb.String(), "attack paths") {
		t.Errorf("same model: %+v\n%s", same.Paths, tb.String())
	}
}

// TestPathChangesExamples: hardening the reference architecture closes
// every one of its attack paths and opens none.
func TestPathChangesExamples(t *testing.T) {
	opts := analysis.Options{Engine: engine.Options{Today: "2026-11-26"}}
	oldRes, diags, err := Analyze("../examples/reference.yaml", opts)
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	newRes, diags, err := Analyze("../examples/reference-hardened.yaml", opts)
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	d := Compare("reference.yaml", oldRes, "reference-hardened.yaml", newRes)
	all := findPaths(oldRes)
	if len(all.Paths) == 0 || len(d.Paths.Closed) != len(all.Paths) || len(d.Paths.New) != 0 {
		t.Errorf("%d paths before; %d closed, %d new", len(all.Paths), len(d.Paths.Closed), len(d.Paths.New))
	}
}
