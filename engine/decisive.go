package engine

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/iotthreat/iotthreat/engine/internal/celpath"
)

// A finding's reasons quote the facts that made its rule's condition
// hold, not every fact the condition reads: for "internet_reachable ||
// radio_reachable" on a device reachable only by radio, quoting
// "internet_reachable = false" reads as if it were a reason.
//
// The condition is evaluated once more, by a program that records the
// value of every sub-expression, and its syntax tree is walked from the
// top, never into a part that was not evaluated (short-circuited, or in a
// loop over an empty list): an "or" that held is followed only into its
// branches that held, an "and" that failed only into those that failed
// (under a "not"), a conditional into its test and the branch taken, a
// loop's body as a whole, and everything else into all its parts. The
// facts met on the way are the decisive ones.
// It runs only for outcomes that fired, once per combination of facts
// when outcomes are shared (see internal/share), so it costs little.
type decider struct {
	prg  cel.Program // the condition, tracking every sub-expression's value
	root ast.Expr
	// fact maps the expression ids of the condition's fact selections
	// (element.os) to their index in CompiledRule.facts.
	fact map[int64]int
}

// newDecider prepares the walk for a checked condition, or returns nil
// when its program cannot be built (the reasons then quote every fact).
func newDecider(env *cel.Env, checked *cel.Ast, facts []factPath) *decider {
	// No cost limit: the decider only runs where the condition, the same
	// expression, has just run within it. Constant patterns are compiled
	// once, and checked as the condition's are (see regex.go).
	prg, err := env.Program(checked, append([]cel.ProgramOption{cel.EvalOptions(cel.OptTrackState)}, matchOptions...)...)
	if err != nil {
		return nil
	}
	index := make(map[string]int, len(facts))
	for i, f := range facts {
		index[f.path] = i
	}
	root := checked.NativeRep().Expr()
	d := &decider{prg: prg, root: root, fact: map[int64]int{}}
	for _, e := range ast.MatchDescendants(ast.NavigateAST(checked.NativeRep()), ast.KindMatcher(ast.SelectKind)) {
		if p, ok := celpath.Of(e); ok {
			if i, ok := index[p]; ok {
				d.fact[e.ID()] = i
			}
		}
	}
	return d
}

// decisive marks which of the rule's facts decided that its condition
// held for act. It reports false when it cannot tell (an evaluation
// error), and the caller then quotes every fact.
func (d *decider) decisive(act *activation, n int) ([]bool, bool) {
	if d == nil {
		return nil, false
	}
	_, det, err := d.prg.Eval(act)
	if err != nil || det == nil {
		return nil, false
	}
	state := det.State()
	value := func(e ast.Expr) (ref.Val, bool) { return state.Value(e.ID()) }
	used := make([]bool, n)
	found := false
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if _, evaluated := value(e); !evaluated {
			return // short-circuited, or in a loop that never ran
		}
		if i, ok := d.fact[e.ID()]; ok {
			used[i], found = true, true
			return
		}
		switch e.Kind() {
		case ast.CallKind:
			call := e.AsCall()
			args := call.Args()
			switch call.FunctionName() {
			case operators.LogicalOr, operators.LogicalAnd:
				// An "or" that held was decided by its true branches; an
				// "and" that failed, by its false ones.
				decidedBy := types.Bool(call.FunctionName() == operators.LogicalOr)
				if v, ok := value(e); ok && v == decidedBy {
					for _, a := range args {
						if av, ok := value(a); ok && av == decidedBy {
							walk(a)
						}
					}
					return
				}
			case operators.Conditional:
				if v, ok := value(args[0]); ok && len(args) == 3 {
					walk(args[0])
					if v == types.True {
						walk(args[1])
					} else {
						walk(args[2])
					}
					return
				}
			}
			if call.IsMemberFunction() {
				walk(call.Target())
			}
			for _, a := range args {
				walk(a)
			}
		case ast.SelectKind:
			walk(e.AsSelect().Operand())
		case ast.ComprehensionKind:
			// The values inside the loop are those of its last turn, and
			// a map is iterated in random order: once the loop ran at all,
			// every fact in its body counts, whatever the values.
			c := e.AsComprehension()
			walk(c.IterRange())
			_, stepped := value(c.LoopStep())
			_, tested := value(c.LoopCondition())
			if stepped || tested {
				for _, part := range []ast.Expr{c.LoopCondition(), c.LoopStep(), c.Result()} {
					d.markAll(part, used, &found)
				}
			}
		case ast.ListKind:
			for _, el := range e.AsList().Elements() {
				walk(el)
			}
		case ast.MapKind:
			for _, en := range e.AsMap().Entries() {
				m := en.AsMapEntry()
				walk(m.Key())
				walk(m.Value())
			}
		case ast.StructKind:
			for _, f := range e.AsStruct().Fields() {
				walk(f.AsStructField().Value())
			}
		}
	}
	walk(d.root)
	return used, found
}

// markAll marks every fact read anywhere in e.
func (d *decider) markAll(e ast.Expr, used []bool, found *bool) {
	for _, sel := range ast.MatchDescendants(ast.NavigateExpr(nil, e), ast.KindMatcher(ast.SelectKind)) {
		if i, ok := d.fact[sel.ID()]; ok {
			used[i], *found = true, true
		}
	}
}
