// Package share lets targets that agree on every fact a rule reads share
// the rule's outcome. Large models repeat themselves: fleets of identical
// devices behind identical gateways, each sending the same flows. A
// rule's condition, likelihood and impact, and the facts its explanation
// quotes, depend only on the facts they read, so targets that agree on
// those facts get the same outcome from the rule. Each worker remembers
// the outcome of each rule for each combination of the values it reads,
// and evaluates a rule only on a combination it has not seen. Analysing
// the 1,000- and 10,000-element benchmark models without sharing takes
// about twice the time (docs/performance.md, "Engine seams"). What else a
// finding holds (its id, target, source, the score from the target's
// exposure, the controls declared at the target) the engine still builds
// per target.
//
// The engine plugs sharing in at two places. When a rule compiles, Of
// says what its expressions read of the target (a Rule). When an analysis
// starts, NewPlan numbers the facts of every target, and each worker asks
// its Memo for the outcomes of a target's rules, evaluating through a
// function the engine gives it only what the Memo has not seen.
//
// To make combinations cheap to compare, every fact a shared rule reads is
// turned once per target into a number (see columns): integers that
// cannot be absent and booleans are their own number, other values are
// numbered in order of first appearance, an absent fact being 0. The facts
// read through a pointer to another struct (a flow's source and
// destination elements) are numbered once per struct pointed to, not once
// per target.
//
// A rule is shared only when its expressions read the target through
// chains of fields (flow.source.kind), and never its id or name, which
// differ between any two targets and would make every combination new.
package share

import (
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"

	"github.com/iotthreat/iotthreat/engine/internal/celpath"
)

// Rule is what sharing knows of a compiled rule. The zero Rule is not
// shared: the engine evaluates it on every target.
type Rule struct {
	// Reads are the paths of the target's facts the rule's expressions
	// read (flow.source.kind), sorted.
	Reads []string
	// Shared says the facts reached from Reads are all the expressions
	// see of the target, so targets that agree on them may share the
	// rule's outcome.
	Shared bool
}

// Of lists the paths of the target variable's facts that a rule's checked
// expressions read (nil ones are skipped), and whether the rule may be
// shared. A path is read whole when it is not the operand of a further
// field selection (flow.options, read by `'version' in flow.options`).
// Other variables (the system's facts, the same for every target),
// constants and comprehensions' variables are left out.
func Of(variable string, asts ...*cel.Ast) Rule {
	r := Rule{Shared: true}
	for _, ast := range asts {
		if ast == nil {
			continue
		}
		root := celast.NavigateAST(ast.NativeRep())
		for _, e := range celast.MatchDescendants(root, isSelectOrIdent) {
			if p, ok := e.Parent(); ok && p.Kind() == celast.SelectKind && !p.AsSelect().IsTestOnly() {
				continue // part of a longer chain
			}
			if e.Kind() == celast.SelectKind && e.AsSelect().IsTestOnly() {
				continue // has(x.f): its operand x is read whole
			}
			path, ok := celpath.Of(e)
			if !ok {
				continue // a chain not rooted at a variable: its parts are visited too
			}
			if first, _, _ := strings.Cut(path, "."); first != variable {
				continue
			}
			if path == variable || strings.HasSuffix(path, ".id") || strings.HasSuffix(path, ".name") {
				r.Shared = false
			}
			r.Reads = append(r.Reads, path)
		}
	}
	slices.Sort(r.Reads)
	r.Reads = slices.Compact(r.Reads)
	return r
}

func isSelectOrIdent(e celast.NavigableExpr) bool {
	return e.Kind() == celast.SelectKind || e.Kind() == celast.IdentKind
}
