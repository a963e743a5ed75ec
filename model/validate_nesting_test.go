package model

import (
	"fmt"
	"strings"
	"testing"
)

// chainModel nests n boundaries, b1 in b0, b2 in b1, …, and adds extra
// lines to the boundaries list.
func chainModel(n int, extra ...string) string {
	var b strings.Builder
	b.WriteString("iotthreat: 1\nsystem: {name: Chain}\nboundaries:\n  - {id: b0, kind: local-network}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: b%d, kind: local-network, within: b%d}\n", i, i-1)
	}
	for _, line := range extra {
		b.WriteString("  - " + line + "\n")
	}
	return b.String()
}

func messagesOf(t *testing.T, src string) []string {
	t.Helper()
	_, diags := Parse("m.yaml", []byte(src), Options{})
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = d.String()
	}
	return out
}

// Boundaries nest at most MaxBoundaryDepth deep; the first boundary past
// it is located, once, however long the chain (a chain of 50,000 took
// 100 s to check and, with elements in it, minutes and gigabytes to
// analyse and draw).
func TestBoundaryDepth(t *testing.T) {
	if got := messagesOf(t, chainModel(MaxBoundaryDepth)); len(got) != 0 {
		t.Errorf("%d deep: %v", MaxBoundaryDepth, got)
	}
	for _, n := range []int{MaxBoundaryDepth + 1, MaxBoundaryDepth + 8, 50_000} {
		got := messagesOf(t, chainModel(n))
		want := fmt.Sprintf("m.yaml:%d:44: boundaries[b%d].within: boundaries are nested more than %d deep here",
			4+MaxBoundaryDepth, MaxBoundaryDepth, MaxBoundaryDepth)
		if len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%d deep: %v\nwant %s", n, got, want)
		}
	}
}

// A nesting cycle is reported once, at its smallest member, following
// within from there; boundaries leading into it are neither a second
// cycle nor given a depth.
func TestBoundaryCycles(t *testing.T) {
	src := chainModel(3,
		"{id: z, kind: local-network, within: x}",
		"{id: x, kind: local-network, within: y}",
		"{id: y, kind: local-network, within: z}",
		"{id: tail, kind: physical, within: y}",
		"{id: tail2, kind: physical, within: tail}")
	got := messagesOf(t, src)
	if len(got) != 1 || !strings.Contains(got[0], "boundaries[x].within: boundary nesting cycle: x within y within z within x") {
		t.Errorf("got %v", got)
	}
	// A long chain into a cycle: still one report, found quickly.
	long := chainModel(40_000, "{id: a, kind: local-network, within: c}", "{id: c, kind: local-network, within: a}")
	long = strings.Replace(long, "{id: b0, kind: local-network}", "{id: b0, kind: local-network, within: a}", 1)
	got = messagesOf(t, long)
	if len(got) != 1 || !strings.Contains(got[0], "boundary nesting cycle: a within c within a") {
		t.Errorf("chain into a cycle: %v", got)
	}
}
