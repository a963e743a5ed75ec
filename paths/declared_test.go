package paths

import (
	"slices"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
)

func withAttackPaths(ap model.AttackPaths) func(m *model.Model) {
	return func(m *model.Model) { m.AttackPaths = &ap }
}

func entryIDs(r *Result) []string {
	var ids []string
	for _, e := range r.Entries {
		ids = append(ids, e.ID)
	}
	return ids
}

func targetIDs(r *Result) []string {
	var ids []string
	for _, t := range r.Targets {
		ids = append(ids, t.ID)
	}
	return ids
}

// TestNotEntries: an excluded entry point starts no path and is not
// listed; the exclusion counts what it matched, and one that matches
// nothing says so.
func TestNotEntries(t *testing.T) {
	r := variant(t, withAttackPaths(model.AttackPaths{NotEntries: []model.PathExclusion{
		{ID: "radio", Reason: "test: radio range ruled out"},
		{ID: "insider:nobody", Reason: "test: matches nothing"},
	}}))
	for _, id := range entryIDs(r) {
		if strings.HasPrefix(id, "radio:") {
			t.Errorf("excluded entry %s still listed", id)
		}
	}
	for _, p := range r.Paths {
		if strings.HasPrefix(p.Entry, "radio:") {
			t.Errorf("%s starts at excluded %s", p.ID, p.Entry)
		}
	}
	if len(r.Excluded) != 2 || r.Excluded[0].Matched != 3 || r.Excluded[1].Matched != 0 {
		t.Fatalf("excluded = %+v, want radio matching 3 (ble, wifi, zigbee) and insider:nobody 0", r.Excluded)
	}
	if !strings.Contains(r.Excluded[1].String(), "matches nothing") {
		t.Errorf("unmatched exclusion reads %q", r.Excluded[1])
	}
}

// TestDeclaredEntry: an insider the facts cannot show (an operator of the
// data platform) starts paths, the first step citing the model.
func TestDeclaredEntry(t *testing.T) {
	base := variant(t, func(*model.Model) {})
	if slices.Contains(entryIDs(base), "insider:data-platform") {
		t.Fatal("the reference model already has the entry")
	}
	r := variant(t, withAttackPaths(model.AttackPaths{Entries: []model.PathEntry{
		{Element: "data-platform", From: "insider", Reason: "test: database administrators"},
	}}))
	if !slices.Contains(entryIDs(r), "insider:data-platform") {
		t.Fatalf("entries %v lack insider:data-platform", entryIDs(r))
	}
	found := false
	for _, p := range r.Paths {
		if p.Entry == "insider:data-platform" {
			found = true
			if s := p.Steps[0]; s.Fact != "attack_paths.entries" || s.To != "control:data-platform" || s.Reason != "test: database administrators" {
				t.Errorf("%s first step = %+v", p.ID, s)
			}
		}
	}
	if !found {
		t.Error("no path starts at the declared insider")
	}
}

// TestDeclaredTargets: an element and a data asset no classification
// marks become targets with the declared impact; not_targets removes a
// derived kind.
func TestDeclaredTargets(t *testing.T) {
	r := variant(t, withAttackPaths(model.AttackPaths{
		Targets: []model.PathTarget{
			{Element: "web-portal", Impact: "medium", Reason: "test: brand damage"},
			{Data: "usage-analytics", Impact: "high", Reason: "test: regulator cares"},
		},
		NotTargets: []model.PathExclusion{{ID: "signing-key", Reason: "test: out of scope"}},
	}))
	ids := targetIDs(r)
	for _, want := range []string{"named:web-portal", "data:usage-analytics"} {
		if !slices.Contains(ids, want) {
			t.Errorf("targets %v lack %s", ids, want)
		}
	}
	if slices.Contains(ids, "signing-key:release-signer") {
		t.Error("excluded signing-key target still listed")
	}
	reached := map[string]string{}
	for _, p := range r.Paths {
		reached[p.Target] = p.Impact
	}
	if reached["data:usage-analytics"] != "high" || reached["named:web-portal"] != "medium" {
		t.Errorf("declared targets reached with impacts %q and %q", reached["data:usage-analytics"], reached["named:web-portal"])
	}
	if _, ok := reached["signing-key:release-signer"]; ok {
		t.Error("a path still reaches the excluded target")
	}
}

// TestProgress: the search reports how many paths it has found, never
// more than it says it can find, and never going back.
func TestProgress(t *testing.T) {
	res := analysed(t, "../examples/reference.yaml")
	var calls, last, most int
	r := find(t, res, Options{Progress: func(done, total int) {
		calls++
		if done < last || done > total {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last, most = done, total
	}})
	if calls == 0 || most == 0 {
		t.Fatalf("progress called %d times, total %d", calls, most)
	}
	if len(r.Paths) == 0 {
		t.Fatal("no paths")
	}
}
