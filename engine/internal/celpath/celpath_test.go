package celpath

import (
	"testing"

	"cel.dev/cel-go/cel"
)

func TestOf(t *testing.T) {
	env, err := cel.NewEnv(cel.Variable("flow", cel.DynType))
	if err != nil {
		t.Fatal(err)
	}
	for expr, want := range map[string]string{
		"flow":                 "flow",
		"flow.source.kind":     "flow.source.kind",
		"has(flow.options.v)":  "",
		"[flow][0].encryption": "",
		"'a'":                  "",
	} {
		ast, iss := env.Parse(expr)
		if iss.Err() != nil {
			t.Fatalf("%s: %v", expr, iss.Err())
		}
		got, ok := Of(ast.NativeRep().Expr())
		if got != want || ok != (want != "") {
			t.Errorf("%s: got %q, %v; want %q", expr, got, ok, want)
		}
	}
}
