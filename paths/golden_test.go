package paths

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden pins the paths of the reference model and its hardened
// variant in every format: a change in the graph, the search or the
// scoring shows up as a reviewed diff.
func TestGolden(t *testing.T) {
	for _, name := range []string{"reference", "reference-hardened"} {
		r := find(t, analysed(t, "../examples/"+name+".yaml"), Options{})
		for _, format := range []struct {
			ext   string
			write func(*bytes.Buffer, *Result) error
		}{
			{"json", func(b *bytes.Buffer, r *Result) error { return JSON(b, r) }},
			{"txt", func(b *bytes.Buffer, r *Result) error { return Table(b, r) }},
			{"md", func(b *bytes.Buffer, r *Result) error { return Markdown(b, r) }},
			{"mmd", func(b *bytes.Buffer, r *Result) error { return Mermaid(b, r) }},
		} {
			var got bytes.Buffer
			if err := format.write(&got, r); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", name+"."+format.ext+".golden")
			if *update {
				if err := os.WriteFile(file, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from %s (go test ./paths -run TestGolden -update, then review)", name, file)
			}
		}
	}
}

// TestReferenceHasPaths checks the golden file is not vacuous: the
// reference model has a critical path from the internet, and the best
// choke point cuts it.
func TestReferenceHasPaths(t *testing.T) {
	r := find(t, analysed(t, "../examples/reference.yaml"), Options{})
	if len(r.Paths) == 0 || r.Paths[0].Risk != "critical" || r.Paths[0].Entry != "internet" {
		t.Fatalf("want a critical path from the internet first, got %+v", r.Paths[:min(1, len(r.Paths))])
	}
	if len(r.ChokePoints) == 0 || !strings.Contains(r.ChokePoints[0].Summary(), "of 2 critical") {
		t.Errorf("choke points: %+v", r.ChokePoints)
	}
}

// TestHardenedSafety is the quality bar: a hardened model has no
// path of high or critical risk from the internet or radio range to a
// safety-relevant action. The reference model declares no
// safety-relevant actions, so the models with actuators are checked too.
func TestHardenedSafety(t *testing.T) {
	for _, name := range []string{"reference-hardened", "ev-charger-hardened", "building-automation-hardened", "lorawan-farm-hardened"} {
		r := find(t, analysed(t, "../examples/"+name+".yaml"), Options{PerTarget: 1000, PerEntry: 1000, Max: MaxPaths})
		for _, p := range r.Paths {
			kind := entryKind(p.Entry)
			if (kind == "internet" || kind == "radio") && strings.HasPrefix(p.Target, "safety-action:") && riskRank(p.Risk) >= riskRank("high") {
				t.Errorf("%s: %s %s -> %s is %s", name, p.ID, p.Entry, p.Target, p.Risk)
			}
		}
	}
	// The unhardened charger does have such paths: the check can fail.
	r := find(t, analysed(t, "../examples/ev-charger.yaml"), Options{})
	hit := false
	for _, p := range r.Paths {
		hit = hit || strings.HasPrefix(p.Target, "safety-action:") && riskRank(p.Risk) >= riskRank("high")
	}
	if !hit {
		t.Error("ev-charger.yaml: want a high-risk path to a safety-relevant action")
	}
}
