// Package celpath renders the chains of field selections CEL expressions
// read facts with (flow.source.kind), for the parts of the engine that
// need to know which facts an expression reads: the explanations, and
// sharing outcomes between targets.
package celpath

import celast "cel.dev/cel-go/common/ast"

// Of renders a chain of field selections ending in a variable, such as
// flow.source.kind. It fails for anything else: a call, a literal, a
// presence test (has(x.f)) anywhere in the chain.
func Of(e celast.Expr) (string, bool) {
	switch e.Kind() {
	case celast.IdentKind:
		return e.AsIdent(), true
	case celast.SelectKind:
		s := e.AsSelect()
		if s.IsTestOnly() {
			return "", false
		}
		base, ok := Of(s.Operand())
		if !ok {
			return "", false
		}
		return base + "." + s.FieldName(), true
	}
	return "", false
}
