package text

import "strconv"

// IDs hands out unique ids in one namespace: the id asked for, or it
// with -2, -3, … when taken (the smallest free number). It remembers the
// next number to try after each base, so that n items of one name cost
// O(n) in all, not O(n²). The zero value is not ready: use NewIDs.
type IDs struct {
	taken map[string]bool
	next  map[string]int
}

// NewIDs returns an empty namespace in which the reserved ids (such as
// "system", the target that names the whole system) are never handed
// out.
func NewIDs(reserved ...string) *IDs {
	n := &IDs{taken: make(map[string]bool, len(reserved)), next: map[string]int{}}
	for _, id := range reserved {
		n.taken[id] = true
	}
	return n
}

// Take returns want, or fallback when want is "" (a name with nothing
// usable in it), made unique in the namespace and marked taken.
func (n *IDs) Take(want, fallback string) string {
	return unique(n.taken, n.next, want, fallback)
}

// Reserve marks id taken as it is (an id carried over from iotthreat's
// own export), saying whether it was free.
func (n *IDs) Reserve(id string) bool {
	if n.taken[id] {
		return false
	}
	n.taken[id] = true
	return true
}

// Unique is Take for a namespace kept as a plain set by its caller, who
// also adds ids to it directly; it searches from -2 each time.
func Unique(taken map[string]bool, want, fallback string) string {
	return unique(taken, nil, want, fallback)
}

// unique does Take and Unique. The numbers below next[base] are known to
// be taken, and ids are never given back, so the search starts there.
func unique(taken map[string]bool, next map[string]int, want, fallback string) string {
	base := want
	if base == "" {
		base = fallback
	}
	id, i := base, max(next[base], 2)
	for ; taken[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	if next != nil {
		next[base] = i
	}
	taken[id] = true
	return id
}
