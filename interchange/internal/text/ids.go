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
// usable in it), made unique in the namespace and marked taken. The
// numbers below next[base] are known to be taken, and ids are never given
// back, so the search starts there.
func (n *IDs) Take(want, fallback string) string {
	base := want
	if base == "" {
		base = fallback
	}
	id, i := base, max(n.next[base], 2)
	for ; n.taken[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	n.next[base] = i
	n.taken[id] = true
	return id
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
