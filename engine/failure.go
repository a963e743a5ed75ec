package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iotthreat/iotthreat/diag"
)

// A rule that fails on a target (an error, the cost limit, the deadline)
// does not stop the analysis: the other rules' findings are still
// reported, and the failure is reported as a diagnostic located at the
// failing expression, naming the first target it failed on. The failing
// rule's findings are left out, since they would be incomplete.
//
// Once a rule has failed on a target it is not evaluated on later
// targets, so that a rule stopped at the cost limit does not run up to it
// on every target. Targets before the failing one are still evaluated,
// so the target reported is always the first one in the model's order
// the rule fails on, however the work was shared between workers.

// EvalErrors is the error Analyze returns, together with its report, when
// rules failed on some target: the report holds the findings of the other
// rules, and Diags says which rules failed where.
type EvalErrors struct {
	Diags diag.List
}

func (e *EvalErrors) Error() string { return e.Diags.Error() }

// failures records, for one analysis, the first target each rule failed
// on.
type failures struct {
	any     atomic.Bool // some rule failed: check before evaluating
	mu      sync.Mutex
	first   map[*CompiledRule]failure
	timeout time.Duration // the evaluations' deadline, for messages
}

// builtinDir is where the built-in rules' positions point (see package
// rules): a built-in rule failing is a bug in iotthreat, not in the model.
const builtinDir = "rules/builtin/"

// failure is a rule's first failure.
type failure struct {
	at   int // index of the target
	t    *target
	part string // condition, likelihood or impact
	err  error
}

// skip reports whether cr already failed on a target before the one at
// index i, so that it need not be evaluated on it.
func (f *failures) skip(cr *CompiledRule, i int) bool {
	if !f.any.Load() {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	first, ok := f.first[cr]
	return ok && first.at < i
}

// add records that cr failed on the target at index i.
func (f *failures) add(cr *CompiledRule, i int, t *target, part string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.first == nil {
		f.first = map[*CompiledRule]failure{}
	}
	if first, ok := f.first[cr]; !ok || i < first.at {
		f.first[cr] = failure{at: i, t: t, part: part, err: err}
	}
	f.any.Store(true)
}

// failed reports whether cr failed on some target.
func (f *failures) failed(cr *CompiledRule) bool {
	if !f.any.Load() {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.first[cr]
	return ok
}

// diags describes the failures, sorted by place.
func (f *failures) diags() diag.List {
	var out diag.List
	for cr, fl := range f.first {
		out = append(out, fl.diagnostic(cr, f.timeout))
	}
	return out.Sort()
}

// diagnostic describes one rule's failure at the failing expression.
func (fl failure) diagnostic(cr *CompiledRule, timeout time.Duration) diag.Diagnostic {
	r := cr.Rule
	on := describeTarget(fl.t)
	builtin := strings.HasPrefix(r.Src.Pos.File, builtinDir)
	var msg, hint string
	switch classify(fl.err) {
	case failCost:
		msg = fmt.Sprintf("exceeds the cost limit of %d on %s and was stopped", MaxEvalCost, on)
		if refused := (*refusedCall)(nil); errors.As(fl.err, &refused) {
			msg += ": " + refused.Error()
		}
		hint = costHint
		if builtin {
			hint = "the target's facts are unusually large (long lists or strings); if they are right, report this, and analyse meanwhile with --disable " + r.ID
		}
	case failDeadline:
		msg = fmt.Sprintf("ran on %s for longer than %v and was stopped", on, timeout)
		hint = costHint
		if builtin {
			hint = "the machine may be overloaded; if not, report this, and analyse meanwhile with --disable " + r.ID
		}
	default:
		msg = fmt.Sprintf("fails on %s: %v", on, fl.err)
		hint = "guard what can fail: test size(list) before indexing it, has() or 'key' in map before reading a key, a divisor before dividing"
		if builtin {
			msg = fmt.Sprintf("built-in rule fails on %s: %v", on, fl.err)
			hint = "this is a bug in iotthreat: please report it with the model; analyse meanwhile with --disable " + r.ID
		}
	}
	msg += "; the rule's findings are left out"
	return diag.At(r.Src.At(fl.part), "rules["+r.ID+"]."+fl.part, hint, "%s", msg)
}

// describeTarget names a target in a message: "element hub", "the system".
func describeTarget(t *target) string {
	if t.typ == "system" {
		return "the system"
	}
	return t.typ + " " + t.id
}
