package share

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

type node struct {
	Kind string   `cel:"kind"`
	Tags []string `cel:"tags"`
}

type link struct {
	ID      string            `cel:"id"`
	Port    int               `cel:"port"`
	Secure  bool              `cel:"secure"`
	Options map[string]string `cel:"options"`
	From    *node             `cel:"from"`
	To      *node             `cel:"to"`
}

// Targets share a rule's outcome only when they agree on every fact it
// reads: values, absent map keys against empty values, nil lists against
// empty ones, and the facts of the structs they point to, which are
// compared by value, not by pointer.
func TestTargetsShareWhenTheyAgree(t *testing.T) {
	device, device2, cloud := &node{Kind: "device"}, &node{Kind: "device"}, &node{Kind: "cloud"}
	tagged, untagged := &node{Kind: "device", Tags: []string{}}, &node{Kind: "device"}
	links := []*link{
		{ID: "a", Port: 1, Secure: true, From: device, To: cloud},
		{ID: "b", Port: 1, Secure: true, From: device2, To: cloud},
		{ID: "c", Port: 2, Secure: true, From: cloud, To: device},
		{ID: "d", Port: 1, Secure: false, From: device, To: cloud, Options: map[string]string{"v": ""}},
		{ID: "e", Port: 1, Secure: false, From: tagged, To: cloud, Options: map[string]string{}},
		{ID: "f", Port: 1, Secure: false, From: untagged, To: cloud, Options: map[string]string{"v": "3"}},
	}
	rules := []Rule{
		{Reads: []string{"link.port", "link.secure"}, Shared: true},
		{Reads: []string{"link.from.kind"}, Shared: true},
		{Reads: []string{"link.options.v"}, Shared: true},
		{Reads: []string{"link.from.tags"}, Shared: true},
		{Reads: []string{"link.id"}, Shared: false},
		{Shared: true}, // reads nothing of its target
	}
	// Which targets share each rule's outcome. The structs links point to
	// are told apart by every fact read of them by any rule (kind and
	// tags), so e, from a node with an empty list of tags, shares neither
	// rule 1 nor rule 3 with f, from one with none. A map without the key
	// (e) and no map (a, b, c) are alike: the fact is absent from both.
	want := []string{"ab|c|def", "abdf|c|e", "abce|d|f", "abdf|c|e", "a|b|c|d|e|f", "abcdef"}
	targets := make([]Target, len(links))
	for i, l := range links {
		targets[i] = Target{Facts: l}
	}
	memo := NewMemo[string](NewPlan(rules, [][]int{{0, 1, 2, 3, 4, 5}}, targets))
	got := make([]map[*string]string, len(rules))
	for i := range got {
		got[i] = map[*string]string{}
	}
	for at, l := range links {
		row := memo.Row(at, func(i int) *string { s := fmt.Sprint(i); return &s })
		for i, o := range row {
			if o == nil {
				o = new(string) // evaluated on the target alone
			}
			got[i][o] += l.ID
		}
	}
	for i := range rules {
		if g := groups(got[i]); g != want[i] {
			t.Errorf("rule %d reading %v: shared by %s, want %s", i, rules[i].Reads, g, want[i])
		}
	}
}

// groups renders which targets share an outcome: "ab|c" when a and b
// share one and c has its own, groups in the order of their first target.
func groups(by map[*string]string) string {
	return strings.Join(slices.Sorted(maps.Values(by)), "|")
}

// A rule is evaluated once per combination of the values it reads, and
// an outcome eval declines (nil) is not remembered.
func TestEvaluatedOncePerCombination(t *testing.T) {
	links := []*link{{ID: "a", Port: 1}, {ID: "b", Port: 1, Secure: true}, {ID: "c", Port: 1}}
	rules := []Rule{{Reads: []string{"link.port"}, Shared: true}, {Reads: []string{"link.secure"}, Shared: true}}
	targets := make([]Target, len(links))
	for i, l := range links {
		targets[i] = Target{Facts: l}
	}
	memo := NewMemo[int](NewPlan(rules, [][]int{{0, 1}}, targets))
	evals := map[int]int{}
	for at := range links {
		memo.Row(at, func(i int) *int {
			evals[i]++
			if i == 1 {
				return nil
			}
			return &i
		})
	}
	// Rule 0 reads one port: once. Rule 1 declines every time: once per
	// combination of all values (a, b; c repeats a whole).
	if evals[0] != 1 || evals[1] != 2 {
		t.Fatalf("evaluations by rule: %v, want 1 and 2", evals)
	}
}

// Without a plan there is no memory, and facts that cannot be numbered
// leave their target's rules to be evaluated on it.
func TestNothingShared(t *testing.T) {
	if NewMemo[int](nil).Row(0, func(int) *int { t.Fatal("evaluated"); return nil }) != nil {
		t.Fatal("a nil memo returned a row")
	}
	type odd struct {
		Ch chan int `cel:"ch"`
	}
	plan := NewPlan([]Rule{{Reads: []string{"odd.ch"}, Shared: true}}, [][]int{{0}}, []Target{{Facts: &odd{}}})
	if NewMemo[int](plan).Row(0, func(int) *int { t.Fatal("evaluated"); return nil }) != nil {
		t.Fatal("a target whose facts cannot be numbered got a row")
	}
	plan = NewPlan([]Rule{{Reads: []string{"link.nothing"}, Shared: true}}, [][]int{{0}}, []Target{{Facts: &link{}}})
	if NewMemo[int](plan).Row(0, func(int) *int { t.Fatal("evaluated"); return nil }) != nil {
		t.Fatal("a target with a path that has no field got a row")
	}
}
