package engine

import (
	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
)

// guard is a cheap pre-filter derived from a condition: when a flow rule's
// condition requires, at its top level, flow.protocol or flow.medium to be
// one of some literals ("flow.protocol == 'mqtt' && …"), flows with other
// values are skipped without running CEL. Most flow rules are specific to a
// protocol, so on a large model this avoids most evaluations. A nil set
// means no constraint; the condition itself still decides.
type guard struct {
	protocols map[string]bool
	media     map[string]bool
}

// allows reports whether the guard lets a flow with this protocol and
// medium through to the condition.
func (g guard) allows(protocol, medium string) bool {
	if g.protocols != nil && !g.protocols[protocol] {
		return false
	}
	if g.media != nil && !g.media[medium] {
		return false
	}
	return true
}

// deriveGuard inspects the conjuncts of a flow condition.
func deriveGuard(ast *cel.Ast) guard {
	var g guard
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

// WithoutGuards returns a copy of the ruleset whose rules run on every
// target, for checking that guards never change a result.
func WithoutGuards(rs *Ruleset) *Ruleset {
	out := &Ruleset{byType: map[string][]*CompiledRule{}, vocab: rs.vocab}
	for _, cr := range rs.Rules {
		c := *cr
		c.guard = guard{}
		out.Rules = append(out.Rules, &c)
		out.byType[c.Rule.Target.Type] = append(out.byType[c.Rule.Target.Type], &c)
	}
	return out
}
