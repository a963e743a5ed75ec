package engine

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"

	"github.com/iotthreat/iotthreat/engine/internal/share"
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
	// Facts are the model's facts (Derive) when the caller has derived
	// them to use again after the analysis (a diagram, a document); nil
	// derives them here. They must be the facts of this very model.
	Facts *Facts
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
// (see internal/share), so that tests can check sharing never changes a
// result.
func analyzeSharing(l *model.Loaded, rs *Ruleset, opts Options, shareOutcomes bool) (*Report, error) {
	facts := opts.Facts
	if facts == nil {
		facts = Derive(l)
	}
	rules := &applicableRules{rs: rs, lists: map[[4]string]ruleList{}}
	targets := buildTargets(l, facts, rules)
	var plan *share.Plan
	if shareOutcomes {
		plan = planSharing(rs, rules, targets)
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
		ws[w] = worker{rs: rs, scores: map[scoreKey]*scored{}, memo: share.NewMemo[outcome](plan), clock: clocks[w], fails: fails}
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
			ws[w].found.drop(func(f *found) bool { return fails.failed(f.cr) })
		}
	}
	findings := mergeFindings(collect(ws, workers), manualFindings(l.Model, targets))
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

// planSharing tells package share what it needs of one analysis: what
// each rule reads, which rules apply to which targets, and the targets'
// facts.
func planSharing(rs *Ruleset, rules *applicableRules, targets []target) *share.Plan {
	reads := make([]share.Rule, len(rs.Rules))
	numbers := make(map[*CompiledRule]int, len(rs.Rules))
	for i, cr := range rs.Rules {
		reads[i], numbers[cr] = cr.share, i
	}
	lists := make([][]int, len(rules.lists))
	for _, list := range rules.lists {
		lists[list.n] = make([]int, len(list.rules))
		for j, cr := range list.rules {
			lists[list.n][j] = numbers[cr]
		}
	}
	ts := make([]share.Target, len(targets))
	for i := range targets {
		ts[i] = share.Target{Facts: targets[i].act.facts, List: targets[i].list}
	}
	return share.NewPlan(reads, lists, ts)
}

// worker evaluates batches of targets, keeping what it found to itself
// until all are done: appending to one shared list would need a lock, and
// one list per target cost more in copying than the evaluation itself.
// It records each finding as a small found; the Finding, which is large,
// is built once, in its place in the sorted report (see collect).
type worker struct {
	rs     *Ruleset
	found  foundList
	scores map[scoreKey]*scored // score results, which repeat across findings
	memo   *share.Memo[outcome] // outcomes remembered; nil: every rule is evaluated on every target
	clock  *evalClock           // evaluations' deadline
	fails  *failures            // rules that failed, shared by the workers
}

// evaluate runs every applicable rule on one target, the at'th. Shared
// rules take their outcomes from what the worker remembers of targets
// with the same values (see internal/share); the others are evaluated. A
// rule that fails is recorded, and no longer evaluated on later targets
// (see failure.go).
func (w *worker) evaluate(t *target, at int) {
	row := w.memo.Row(at, func(i int) *outcome { return w.remember(t, at, i) })
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

// notFired is the outcome of every rule that did not fire, shared.
var notFired = &outcome{}

// remember evaluates the i'th rule of t for the worker's memory: nil for
// a rule that failed on an earlier target, which is not evaluated.
func (w *worker) remember(t *target, at, i int) *outcome {
	cr := t.rules[i]
	if w.fails.skip(cr, at) {
		return nil
	}
	o := w.outcome(cr, t.act)
	if !o.fired && o.err == nil {
		return notFired
	}
	return &o
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

// eval returns the level: the constant, or what the expression yields
// on act, which must be one of Levels.
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
