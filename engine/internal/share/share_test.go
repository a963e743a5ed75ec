package share_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/engine/internal/share"
)

// factsEnv is a CEL environment over the engine's facts, as rules of
// target type variable see them.
func factsEnv(t *testing.T, variable string, typ reflect.Type) *cel.Env {
	t.Helper()
	env, err := cel.NewEnv(
		ext.NativeTypes(reflect.TypeOf(engine.ElementFacts{}), reflect.TypeOf(engine.FlowFacts{}), reflect.TypeOf(engine.SystemFacts{}),
			reflect.TypeOf(engine.Service{}), ext.ParseStructTags(true)),
		cel.Variable("system", cel.ObjectType("engine.SystemFacts")),
		cel.Variable(variable, cel.ObjectType("engine."+typ.Name())),
	)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// A rule is shared only when what it reads of its target is a set of fact
// paths, none of them an id or a name.
func TestOf(t *testing.T) {
	envs := map[string]*cel.Env{
		"flow":    factsEnv(t, "flow", reflect.TypeOf(engine.FlowFacts{})),
		"element": factsEnv(t, "element", reflect.TypeOf(engine.ElementFacts{})),
	}
	for _, c := range []struct {
		variable, expr string
		reads          []string
		shared         bool
	}{
		{"flow", "flow.source.kind == 'device' && !flow.encrypted", []string{"flow.encrypted", "flow.source.kind"}, true},
		{"flow", "'version' in flow.options && flow.options.version == 'v3'", []string{"flow.options", "flow.options.version"}, true},
		{"flow", "has(flow.options.version)", []string{"flow.options"}, true},
		{"element", "element.services.exists(s, s.port == 23) && system.personal", []string{"element.services"}, true},
		{"element", "system.personal", nil, true},
		{"flow", "flow.id.startsWith('debug')", []string{"flow.id"}, false},
		{"flow", "flow.destination.name == 'cloud'", []string{"flow.destination.name"}, false},
		{"flow", "[flow].exists(f, f.encrypted)", []string{"flow"}, false},
	} {
		ast, iss := envs[c.variable].Compile(c.expr)
		if iss != nil && iss.Err() != nil {
			t.Fatalf("%s: %v", c.expr, iss.Err())
		}
		r := share.Of(c.variable, ast, nil)
		if !slices.Equal(r.Reads, c.reads) || r.Shared != c.shared {
			t.Errorf("%s: reads %v, shared %v; want %v, %v", c.expr, r.Reads, r.Shared, c.reads, c.shared)
		}
	}
}

// Every fact a rule can read of a target can be numbered: a path without
// a reader would leave every rule of its target type unshared, silently
// slower.
func TestEveryFactCanBeNumbered(t *testing.T) {
	for variable, facts := range map[string]any{
		"element":  &engine.ElementFacts{},
		"flow":     &engine.FlowFacts{Source: &engine.ElementFacts{}, Destination: &engine.ElementFacts{}},
		"boundary": &engine.BoundaryFacts{},
		"data":     &engine.DataFacts{},
	} {
		paths := factPaths(variable, reflect.TypeOf(facts).Elem(), true)
		if variable == "flow" {
			paths = append(paths, "flow.options.version")
		}
		for _, p := range paths {
			plan := share.NewPlan([]share.Rule{{Reads: []string{p}, Shared: true}}, [][]int{{0}}, []share.Target{{Facts: facts}})
			memo := share.NewMemo[int](plan)
			evaluated := 0
			if row := memo.Row(0, func(int) *int { evaluated++; return &evaluated }); row == nil || row[0] == nil || evaluated != 1 {
				t.Errorf("%s is not numbered", p)
			}
		}
	}
}

// factPaths lists every fact of a facts struct by its `cel` tags, and
// with deeper the facts of the structs it points to.
func factPaths(prefix string, t reflect.Type, deeper bool) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("cel"), ",")
		out = append(out, prefix+"."+name)
		if ft := t.Field(i).Type; deeper && ft.Kind() == reflect.Pointer {
			out = append(out, factPaths(prefix+"."+name, ft.Elem(), false)...)
		}
	}
	return out
}
