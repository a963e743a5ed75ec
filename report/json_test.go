package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

// TestJSONStreamsTheSameBytes: the streaming writer writes exactly what
// encoding/json writes for the whole report, on the examples (with and
// without triage), on an empty report and on text that JSON must escape.
func TestJSONStreamsTheSameBytes(t *testing.T) {
	reports := map[string]*engine.Report{}
	for _, name := range []string{"reference", "reference-hardened", "industrial"} {
		reports[name] = analyzeExample(t, name+".yaml").Report
	}
	reports["empty"] = &engine.Report{System: "", Findings: []engine.Finding{}, Summary: engine.Summary{BySeverity: map[string]int{}, ByStatus: map[string]int{}}, Orphaned: []engine.OrphanedEntry{}}
	hostile := *reports["reference"]
	hostile.System = "<b>\"Müller\" & co</b>\u2028\x01"
	hostile.Findings = append([]engine.Finding{}, hostile.Findings[:2]...)
	hostile.Findings[0].Title = "quote \" backslash \\ tab \t <script> \b\f\r\n\x00\x1f\x7f é \u2028\u2029 \xff\xfe end"
	hostile.Findings[0].Why = []string{}
	hostile.Findings[0].CWE = []int{}
	hostile.Findings[1].Tracking = engine.Triage{Entry: "X@y", Reason: "&<>", Expired: true}
	hostile.Findings[1].Source.Line = -3
	hostile.Findings[1].Origin = engine.OriginManual // written only when set (omitempty)
	hostile.Orphaned = []engine.OrphanedEntry{{ID: "X-1@y", Status: "accepted", Source: engine.Source{File: "a.yaml", Line: 3}}}
	reports["hostile"] = &hostile
	// Findings of one rule share its members, encoded once (ruleMembers):
	// each must still get its own target, reasons and tracking.
	shared := *reports["industrial"]
	shared.Findings = nil
	for _, f := range reports["industrial"].Findings {
		if f.Rule == reports["industrial"].Findings[0].Rule {
			shared.Findings = append(shared.Findings, f)
		}
	}
	if len(shared.Findings) < 2 {
		t.Fatal("want a rule with several findings in industrial.yaml")
	}
	other := *shared.Findings[0].RuleFacts // the same facts at another address
	shared.Findings[1].RuleFacts = &other
	shared.Findings[1].Tracking = engine.Triage{Entry: "x", Reason: "y"}
	reports["shared"] = &shared
	// Findings share Why and Mitigations lists, encoded once they are
	// seen twice (sharedLists); prefixes of one backing array are other
	// lists.
	lists := *reports["industrial"]
	lists.Findings = append([]engine.Finding{}, lists.Findings[:6]...)
	why := []string{"first \"reason\"", "second", "third"}
	for i, n := range []int{3, 3, 2, 3, 1, 3} {
		lists.Findings[i].Why = why[:n]
		lists.Findings[i].Mitigations = why[1:n]
	}
	reports["lists"] = &lists
	for name, rep := range reports {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := JSON(&got, rep); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: streamed JSON differs from encoding/json:\n%s", name, outputtest.FirstDiff(want.String(), got.String()))
		}
	}
}
