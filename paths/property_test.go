package paths

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// unbounded lifts the caps so that the properties compare every path,
// not whichever ones a cap happened to keep.
var unbounded = Options{PerTarget: MaxPaths, PerEntry: MaxPaths, Max: MaxPaths}

// routes lists the paths as entry, target and positions, ignoring which
// of several findings is shown for a step: the properties are about
// where an attacker can go.
func routes(t *testing.T, r *Result) map[string]bool {
	t.Helper()
	// The length cap is a fixed part of what a path is; any other cap
	// makes the result depend on what else the model holds.
	if slices.ContainsFunc(r.Truncated, func(s string) bool { return !strings.HasPrefix(s, "paths longer than") }) {
		t.Fatalf("caps cut the result, the property cannot be checked: %v", r.Truncated)
	}
	out := map[string]bool{}
	for _, p := range r.Paths {
		nodes := []string{p.Entry}
		for _, s := range p.Steps {
			nodes = append(nodes, s.To)
		}
		out[p.Target+" via "+strings.Join(nodes, " > ")] = true
	}
	return out
}

// variant parses the reference model, lets edit change it in memory,
// and analyses it.
func variant(t *testing.T, edit func(m *model.Model)) *Result {
	t.Helper()
	src, err := os.ReadFile("../examples/reference.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, diags := model.Parse("reference.yaml", src, model.Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	edit(l.Model)
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: today}})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	return find(t, res, unbounded)
}

// TestDeclaringControlNeverAddsPath declares, one at a time, each choke
// point's controls on its element or flow: the paths after are a subset
// of those before, and the choke point's own paths are gone.
func TestDeclaringControlNeverAddsPath(t *testing.T) {
	base := variant(t, func(*model.Model) {})
	before := routes(t, base)
	if len(base.ChokePoints) == 0 {
		t.Fatal("no choke points to declare")
	}
	for _, c := range base.ChokePoints {
		if len(c.Controls) == 0 {
			continue
		}
		after := routes(t, variant(t, func(m *model.Model) {
			for i := range m.Elements {
				if m.Elements[i].ID == c.On {
					m.Elements[i].Controls = append(m.Elements[i].Controls, c.Controls...)
				}
			}
			for i := range m.Flows {
				if m.Flows[i].ID == c.On {
					m.Flows[i].Controls = append(m.Flows[i].Controls, c.Controls...)
				}
			}
		}))
		for r := range after {
			if !before[r] {
				t.Errorf("declaring %v on %s added %s", c.Controls, c.On, r)
			}
		}
		if len(after) >= len(before) {
			t.Errorf("declaring %v on %s removed no path (%d before, %d after)", c.Controls, c.On, len(before), len(after))
		}
	}
}

// TestUnauthenticatedFlowNeverRemovesPath adds a flow that authenticates
// nobody, from the internet-facing app API to the gateway: every path
// still exists, and the new flow is used.
func TestUnauthenticatedFlowNeverRemovesPath(t *testing.T) {
	before := routes(t, variant(t, func(*model.Model) {}))
	var added *model.Flow
	afterRes := variant(t, func(m *model.Model) {
		f := m.Flows[0]
		f.ID, f.Name, f.From, f.To, f.Protocol = "added-unauthenticated", "", "app-api", "gateway", "https"
		f.Data, f.Encryption, f.Authentication, f.Options = []string{"device-commands"}, "tls", "none", nil
		m.Flows = append(m.Flows, f)
		added = &m.Flows[len(m.Flows)-1]
	})
	after := routes(t, afterRes)
	for r := range before {
		if !after[r] {
			t.Errorf("adding %s removed %s", added.ID, r)
		}
	}
	if len(after) <= len(before) {
		t.Errorf("adding %s added no path", added.ID)
	}
}

// TestOrderIndependent reverses the elements, flows, data and boundaries
// of the model: every output is byte for byte the same.
func TestOrderIndependent(t *testing.T) {
	var want, got bytes.Buffer
	if err := JSON(&want, variant(t, func(*model.Model) {})); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&got, variant(t, func(m *model.Model) {
		slices.Reverse(m.Elements)
		slices.Reverse(m.Flows)
		slices.Reverse(m.Data)
		slices.Reverse(m.Boundaries)
	})); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want.Bytes(), got.Bytes()) {
		t.Error("reversing the model's lists changed the paths")
	}
}
