package engine

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/iotthreat/iotthreat/internal/prefault"
)

// found is a finding as a worker records it: what building the Finding
// takes, once the finding's place in the report is known.
type found struct {
	cr      *CompiledRule
	t       *target
	because string // the first line of why
	sc      *scored
}

// newFinding records the finding of rule cr on target t, whose outcome o
// fired.
func (w *worker) newFinding(cr *CompiledRule, t *target, o *outcome) {
	ex := t.ex
	if cr.Rule.Fixed {
		ex = exposure{}
	}
	w.found.add(found{cr: cr, t: t, because: o.because, sc: w.score(o.likelihood, o.impact, ex)})
}

// foundList is what one worker found, kept in chunks that are never
// moved or copied. One growing slice reallocated itself as it grew, by a
// quarter at a time once large, so it allocated about five times its
// final size (24 MB for the 4 MB of found at 10,000 elements), every
// byte of it fresh memory. Chunks grow with the list up to maxFoundChunk,
// so a small model's workers make small ones.
type foundList struct {
	chunks [][]found
	n      int
}

const (
	minFoundChunk = 64
	maxFoundChunk = 8192
)

func (l *foundList) add(f found) {
	last := len(l.chunks) - 1
	if last < 0 || len(l.chunks[last]) == cap(l.chunks[last]) {
		l.chunks = append(l.chunks, make([]found, 0, min(max(l.n, minFoundChunk), maxFoundChunk)))
		last++
	}
	l.chunks[last] = append(l.chunks[last], f)
	l.n++
}

// each calls visit with every finding, in the order they were added.
func (l *foundList) each(visit func(*found)) {
	for _, c := range l.chunks {
		for i := range c {
			visit(&c[i])
		}
	}
}

// drop removes the findings for which failed reports true.
func (l *foundList) drop(failed func(*found) bool) {
	l.n = 0
	for i, c := range l.chunks {
		l.chunks[i] = slices.DeleteFunc(c, func(f found) bool { return failed(&f) })
		l.n += len(l.chunks[i])
	}
}

// reasons hands out the Why lists of one run of findings (one rule, one
// severity), shared between findings whose lists are equal: most
// findings of a rule fired for the same reason and were scored the same
// way, and a list of their own cost a million allocations at 100,000
// elements. A shared list is clipped (its length is its capacity), so
// appending a reason to one finding's list, as tracking does, copies it.
type reasons map[reasonKey][]string

type reasonKey struct {
	because   string
	sc        *scored
	mitigated bool
}

func (rs reasons) of(fd *found, mitigated bool) []string {
	k := reasonKey{fd.because, fd.sc, mitigated}
	if why, ok := rs[k]; ok {
		return why
	}
	why := make([]string, 0, 1+len(fd.sc.why)+1)
	why = append(why, fd.because)
	why = append(why, fd.sc.why...)
	if mitigated {
		why = append(why, fd.cr.text.mitigatedWhy)
	}
	why = slices.Clip(why)
	rs[k] = why
	return why
}

// build fills in the finding, taking its reasons from rs, which must
// hold reasons of fd's rule only.
func (fd *found) build(f *Finding, rs reasons) {
	cr, t, sc := fd.cr, fd.t, fd.sc
	r := cr.Rule
	*f = Finding{
		ID: r.ID + "@" + t.id, Rule: r.ID, RuleFacts: cr.text.facts,
		Target:   Target{Type: t.typ, ID: t.id, Name: t.name, Kind: t.tkind},
		Severity: sc.sev, Likelihood: sc.l, Impact: sc.i, Status: "open",
		MitigatedBy: []string{},
		Source:      Source{File: t.src.Pos.File, Line: t.src.Pos.Line},
	}
	var missing []string
	for _, c := range r.Controls {
		if t.declared(r, c) {
			f.MitigatedBy = append(f.MitigatedBy, c)
		} else {
			missing = append(missing, c)
		}
	}
	mitigated := len(r.Controls) > 0 && len(missing) == 0
	f.Why = rs.of(fd, mitigated)
	switch {
	case mitigated:
		f.Status = "mitigated"
		f.Mitigations = cr.text.mitigation
	case len(missing) == len(r.Controls):
		f.Mitigations = cr.text.allMissing
	default:
		f.Mitigations = append(cr.text.mitigation[:1:1], "Implement and declare the control(s): "+strings.Join(missing, ", "))
	}
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

// collect gathers what the workers found into one list of findings,
// worst first, then by rule and target id. Findings are placed by
// severity and rule with a counting sort (there are few of each), then
// each run of one severity and rule is sorted by target id and built,
// runs being handed out to one goroutine per worker. Each Finding is
// built once, in its place: a Finding is large, and building them in the
// workers and copying them into place cost a second list's worth of
// memory, and sorting them all by comparing ids grew faster than the
// model.
func collect(ws []worker, workers int) []Finding {
	// Rules are counted by their place in id order, so runs come out in
	// the order of their rules' ids.
	byID := slices.Clone(ws[0].rs.Rules)
	slices.SortFunc(byID, func(a, b *CompiledRule) int { return strings.Compare(a.Rule.ID, b.Rule.ID) })
	rank := make(map[*CompiledRule]int, len(byID))
	for i, cr := range byID {
		rank[cr] = i
	}
	run := func(f *found) int { return (len(Levels)-1-LevelRank(f.sc.sev))*len(byID) + rank[f.cr] }
	starts := make([]int, len(Levels)*len(byID)+1)
	for w := range ws {
		ws[w].found.each(func(f *found) { starts[run(f)+1]++ })
	}
	for r := 1; r < len(starts); r++ {
		starts[r] += starts[r-1]
	}
	type key struct {
		target string
		f      *found
	}
	n := starts[len(starts)-1]
	keys := prefault.Make[key](n, n)
	next := slices.Clone(starts)
	for w := range ws {
		ws[w].found.each(func(f *found) {
			r := run(f)
			keys[next[r]] = key{f.t.id, f}
			next[r]++
		})
	}
	out := prefault.Make[Finding](n, n)
	var wg sync.WaitGroup
	var taken atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := int(taken.Add(1)) - 1; r+1 < len(starts); r = int(taken.Add(1)) - 1 {
				part := keys[starts[r]:starts[r+1]]
				// A rule finds a target once, so no two keys of a run are
				// equal and an unstable sort gives one order.
				slices.SortFunc(part, func(a, b key) int { return strings.Compare(a.target, b.target) })
				rs := reasons{}
				for j := range part {
					part[j].f.build(&out[starts[r]+j], rs)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// Statuses are the finding statuses, in report order.
var Statuses = []string{"open", "in-progress", "accepted", "mitigated", "false-positive"}

func summarize(fs []Finding, rules, targets int) Summary {
	s := Summary{Total: len(fs), BySeverity: map[string]int{}, ByStatus: map[string]int{}, Rules: rules, Targets: targets}
	for _, l := range Levels {
		s.BySeverity[l] = 0
	}
	for _, st := range Statuses {
		s.ByStatus[st] = 0
	}
	for _, f := range fs {
		s.BySeverity[f.Severity]++
		s.ByStatus[f.Status]++
		if f.Status == "open" {
			s.Open++
		}
	}
	return s
}
