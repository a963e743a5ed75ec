package engine

import (
	"slices"
	"testing"
)

// TestReasonsAreSharedAndSafeToExtend keeps shared Why lists from
// leaking a reason added to one finding (by tracking) into another.
func TestReasonsAreSharedAndSafeToExtend(t *testing.T) {
	cr := &CompiledRule{}
	cr.text.mitigatedWhy = "mitigated by the declared controls"
	sc := &scored{why: []string{"likelihood high: internet-facing"}}
	a := &found{cr: cr, because: "fired: no TLS", sc: sc}
	b := &found{cr: cr, because: "fired: no TLS", sc: sc}
	rs := reasons{}
	whyA, whyB := rs.of(a, false), rs.of(b, false)
	if &whyA[0] != &whyB[0] {
		t.Error("two findings with the same reasons do not share the list")
	}
	if cap(whyA) != len(whyA) {
		t.Errorf("a shared list has spare capacity (%d of %d): appending to it would write into the other findings' lists", len(whyA), cap(whyA))
	}
	extended := append(whyA, "status accepted from tracking entry X")
	if len(whyB) != 2 || slices.Contains(whyB[:cap(whyB)], extended[2]) {
		t.Error("appending to one finding's reasons changed another's")
	}
	if got := rs.of(a, true); len(got) != 3 || got[2] != cr.text.mitigatedWhy || &got[0] == &whyA[0] {
		t.Errorf("a mitigated finding got %q, sharing the open one's list: %v", got, &got[0] == &whyA[0])
	}
	other := &found{cr: cr, because: "fired: default password", sc: sc}
	if got := rs.of(other, false); got[0] != other.because {
		t.Errorf("another reason got %q", got)
	}
}
