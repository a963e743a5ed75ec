package report

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/iotthreat/iotthreat/paths"
)

// TestSARIFCodeFlows writes the reference example's attack paths into its
// SARIF, validates the log against the SARIF 2.1.0 schema, and checks what
// a code-scanning UI shows: one result per path, fingerprinted by its id,
// whose code flow walks the path's steps in order at their YAML lines.
func TestSARIFCodeFlows(t *testing.T) {
	res := analyzeExample(t, "reference.yaml")
	pr, err := paths.Find(res.Model, nil, res.Report, paths.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Paths) == 0 {
		t.Fatal("the reference example has no attack path: the test would prove nothing")
	}
	var buf bytes.Buffer
	if err := SARIF(&buf, res.Report, res.Rules.Definitions(), SARIFOptions{Version: "test", Paths: pr}); err != nil {
		t.Fatal(err)
	}
	log, err := sarif.FromBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Validate(); err != nil {
		t.Fatalf("SARIF with code flows does not validate against the 2.1.0 schema: %v", err)
	}
	run := log.Runs[0]
	if got, want := len(run.Results), len(res.Report.Findings)+len(pr.Paths); got != want {
		t.Fatalf("%d results, want %d findings + %d paths", got, len(res.Report.Findings), len(pr.Paths))
	}
	byID := map[string]paths.Path{}
	for _, p := range pr.Paths {
		byID[p.ID] = p
	}
	seen := 0
	for _, r := range run.Results {
		if *r.RuleID != PathRuleID {
			if len(r.CodeFlows) != 0 {
				t.Errorf("finding result %s has code flows", *r.RuleID)
			}
			continue
		}
		seen++
		p, ok := byID[r.PartialFingerprints["iotthreatPathId/v1"]]
		if !ok {
			t.Fatalf("path result without a known path id: %v", r.PartialFingerprints)
		}
		if r.Level != sarifLevel(p.Risk) || !strings.Contains(*r.Message.Text, p.Entry+" -> "+p.Target) {
			t.Errorf("%s: level %s, message %q", p.ID, r.Level, *r.Message.Text)
		}
		if len(r.Locations) != 1 || !strings.HasSuffix(*r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "reference.yaml") {
			t.Errorf("%s: no primary location in the model", p.ID)
		}
		if len(r.CodeFlows) != 1 || len(r.CodeFlows[0].ThreadFlows) != 1 {
			t.Fatalf("%s: want one code flow with one thread flow", p.ID)
		}
		locs := r.CodeFlows[0].ThreadFlows[0].Locations
		if len(locs) != len(p.Steps) {
			t.Fatalf("%s: %d thread-flow locations for %d steps", p.ID, len(locs), len(p.Steps))
		}
		for i, l := range locs {
			s := p.Steps[i]
			pl := l.Location.PhysicalLocation
			if pl == nil || pl.Region.StartColumn == nil ||
				!strings.HasSuffix(s.Location, ":"+strconv.Itoa(*pl.Region.StartLine)+":"+strconv.Itoa(*pl.Region.StartColumn)) {
				t.Errorf("%s step %d: location %v does not match %s", p.ID, i+1, pl, s.Location)
			}
			text := *l.Location.Message.Text
			if !strings.Contains(text, s.From+" -> "+s.To) || (s.Finding != "" && !strings.Contains(text, s.Finding)) {
				t.Errorf("%s step %d: message %q does not name the step", p.ID, i+1, text)
			}
		}
	}
	if seen != len(pr.Paths) {
		t.Errorf("%d path results for %d paths", seen, len(pr.Paths))
	}

	// The hardened example has no path: no attack-path rule or result.
	hard := analyzeExample(t, "reference-hardened.yaml")
	hp, err := paths.Find(hard.Model, nil, hard.Report, paths.Options{})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := SARIF(&buf, hard.Report, hard.Rules.Definitions(), SARIFOptions{Paths: hp}); err != nil {
		t.Fatal(err)
	}
	if len(hp.Paths) == 0 && strings.Contains(buf.String(), PathRuleID) {
		t.Error("the attack-path rule is described with no path to report")
	}
}

// TestStepLocation parses step locations from the right, so a file name
// with colons (a Windows drive) keeps them, and refuses what holds no line.
func TestStepLocation(t *testing.T) {
	for _, c := range []struct {
		in        string
		file      string
		line, col int
	}{
		{"lock.yaml:43:5", "lock.yaml", 43, 5},
		{`C:\models\lock.yaml:7:3`, `C:\models\lock.yaml`, 7, 3},
		{"lock.yaml:9", "lock.yaml", 9, 0},
		{"lock.yaml", "", 0, 0},
		{"", "", 0, 0},
		{":4:2", "", 0, 0},
		{"lock.yaml:0:1", "", 0, 0},
		{"lock.yaml:x:1", "lock.yaml:x", 1, 0},
	} {
		pl := stepLocation(c.in, "")
		if c.file == "" {
			if pl != nil {
				t.Errorf("%q: got a location, want none", c.in)
			}
			continue
		}
		if pl == nil {
			t.Errorf("%q: no location", c.in)
			continue
		}
		col := 0
		if pl.Region.StartColumn != nil {
			col = *pl.Region.StartColumn
		}
		if uri := *pl.ArtifactLocation.URI; uri != filepath.ToSlash(c.file) || *pl.Region.StartLine != c.line || col != c.col {
			t.Errorf("%q: got %s:%d:%d, want %s:%d:%d", c.in, *pl.ArtifactLocation.URI, *pl.Region.StartLine, col, c.file, c.line, c.col)
		}
	}
}
