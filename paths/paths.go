package paths

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Limits, and why: the number of simple paths in a graph grows
// exponentially with its size, so every dimension of the search is capped
// and each cap that cuts is reported in Result.Truncated.
const (
	// DefaultMaxLength is the longest path followed, in steps. Eight
	// steps cover entry, three hops and a target with room to spare; a
	// longer story is rarely the one to fix first.
	DefaultMaxLength = 8
	// DefaultPerTarget is how many paths are kept per target.
	DefaultPerTarget = 50
	// DefaultPerEntry is how many paths are kept from one entry point to
	// one target: beyond a few, more routes between the same two ends
	// mostly repeat each other, and they crowd out other entry points.
	DefaultPerEntry = 3
	// DefaultMax is how many paths are reported in all.
	DefaultMax = 200
	// MaxPaths is the largest Max a caller may ask for.
	MaxPaths = 10000
	// MaxLength is the largest MaxLength a caller may ask for.
	MaxLength = 16
	// maxLabels bounds the partial paths the search keeps (16 bytes
	// each): 4 million is 64 MB, far more than a 10,000-element model
	// needs.
	maxLabels = 4 << 20
)

// Options select and bound the paths.
type Options struct {
	// From keeps only entry points matching one of these: an entry id
	// (radio:ble, local:customer-site), an entry kind (radio, insider) or
	// an element id (third-party:X and insider:X match X).
	From []string
	// To keeps only targets matching one of these: a target id
	// (data:signing-key), a kind (data, safety-action) or the id after
	// the colon (signing-key, gateway).
	To []string
	// MaxLength, PerTarget, PerEntry and Max: 0 means the default.
	MaxLength, PerTarget, PerEntry, Max int
	// Progress, when set, is called now and then during the search with
	// the paths found so far and the most it can find (targets wanted ×
	// PerTarget), so that a terminal can show the search is moving.
	Progress func(done, total int)
}

// Result is the attack paths of one analysis.
type Result struct {
	System      string   `json:"system"`
	Paths       []Path   `json:"paths"`
	ChokePoints []Choke  `json:"choke_points"`
	Entries     []Entry  `json:"entries"`
	Targets     []Target `json:"targets"`
	// Truncated says what the limits left out; empty when nothing.
	Truncated []string `json:"truncated"`
	// Excluded are the model's not_entries and not_targets, each with
	// how many derived entry points or targets it left out.
	Excluded []Excluded `json:"excluded"`
}

// Path is one way from an entry point to a target.
type Path struct {
	ID         string `json:"id"`
	Entry      string `json:"entry"`
	Target     string `json:"target"`
	Risk       string `json:"risk"`
	Likelihood string `json:"likelihood"`
	Impact     string `json:"impact"`
	// Unknown: some step rests on a finding about a fact the model
	// leaves unstated; the path may not exist, or may.
	Unknown bool   `json:"unknown"`
	Steps   []Step `json:"steps"`
}

// Step is one move along a path. Exactly one of Finding and Fact is set.
type Step struct {
	From       string `json:"from"`
	To         string `json:"to"`
	Finding    string `json:"finding"` // RULE@target
	Fact       string `json:"fact"`
	Reason     string `json:"reason"`
	Location   string `json:"location"` // file:line:col
	Likelihood string `json:"likelihood"`
	Status     string `json:"status"`
	Unknown    bool   `json:"unknown"`
	// Alternatives are the other findings that allow the same step.
	Alternatives []string `json:"alternatives"`
	fix          *fix
}

// Find computes the attack paths of an analysed model: rep must be the
// analysis of l, and facts its derived facts (nil: Find derives them). It
// returns an error only when From or To match nothing in the model (a
// *SelectError, listing what would).
func Find(l *model.Loaded, facts *engine.Facts, rep *engine.Report, opts Options) (*Result, error) {
	if facts == nil {
		facts = engine.Derive(l)
	}
	lim := searchLimits{maxLength: pick(opts.MaxLength, DefaultMaxLength, MaxLength), perTarget: pick(opts.PerTarget, DefaultPerTarget, MaxPaths),
		perEntry: pick(opts.PerEntry, DefaultPerEntry, MaxPaths), maxLabels: maxLabels}
	lim.perNode = max(lim.perTarget, DefaultPerTarget)
	total := pick(opts.Max, DefaultMax, MaxPaths)
	g := build(l, facts, rep)
	excluded := exclusions(l.Model)
	g.entries = slices.DeleteFunc(g.entries, func(e Entry) bool { return excludes(excluded, "entry", e.ID, e.Kind) })
	entries, err := selectEntries(g, opts.From)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(g.targets))
	for i, t := range g.targets {
		out[i] = excludes(excluded, "target", t.ID, t.Kind)
	}
	wanted, err := selectTargets(g, opts.To, out)
	if err != nil {
		return nil, err
	}
	lim.progress = opts.Progress
	sr := search(g, entries, wanted, lim)
	res := &Result{System: rep.System, Entries: g.entries, Targets: sortedTargets(g.targets, out), Paths: []Path{}, Truncated: sr.truncated,
		Excluded: excluded}
	for _, f := range worst(g, sr, total) {
		res.Paths = append(res.Paths, readPath(g, sr.labels, f))
	}
	slices.SortFunc(res.Paths, func(a, b Path) int { return comparePaths(&a, &b) })
	if len(sr.found) > total {
		res.Truncated = append(res.Truncated, fmt.Sprintf("%d paths found: the %d worst are shown", len(sr.found), total))
		res.Paths = res.Paths[:total]
	}
	if res.Truncated == nil {
		res.Truncated = []string{}
	}
	res.ChokePoints = chokePoints(res.Paths)
	return res, nil
}

func pick(v, def, most int) int {
	if v <= 0 {
		return def
	}
	return min(v, most)
}

// readPath turns a found label back into a path.
func readPath(g *graph, labels []label, f found) Path {
	var steps []Step
	li := f.label
	for labels[li].parent >= 0 {
		l := labels[li]
		parent := labels[l.parent]
		e := g.nodes[parent.node].edges[l.edge]
		s := Step{From: g.nodes[parent.node].id, To: g.nodes[l.node].id, Fact: e.why.fact, Reason: e.why.reason,
			Location: e.why.location, Unknown: e.why.unknown, Alternatives: []string{}}
		if fd := e.why.finding; fd != nil {
			s.Finding, s.Likelihood, s.Status = fd.ID, fd.Likelihood, fd.Status
			for _, a := range e.why.alternatives {
				s.Alternatives = append(s.Alternatives, a.ID)
			}
			s.fix = stepFix(e.why)
		}
		steps = append(steps, s)
		li = l.parent
	}
	slices.Reverse(steps)
	t := g.targets[f.target]
	p := Path{Entry: g.nodes[labels[li].node].id, Target: t.ID, Impact: t.Impact, Steps: steps}
	for _, s := range steps {
		p.Unknown = p.Unknown || s.Unknown
	}
	score(&p, labels[f.label].lik)
	p.ID = pathID(&p)
	return p
}

// sortedTargets returns the targets by id, leaving out those marked
// excluded.
func sortedTargets(ts []Target, excluded []bool) []Target {
	out := make([]Target, 0, len(ts))
	for i, t := range ts {
		if !excluded[i] {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b Target) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// selectEntries returns the entry nodes matching from (all when empty).
func selectEntries(g *graph, from []string) ([]int, error) {
	var out []int
	used := make([]bool, len(from))
	for _, e := range g.entries {
		_, rest, _ := strings.Cut(e.ID, ":")
		if ok := matchAny(from, used, e.ID, e.Kind, rest); ok {
			out = append(out, g.node(e.ID))
		}
	}
	if err := unmatched("--from", from, used, func() []string {
		ids := []string{}
		for _, e := range g.entries {
			ids = append(ids, e.ID)
		}
		return ids
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// selectTargets marks the targets matching to (all when empty), never
// one the model excludes.
func selectTargets(g *graph, to []string, excluded []bool) ([]bool, error) {
	wanted := make([]bool, len(g.targets))
	used := make([]bool, len(to))
	for i, t := range g.targets {
		_, rest, _ := strings.Cut(t.ID, ":")
		wanted[i] = !excluded[i] && matchAny(to, used, t.ID, t.Kind, rest)
	}
	if err := unmatched("--to", to, used, func() []string {
		ids := []string{}
		for _, t := range sortedTargets(g.targets, excluded) {
			ids = append(ids, t.ID)
		}
		return ids
	}); err != nil {
		return nil, err
	}
	return wanted, nil
}

// matchAny reports whether any pattern names one of the candidates (all
// match when there are no patterns), marking the patterns used.
func matchAny(patterns []string, used []bool, candidates ...string) bool {
	if len(patterns) == 0 {
		return true
	}
	ok := false
	for i, p := range patterns {
		if p != "" && slices.Contains(candidates, p) {
			used[i], ok = true, true
		}
	}
	return ok
}

// SelectError is a --from or --to value that matches nothing.
type SelectError struct {
	Flag, Value string
	Known       []string
}

func (e *SelectError) Error() string {
	known := "none"
	if len(e.Known) > 0 {
		shown := e.Known[:min(len(e.Known), 20)]
		known = strings.Join(shown, ", ")
		if len(e.Known) > len(shown) {
			known += fmt.Sprintf(", … (%d in all)", len(e.Known))
		}
	}
	return fmt.Sprintf("%s %q matches nothing in the model; it has: %s", e.Flag, e.Value, known)
}

func unmatched(flag string, patterns []string, used []bool, known func() []string) error {
	for i, p := range patterns {
		if !used[i] {
			return &SelectError{Flag: flag, Value: p, Known: known()}
		}
	}
	return nil
}
