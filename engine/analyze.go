package engine

import (
	"encoding/binary"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"

	"github.com/iotthreat/iotthreat/model"
)

// Options tune an analysis.
type Options struct {
	// Today decides whether accepted risks have expired (YYYY-MM-DD);
	// empty means the current date. Tests set it for determinism.
	Today string
	// Workers evaluating targets in parallel; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is told how many rule evaluations (one rule on
	// one target) are done out of how many, so that a command can show
	// progress on a large model. It is called from the goroutine running
	// Analyze: once at the start, after each batch of targets is handed
	// out, and once at the end with done == total. It must be quick;
	// callers that print throttle it themselves.
	Progress func(done, total int)
	// EvalTimeout bounds the wall-clock time of one evaluation of a
	// rule's expression on one target; 0 means DefaultEvalTimeout.
	EvalTimeout time.Duration
}

// batchSize is how many targets a worker takes at a time: enough to make
// handing them out cheap, few enough to keep both workers busy to the end
// and progress moving.
const batchSize = 64

// Analyze evaluates the ruleset against a loaded model and returns every
// finding, sorted by severity (worst first), then rule and target id.
//
// A rule that fails on a target (an error, the cost limit, the deadline)
// does not stop the analysis: Analyze then returns the report of the other
// rules together with an *EvalErrors locating each failed rule.
func Analyze(l *model.Loaded, rs *Ruleset, opts Options) (*Report, error) {
	return analyzeSharing(l, rs, opts, true)
}

// analyzeSharing is Analyze, with or without sharing outcomes between targets
// (see share.go), so that tests can check sharing never changes a result.
func analyzeSharing(l *model.Loaded, rs *Ruleset, opts Options, shareOutcomes bool) (*Report, error) {
	facts := Derive(l)
	rules := &applicableRules{rs: rs, lists: map[[4]string]ruleList{}}
	targets := buildTargets(l, facts, rules)
	var sh *sharing
	if shareOutcomes {
		sh = share(targets, rs, len(rules.lists))
	}
	total := 0
	for i := range targets {
		total += len(targets[i].rules)
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(int, int) {}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	timeout := opts.EvalTimeout
	if timeout <= 0 {
		timeout = DefaultEvalTimeout
	}
	ws := make([]worker, workers)
	clocks := make([]*evalClock, workers)
	fails := &failures{timeout: timeout}
	var done atomic.Int64
	batches := make(chan int, workers)
	var wg sync.WaitGroup
	for w := range ws {
		clocks[w] = newEvalClock()
		ws[w] = worker{rs: rs, scores: map[scoreKey]*scored{}, share: sh, clock: clocks[w], fails: fails,
			memo: map[string]*outcome{}, rows: map[string][]*outcome{}}
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			for start := range batches {
				for i := start; i < min(start+batchSize, len(targets)); i++ {
					w.evaluate(&targets[i], i)
					done.Add(int64(len(targets[i].rules)))
				}
			}
		}(&ws[w])
	}
	stopWatch := make(chan struct{})
	go watch(clocks, timeout, stopWatch)
	progress(0, total)
	for start := 0; start < len(targets); start += batchSize {
		batches <- start
		progress(int(done.Load()), total)
	}
	close(batches)
	wg.Wait()
	close(stopWatch)
	for _, c := range clocks {
		c.close()
	}
	progress(total, total)
	if fails.any.Load() {
		for w := range ws {
			ws[w].found = slices.DeleteFunc(ws[w].found, func(f found) bool { return fails.failed(f.cr) })
		}
	}
	findings := collect(ws, workers)
	today := opts.Today
	if today == "" {
		today = time.Now().Format("2006-01-02")
	}
	orphaned := applyTracking(findings, l.Model, today)
	rep := &Report{System: l.Model.System.Name, Findings: findings, Orphaned: orphaned,
		Summary: summarize(findings, len(rs.Rules), len(targets))}
	if fails.any.Load() {
		return rep, &EvalErrors{Diags: fails.diags()}
	}
	return rep, nil
}

// worker evaluates batches of targets, keeping what it found to itself
// until all are done: appending to one shared list would need a lock, and
// one list per target cost more in copying than the evaluation itself.
// It records each finding as a small found; the Finding, which is large,
// is built once, in its place in the sorted report (see collect).
type worker struct {
	rs     *Ruleset
	found  []found
	scores map[scoreKey]*scored  // score results, which repeat across findings
	share  *sharing              // nil: every rule is evaluated on every target
	memo   map[string]*outcome   // outcomes by rule and the values it reads
	rows   map[string][]*outcome // shared outcomes by list and all values
	key    []byte
	clock  *evalClock // evaluations' deadline
	fails  *failures  // rules that failed, shared by the workers
}

// evaluate runs every applicable rule on one target, the at'th. Shared
// rules take their outcomes from what the worker remembers (see share.go):
// first the outcomes of all of them on a target with the same values
// everywhere (most flows repeat another), else each rule's on the values
// it reads. A rule that fails is recorded, and no longer evaluated on
// later targets (see failure.go).
func (w *worker) evaluate(t *target, at int) {
	var row []*outcome
	if w.share != nil && t.vals != nil {
		row = w.row(t, at)
	}
	for i, cr := range t.rules {
		if w.fails.skip(cr, at) {
			continue
		}
		var o *outcome
		var own outcome
		if row != nil && row[i] != nil {
			o = row[i]
		} else {
			own = w.outcome(cr, t.act)
			o = &own
		}
		if o.err != nil {
			w.fails.add(cr, at, t, o.part, o.err)
			continue
		}
		if o.fired {
			w.newFinding(cr, t, o)
		}
	}
}

// row returns the outcomes of the shared rules of t's list on t (nil for
// the others, and for rules that failed on an earlier target), by t's
// values.
func (w *worker) row(t *target, at int) []*outcome {
	w.key = binary.AppendUvarint(w.key[:0], uint64(t.list))
	for _, v := range t.vals {
		w.key = binary.AppendUvarint(w.key, v)
	}
	if row, ok := w.rows[string(w.key)]; ok {
		return row
	}
	key := string(w.key)
	shared := w.share.lists[t.list]
	row := make([]*outcome, len(t.rules))
	for i, cr := range t.rules {
		if shared[i].cols != nil && !w.fails.skip(cr, at) {
			row[i] = w.remembered(cr, t, &shared[i])
		}
	}
	w.rows[key] = row
	return row
}

// notFired is the outcome of every rule that did not fire, shared.
var notFired = &outcome{}

// remembered returns the outcome of a shared rule on the values it reads
// of t, evaluating it the first time.
func (w *worker) remembered(cr *CompiledRule, t *target, sr *sharedRule) *outcome {
	w.key = binary.AppendUvarint(w.key[:0], uint64(sr.no))
	for _, c := range sr.cols {
		w.key = binary.AppendUvarint(w.key, t.vals[c])
	}
	if o, ok := w.memo[string(w.key)]; ok {
		return o
	}
	o := notFired
	if oc := w.outcome(cr, t.act); oc.fired || oc.err != nil {
		o = &oc
	}
	w.memo[string(w.key)] = o
	return o
}

// outcome is what evaluating a rule's expressions on a target gave: all
// of a finding that depends on the facts the rule reads.
type outcome struct {
	fired              bool
	likelihood, impact string
	because            string // the first line of why: the facts the condition read
	part               string // condition, likelihood or impact, when err is set
	err                error
}

// outcome evaluates the rule's condition and, when it holds, its
// likelihood, impact and explanation.
func (w *worker) outcome(cr *CompiledRule, act *activation) outcome {
	val, err := w.clock.eval(cr.condition, act)
	if err != nil {
		return outcome{part: "condition", err: err}
	}
	if val != types.True {
		return outcome{}
	}
	o := outcome{fired: true}
	if o.likelihood, err = cr.likelihood.eval(w.clock, act); err != nil {
		return outcome{part: "likelihood", err: err}
	}
	if o.impact, err = cr.impact.eval(w.clock, act); err != nil {
		return outcome{part: "impact", err: err}
	}
	o.because = "fired because " + explain(cr, act, w.rs)
	return o
}

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
	w.found = append(w.found, found{cr: cr, t: t, because: o.because, sc: w.score(o.likelihood, o.impact, ex)})
}

// build fills in the finding.
func (fd *found) build(f *Finding) {
	cr, t, sc := fd.cr, fd.t, fd.sc
	r := cr.Rule
	*f = Finding{
		ID: r.ID + "@" + t.id, Rule: r.ID, Title: r.Title, Description: r.Description,
		Target: Target{Type: t.typ, ID: t.id, Name: t.name, Kind: t.tkind},
		STRIDE: nonNil(r.STRIDE), LINDDUN: nonNil(r.LINDDUN),
		Severity: sc.sev, Likelihood: sc.l, Impact: sc.i, Status: "open",
		Controls: nonNil(r.Controls), MitigatedBy: []string{},
		CWE: nonNilInts(r.References.CWE), CAPEC: nonNilInts(r.References.CAPEC),
		OWASPIoT: nonNil(r.References.OWASPIoT), ETSI: nonNil(r.References.ETSI),
		NISTIR8259A: nonNil(r.References.NISTIR8259), ISVS: nonNil(r.References.ISVS),
		Source: Source{File: t.src.Pos.File, Line: t.src.Pos.Line},
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
	why := make([]string, 0, 1+len(sc.why)+1)
	why = append(why, fd.because)
	why = append(why, sc.why...)
	switch {
	case mitigated:
		f.Status = "mitigated"
		why = append(why, cr.text.mitigatedWhy)
		f.Mitigations = cr.text.mitigation
	case len(missing) == len(r.Controls):
		f.Mitigations = cr.text.allMissing
	default:
		f.Mitigations = append(cr.text.mitigation[:1:1], "Implement and declare the control(s): "+strings.Join(missing, ", "))
	}
	f.Why = why
}

func (lv level) eval(clock *evalClock, act interpreter.Activation) (string, error) {
	if lv.expr == nil {
		return lv.constant, nil
	}
	val, err := clock.eval(*lv.expr, act)
	if err != nil {
		return "", err
	}
	s, ok := val.Value().(string)
	if !ok || LevelRank(s) == 0 && s != "low" {
		return "", fmt.Errorf("expression yielded %v, not one of %s", val, strings.Join(Levels, ", "))
	}
	return s, nil
}

// explain lists the values of the facts a condition reads. Ranks are
// shown as the scale's words (data_classification = personal, not 3).
func explain(cr *CompiledRule, act *activation, rs *Ruleset) string {
	parts := make([]string, 0, len(cr.facts))
	decisive, known := cr.decide.decisive(act, len(cr.facts))
	for i := range cr.facts {
		if known && !decisive[i] {
			continue
		}
		fp := &cr.facts[i]
		val, ok := fp.value(act)
		if !ok {
			continue
		}
		parts = append(parts, fp.path+" = "+rs.formatFact(fp.path, val))
	}
	if len(parts) == 0 {
		return "the condition holds"
	}
	return strings.Join(parts, ", ")
}

// rankScales maps rank facts to the scale they rank.
var rankScales = map[string]string{
	"data_classification": "classification", "stored_classification": "classification",
	"handled_classification": "classification", "classification": "classification",
	"data_integrity": "level", "stored_integrity": "level", "integrity": "level", "availability": "level",
}

// value reads the fact as CEL's value would hold it (ref.Val.Value), or
// false where CEL fails (a map key not declared).
func (fp *factPath) value(act *activation) (any, bool) {
	if fp.direct {
		return fp.read.read(act)
	}
	val, _, err := fp.prg.Eval(act)
	if err != nil {
		return nil, false
	}
	return val.Value(), true
}

func (rs *Ruleset) formatFact(path string, v any) string {
	name := path[strings.LastIndex(path, ".")+1:]
	if scale, ok := rankScales[name]; ok {
		if n, ok := v.(int64); ok {
			terms := rs.vocab.TermIDs(scale)
			switch {
			case n < 0:
				return "none"
			case int(n) < len(terms):
				return terms[n]
			}
		}
	}
	return formatValue(v)
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case map[string]string:
		keys := slices.Sorted(maps.Keys(x))
		pairs := make([]string, len(keys))
		for i, k := range keys {
			pairs[i] = k + ": " + x[k]
		}
		return shorten("{" + strings.Join(pairs, ", ") + "}")
	case []Service:
		names := make([]string, len(x))
		for i, svc := range x {
			names[i] = svc.String()
		}
		return shortenTo("["+strings.Join(names, "; ")+"]", 160)
	}
	return shorten(fmt.Sprint(v))
}

// shorten cuts a quoted value to 80 characters (not bytes: names may be
// in any script), marking the cut.
func shorten(s string) string { return shortenTo(s, 80) }

func shortenTo(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-3]) + "..."
}

// String describes a service as a finding quotes it: "Local setup API
// (https 8443, authentication pairing, encryption tls)".
func (s Service) String() string {
	port := ""
	if s.Port > 0 {
		port = fmt.Sprintf(" %d", s.Port)
	}
	return fmt.Sprintf("%s (%s%s, authentication %s, encryption %s)", s.Name, s.Protocol, port, s.Authentication, s.Encryption)
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
		for i := range ws[w].found {
			starts[run(&ws[w].found[i])+1]++
		}
	}
	for r := 1; r < len(starts); r++ {
		starts[r] += starts[r-1]
	}
	type key struct {
		target string
		f      *found
	}
	n := starts[len(starts)-1]
	keys := make([]key, n)
	next := slices.Clone(starts)
	for w := range ws {
		for i := range ws[w].found {
			f := &ws[w].found[i]
			r := run(f)
			keys[next[r]] = key{f.t.id, f}
			next[r]++
		}
	}
	out := make([]Finding, n)
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
				for j := range part {
					part[j].f.build(&out[starts[r]+j])
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
