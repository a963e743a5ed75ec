package engine

import (
	"errors"
	"fmt"
	"time"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
)

// Rules come from models and rule directories, which arrive in pull
// requests: a condition must not be able to hang or exhaust the machine
// that analyses them. Every expression of a rule (condition, likelihood,
// impact) is bounded three ways, with cel-go's own cost machinery:
//
//   - When it compiles, its worst-case cost on a target of nominal size
//     (lists of nominalListSize entries, strings of nominalStringSize
//     characters) is estimated; above MaxEvalCost the rule is refused,
//     located at the expression. Nested loops over lists and strings built
//     by chained replace are caught here, before anything runs.
//   - When it runs, cel-go counts the actual cost and stops the evaluation
//     past MaxEvalCost: this bounds targets larger than nominal. Functions
//     whose result can be far larger than their arguments (replace, join,
//     split, format) are checked before they run, so that no single call
//     allocates more than the budget allows (see bounded.go), and so are
//     matches whose work can be far larger than its cost (see regex.go).
//   - A watchdog stops an evaluation that runs longer than
//     Options.EvalTimeout, checked between loop iterations (see
//     deadline.go): a safety net should the cost count be wrong.
//
// An evaluation that fails for any of these reasons, or with an error
// (division by zero, an index out of range), costs the rule its findings
// but not the analysis: see failure.go.

// MaxEvalCost is the most one evaluation of one expression of a rule on
// one target may cost, in cel-go's cost units (about one per operation or
// per ten characters scanned; each takes 5 to 100 ns). Measured: the
// built-in library costs at most 82 on the example models and a generated
// 2,000-element model, and is estimated at most about 6,100 on a nominal
// target, both over 100 times below the limit (TestBuiltinCostHeadroom).
// An evaluation stopped at the limit has run for 10 to 100 ms.
const MaxEvalCost = 1_000_000

// The nominal target the compile-time estimate assumes: every list or map
// fact holds nominalListSize entries and every string nominalStringSize
// characters. That is a large target, not the largest: in the example
// models lists hold at most 23 entries (mostly under 10) and strings at
// most 75 characters. The estimate judges a rule's shape (how its loops
// nest, how its strings grow); the runtime limit bounds larger targets.
const (
	nominalListSize   = 16
	nominalStringSize = 128
)

// DefaultEvalTimeout is the wall-clock bound of one evaluation when
// Options.EvalTimeout is zero. An evaluation within MaxEvalCost takes at
// most about 0.1 s, so this is only reached if cost accounting misses
// something.
const DefaultEvalTimeout = 2 * time.Second

// interruptEvery is how many loop iterations pass between checks of the
// deadline: checking is cheap, but not free.
const interruptEvery = 64

// program is one of a rule's expressions, compiled to run within the
// bounds. Counting cost and checking the deadline make an evaluation
// two to four times slower, so a program does only what it needs:
//
//   - An expression whose cost cel-go bounds within MaxEvalCost whatever
//     the facts (no loop, no string or list of the target's read in full:
//     most conditions) cannot exceed the limit, and does not count.
//   - An expression without loops cannot run long, and has no deadline:
//     cel-go checks it between loop iterations only.
type program struct {
	prg   cel.Program
	loops bool // evaluated under the deadline
}

// newProgram compiles a checked expression into a program.
func newProgram(env *cel.Env, ast *cel.Ast) (program, error) {
	opts := append([]cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}, matchOptions...)
	if est, err := env.EstimateCost(ast, anySizes{}); err != nil || est.Max > MaxEvalCost {
		opts = append(opts, cel.CostLimit(MaxEvalCost))
	}
	loops := len(celast.MatchDescendants(celast.NavigateAST(ast.NativeRep()), celast.KindMatcher(celast.ComprehensionKind))) > 0
	if loops {
		opts = append(opts, cel.InterruptCheckFrequency(interruptEvery))
	}
	prg, err := env.Program(ast, opts...)
	return program{prg: prg, loops: loops}, err
}

// anySizes is the cost estimator that knows nothing of the facts' sizes:
// an estimate within the limit with it holds for every target.
type anySizes struct{}

// EstimateSize implements cost.Estimator: facts may have any size.
func (anySizes) EstimateSize(cost.AstNode) *cost.SizeEstimate { return nil }

// EstimateCallCost implements cost.Estimator with cel-go's cost models.
func (anySizes) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}

// nominalSizes is the cost estimator of the compile-time check: it sizes
// every list, map and string the expression reads from the facts as on a
// nominal target. Literals and computed values are sized by cel-go.
type nominalSizes struct{}

// EstimateSize implements cost.Estimator.
func (nominalSizes) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if n.Type() == nil || len(n.Path()) == 0 {
		return nil
	}
	var size cost.SizeEstimate
	switch n.Type().Kind() {
	case types.ListKind, types.MapKind:
		size = cost.RangedSizeEstimate(0, nominalListSize)
	case types.StringKind, types.BytesKind:
		size = cost.RangedSizeEstimate(0, nominalStringSize)
	default:
		return nil
	}
	return &size
}

// EstimateCallCost implements cost.Estimator: cel-go's cost models of the
// standard library and the strings extension apply.
func (nominalSizes) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}

// estimateCost returns the worst-case cost of a checked expression on a
// nominal target.
func estimateCost(env *cel.Env, ast *cel.Ast) (uint64, error) {
	est, err := env.EstimateCost(ast, nominalSizes{})
	if err != nil {
		return 0, err
	}
	return est.Max, nil
}

// checkCost refuses an expression whose estimated cost exceeds
// MaxEvalCost, at the expression's place in the rule.
func checkCost(env *cel.Env, ast *cel.Ast, r *model.Rule, key string) diag.List {
	var diags diag.List
	field := "rules[" + r.ID + "]." + key
	est, err := estimateCost(env, ast)
	switch {
	case err != nil:
		diags.Add(r.Src.At(key), field, "", "cannot estimate the cost of the expression: %v", err)
	case est > MaxEvalCost:
		diags.Add(r.Src.At(key), field, costHint,
			"the expression may cost %s per target, more than the limit of %d (estimated for lists of %d entries and strings of %d characters)",
			describeCost(est), MaxEvalCost, nominalListSize, nominalStringSize)
	}
	return diags
}

// costHint says what makes an expression expensive.
const costHint = "loops over lists (all, exists, exists_one, map, filter) nested in one another multiply their cost, " +
	"as do strings grown by replace or join and patterns with large repetition counts; test the facts directly instead"

func describeCost(c uint64) string {
	if c == ^uint64(0) {
		return "an unbounded amount"
	}
	return fmt.Sprintf("up to %d", c)
}

// Why an evaluation failed.
type failKind int

const (
	failError    failKind = iota // the expression raised an error
	failCost                     // it exceeded MaxEvalCost
	failDeadline                 // it ran past the deadline
)

// errDeadline marks an evaluation the watchdog stopped.
var errDeadline = errors.New("evaluation stopped at the deadline")

// classify says why an evaluation failed.
func classify(err error) failKind {
	var cancelled interpreter.EvalCancelledError
	var refused *refusedCall
	switch {
	case errors.Is(err, errDeadline):
		return failDeadline
	case errors.As(err, &cancelled) && cancelled.Cause == interpreter.CostLimitExceeded, errors.As(err, &refused):
		return failCost
	}
	return failError
}
