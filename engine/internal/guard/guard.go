// Package guard derives a cheap pre-filter from a flow rule's condition.
// When the condition requires, at its top level, flow.protocol or
// flow.medium to be one of some literals ("flow.protocol == 'mqtt' && …"),
// flows with other values cannot make it hold, and the engine leaves the
// rule out of their lists of applicable rules without running CEL. Most
// flow rules are specific to a protocol or a medium, and sharing outcomes
// (package share) does not make up for evaluating them on the other
// flows: analysing the benchmark models without guards takes 6-10% more
// time at 10,000 elements and 12-19% more at 100 and 1,000 elements (see
// docs/performance.md, "Engine seams").
//
// A guard only ever leaves out flows the condition would refuse; the
// condition itself still decides on the flows it lets through.
package guard

import (
	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
)

// Guard is the protocols and media a condition can hold for. A nil set
// means no constraint: the zero Guard lets every flow through.
type Guard struct {
	protocols map[string]bool
	media     map[string]bool
}

// Allows reports whether a flow with this protocol and medium may make
// the condition hold.
func (g Guard) Allows(protocol, medium string) bool {
	if g.protocols != nil && !g.protocols[protocol] {
		return false
	}
	if g.media != nil && !g.media[medium] {
		return false
	}
	return true
}

// Of derives the guard of a checked flow condition from its top-level
// conjuncts.
func Of(ast *cel.Ast) Guard {
	var g Guard
	for _, c := range conjuncts(ast.NativeRep().Expr()) {
		field, values, ok := literalTest(c)
		if !ok {
			continue
		}
		switch field {
		case "protocol":
			g.protocols = intersect(g.protocols, values)
		case "medium":
			g.media = intersect(g.media, values)
		}
	}
	return g
}

// conjuncts flattens a && b && c into its parts.
func conjuncts(e celast.Expr) []celast.Expr {
	if e.Kind() == celast.CallKind && e.AsCall().FunctionName() == operators.LogicalAnd {
		var out []celast.Expr
		for _, a := range e.AsCall().Args() {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []celast.Expr{e}
}

// literalTest recognises flow.F == 'x' and flow.F in ['x', 'y'].
func literalTest(e celast.Expr) (field string, values map[string]bool, ok bool) {
	if e.Kind() != celast.CallKind {
		return "", nil, false
	}
	call := e.AsCall()
	args := call.Args()
	if len(args) != 2 {
		return "", nil, false
	}
	field, ok = flowField(args[0])
	if !ok {
		return "", nil, false
	}
	values = map[string]bool{}
	switch call.FunctionName() {
	case operators.Equals:
		s, ok := stringLiteral(args[1])
		if !ok {
			return "", nil, false
		}
		values[s] = true
	case operators.In, operators.OldIn:
		if args[1].Kind() != celast.ListKind {
			return "", nil, false
		}
		for _, el := range args[1].AsList().Elements() {
			s, ok := stringLiteral(el)
			if !ok {
				return "", nil, false
			}
			values[s] = true
		}
	default:
		return "", nil, false
	}
	return field, values, true
}

// flowField recognises flow.F and returns F.
func flowField(e celast.Expr) (string, bool) {
	if e.Kind() != celast.SelectKind {
		return "", false
	}
	s := e.AsSelect()
	op := s.Operand()
	if s.IsTestOnly() || op.Kind() != celast.IdentKind || op.AsIdent() != "flow" {
		return "", false
	}
	return s.FieldName(), true
}

func stringLiteral(e celast.Expr) (string, bool) {
	if e.Kind() != celast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().Value().(string)
	return s, ok
}

// intersect is the values both sets allow, a nil set allowing all.
func intersect(a, b map[string]bool) map[string]bool {
	if a == nil {
		return b
	}
	out := map[string]bool{}
	for k := range a {
		if b[k] {
			out[k] = true
		}
	}
	return out
}
