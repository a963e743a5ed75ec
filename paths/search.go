package paths

import (
	"fmt"
	"slices"
)

// label is one partial path in the search: it ends at node, and continues
// its parent by one edge. Labels form a tree; a path is read back by
// following parents.
type label struct {
	node    int32
	parent  int32 // -1 for an entry point
	edge    int32 // index of the step in the parent node's edges
	lik     int8  // weakest likelihood so far (noLikelihood before any finding)
	length  int8
	finding bool // some step so far is a finding
}

// searchLimits bound the search; see Options.
type searchLimits struct {
	maxLength, perTarget, perEntry, perNode, maxLabels int
	progress                                           func(done, total int)
}

// progressEvery is how many partial paths the search takes between two
// progress reports: a few hundred reports a second at most.
const progressEvery = 1 << 12

// found is a path the search completed: its last label and its target.
type found struct {
	label  int32
	target int
}

// searchResult is what the search found and what it left out.
type searchResult struct {
	labels    []label
	found     []found
	truncated []string
}

// search runs a best-first search from the entry nodes: partial paths are
// taken in order of their weakest likelihood (strongest first), then of
// length (shortest first), then of when they were made. Extending a path
// never improves that order, so each node's first labels are its best
// paths, and each target's first paths are its best ones. A node is
// expanded at most perNode times and a path visits a node once, which
// keeps the work linear in the size of the graph.
func search(g *graph, entries []int, wanted []bool, lim searchLimits) searchResult {
	var r searchResult
	var h labelHeap
	for _, e := range entries {
		r.labels = append(r.labels, label{node: int32(e), parent: -1, edge: -1, lik: noLikelihood})
		h.push(heapKey(r.labels[len(r.labels)-1], int32(len(r.labels)-1)))
	}
	expanded := make([]int32, len(g.nodes))
	perTarget := make([]int, len(g.targets))
	remaining := 0
	for t := range g.targets {
		if wanted[t] {
			remaining++
		}
	}
	full := make([]bool, len(g.targets))
	perPair := map[[2]int32]int{}
	var cutLength, cutNode, cutBudget, cutPair bool
	most := remaining * lim.perTarget
	for pops := 0; len(h) > 0 && remaining > 0; pops++ {
		if lim.progress != nil && pops%progressEvery == 0 {
			lim.progress(len(r.found), most)
		}
		li := h.pop()
		l := r.labels[li]
		if int(expanded[l.node]) >= lim.perNode {
			cutNode = true
			continue
		}
		expanded[l.node]++
		n := &g.nodes[l.node]
		if l.finding {
			for _, t := range n.targets {
				if !wanted[t] {
					continue
				}
				if perTarget[t] >= lim.perTarget || reachedBefore(g, r.labels, l.parent, t) {
					continue
				}
				pair := [2]int32{root(r.labels, li), int32(t)}
				if perPair[pair] >= lim.perEntry {
					cutPair = true
					continue
				}
				perPair[pair]++
				perTarget[t]++
				r.found = append(r.found, found{label: li, target: t})
				if perTarget[t] == lim.perTarget {
					full[t] = true
					remaining--
				}
			}
		}
		if len(n.edges) == 0 {
			continue
		}
		if int(l.length) >= lim.maxLength {
			cutLength = true
			continue
		}
		for ei, e := range n.edges {
			if onPath(r.labels, li, e.to) {
				continue
			}
			if len(r.labels) >= lim.maxLabels {
				cutBudget = true
				break
			}
			next := label{node: e.to, parent: li, edge: int32(ei), lik: l.lik, length: l.length + 1, finding: l.finding}
			if e.why.finding != nil {
				next.finding = true
				next.lik = min(next.lik, int8(e.why.likelihood))
			}
			r.labels = append(r.labels, next)
			h.push(heapKey(next, int32(len(r.labels)-1)))
		}
	}
	for t, f := range full {
		if f {
			r.truncated = append(r.truncated, fmt.Sprintf("%s: the %d best paths are kept, more may exist", g.targets[t].ID, lim.perTarget))
		}
	}
	if cutPair {
		r.truncated = append(r.truncated, fmt.Sprintf("at most %d paths are kept from one entry point to one target", lim.perEntry))
	}
	if cutLength {
		r.truncated = append(r.truncated, fmt.Sprintf("paths longer than %d steps were not followed", lim.maxLength))
	}
	if cutNode {
		r.truncated = append(r.truncated, fmt.Sprintf("at most %d partial paths were followed through any one position", lim.perNode))
	}
	if cutBudget {
		r.truncated = append(r.truncated, fmt.Sprintf("the search stopped after %d partial paths", lim.maxLabels))
	}
	return r
}

// reachedBefore reports whether the path ending at label li (the
// parent of the label being emitted) already reached target t after a
// finding step: the longer path only repeats it.
func reachedBefore(g *graph, labels []label, li int32, t int) bool {
	for ; li >= 0 && labels[li].finding; li = labels[li].parent {
		if slices.Contains(g.nodes[labels[li].node].targets, t) {
			return true
		}
	}
	return false
}

// root returns the entry node of the path ending at label li.
func root(labels []label, li int32) int32 {
	for labels[li].parent >= 0 {
		li = labels[li].parent
	}
	return labels[li].node
}

// onPath reports whether node is already on the path ending at label li.
func onPath(labels []label, li int32, node int32) bool {
	for ; li >= 0; li = labels[li].parent {
		if labels[li].node == node {
			return true
		}
	}
	return false
}

// labelHeap is a min-heap of labels keyed by weakest likelihood (highest
// first), length (shortest first), then creation order, packed into one
// integer so that comparing two needs no memory access.
type labelHeap []uint64

func heapKey(l label, idx int32) uint64 {
	return uint64(noLikelihood-l.lik)<<56 | uint64(uint8(l.length))<<48 | uint64(uint32(idx))
}

func (h *labelHeap) push(k uint64) {
	*h = append(*h, k)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[p] <= a[i] {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *labelHeap) pop() int32 {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(a) && a[l] < a[m] {
			m = l
		}
		if r < len(a) && a[r] < a[m] {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return int32(uint32(top))
}
