package paths

import (
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
)

// uses reports whether some path has a step justified by finding (shown,
// or as an alternative), and returns that step.
func uses(r *Result, finding string) (Step, bool) {
	for _, p := range r.Paths {
		for _, s := range p.Steps {
			if s.Finding == finding || slices.Contains(s.Alternatives, finding) {
				return s, true
			}
		}
	}
	return Step{}, false
}

func triaged(status string) func(m *model.Model) {
	return func(m *model.Model) {
		if m.Tracking == nil {
			m.Tracking = map[string]model.Tracking{}
		}
		m.Tracking["IOT-SVC-005@app-api"] = model.Tracking{Status: status, Reason: "test", Date: "2026-01-01", Until: "2027-12-31"}
	}
}

// TestStatuses: an open or accepted finding justifies a step (accepted
// says so); a mitigated or false-positive one justifies none.
func TestStatuses(t *testing.T) {
	for _, c := range []struct {
		status string
		used   bool
	}{{"open", true}, {"accepted", true}, {"in-progress", true}, {"mitigated", false}, {"false-positive", false}} {
		r := variant(t, triaged(c.status))
		s, ok := uses(r, "IOT-SVC-005@app-api")
		if ok != c.used {
			t.Errorf("%s: used %v, want %v", c.status, ok, c.used)
		}
		if ok && s.Finding == "IOT-SVC-005@app-api" && s.Status != c.status {
			t.Errorf("%s: step status %q", c.status, s.Status)
		}
		if c.status == "accepted" && ok && s.Finding == "IOT-SVC-005@app-api" && !strings.Contains(s.Reason, "accepted risk") {
			t.Errorf("accepted step does not say so: %q", s.Reason)
		}
	}
}

// TestUnknownStep: a flow whose authentication the model does not state
// is a step (IOT-NET-013), flagged unknown, and so is its path.
func TestUnknownStep(t *testing.T) {
	r := variant(t, func(m *model.Model) {
		f := m.Flows[0]
		f.ID, f.Name, f.From, f.To, f.Protocol = "unstated-auth", "", "app-api", "gateway", "https"
		f.Data, f.Encryption, f.Authentication, f.Options = []string{"device-commands"}, "tls", "", nil
		m.Flows = append(m.Flows, f)
	})
	found := false
	for _, p := range r.Paths {
		for _, s := range p.Steps {
			if s.Finding == "IOT-NET-013@unstated-auth" {
				found = true
				if !s.Unknown || !p.Unknown {
					t.Errorf("%s: step or path not flagged unknown", p.ID)
				}
			}
		}
	}
	if !found {
		t.Error("no path uses IOT-NET-013@unstated-auth")
	}
}

// TestSelect: --from and --to narrow the result, and a value matching
// nothing is an error naming what exists.
func TestSelect(t *testing.T) {
	res := analysed(t, "../examples/reference.yaml")
	r := find(t, res, Options{From: []string{"radio"}, To: []string{"device-credentials"}})
	if len(r.Paths) == 0 {
		t.Fatal("no radio paths to device credentials")
	}
	for _, p := range r.Paths {
		if !strings.HasPrefix(p.Entry, "radio:") || p.Target != "data:device-credentials" {
			t.Errorf("%s: %s -> %s", p.ID, p.Entry, p.Target)
		}
	}
	_, err := Find(res.Model, nil, res.Report, Options{From: []string{"moon"}})
	if err == nil || !strings.Contains(err.Error(), `--from "moon" matches nothing`) || !strings.Contains(err.Error(), "radio:ble") {
		t.Errorf("err = %v", err)
	}
}

// TestCaps: Max and PerTarget cut the result and say so.
func TestCaps(t *testing.T) {
	r := find(t, analysed(t, "../examples/reference.yaml"), Options{Max: 3})
	if len(r.Paths) != 3 || !slices.ContainsFunc(r.Truncated, func(s string) bool { return strings.Contains(s, "the 3 worst are shown") }) {
		t.Errorf("%d paths, truncated %v", len(r.Paths), r.Truncated)
	}
	r = find(t, analysed(t, "../examples/reference.yaml"), Options{PerTarget: 1, To: []string{"data:session-token"}})
	if len(r.Paths) != 1 || !slices.ContainsFunc(r.Truncated, func(s string) bool { return strings.Contains(s, "the 1 best paths are kept") }) {
		t.Errorf("%d paths, truncated %v", len(r.Paths), r.Truncated)
	}
}
