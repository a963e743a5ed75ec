package engine

import (
	"fmt"
	"reflect"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"

	"github.com/iotthreat/iotthreat/vocab"
)

// This file is the registry of what a rule's CEL expressions may use
// besides the facts: the variables per target type and the constants for
// the ordered scales. Standard CEL (in, exists, all, size, has, matches,
// startsWith, …) and the strings extension are available.

// targetVariables names the CEL variables of each target type. Every rule
// also sees `system`.
var targetVariables = map[string]struct {
	name string
	typ  reflect.Type
}{
	"element":  {"element", reflect.TypeOf(ElementFacts{})},
	"flow":     {"flow", reflect.TypeOf(FlowFacts{})},
	"boundary": {"boundary", reflect.TypeOf(BoundaryFacts{})},
	"data":     {"data", reflect.TypeOf(DataFacts{})},
	"system":   {"system", reflect.TypeOf(SystemFacts{})},
}

// Constants returns the scale constants rules compare ranks with:
// classification PUBLIC…SECRET and levels LOW…CRITICAL, as integers.
func Constants(v *vocab.Vocabulary) map[string]int64 {
	out := map[string]int64{}
	for _, enum := range []string{"classification", "level"} {
		for i, id := range v.TermIDs(enum) {
			out[constantName(id)] = int64(i)
		}
	}
	return out
}

func constantName(id string) string {
	return strings.ToUpper(strings.ReplaceAll(id, "-", "_"))
}

// newEnv builds the CEL environment for one target type. The functions
// that can build large results or run long are checked before they run
// (see bounded.go and regex.go).
func newEnv(targetType string, v *vocab.Vocabulary) (*cel.Env, error) {
	bounded, err := boundedFunctions()
	if err != nil {
		return nil, err
	}
	opts := []cel.EnvOption{
		ext.NativeTypes(reflect.TypeOf(ElementFacts{}), reflect.TypeOf(FlowFacts{}), reflect.TypeOf(BoundaryFacts{}),
			reflect.TypeOf(DataFacts{}), reflect.TypeOf(SystemFacts{}), reflect.TypeOf(Service{}), ext.ParseStructTags(true)),
		ext.Strings(),
		cel.Variable("system", cel.ObjectType(celTypeName(reflect.TypeOf(SystemFacts{})))),
	}
	opts = append(opts, bounded...)
	if tv, ok := targetVariables[targetType]; ok && targetType != "system" {
		opts = append(opts, cel.Variable(tv.name, cel.ObjectType(celTypeName(tv.typ))))
	}
	for name, val := range Constants(v) {
		opts = append(opts, cel.Constant(name, cel.IntType, types.Int(val)))
	}
	return cel.NewEnv(opts...)
}

// newEnvironments builds the CEL environment of each target type.
func newEnvironments(v *vocab.Vocabulary) map[string]*cel.Env {
	envs := map[string]*cel.Env{}
	for t := range targetVariables {
		env, err := newEnv(t, v)
		if err != nil {
			panic(fmt.Sprintf("engine: CEL environment for %s: %v", t, err))
		}
		// cel-go's type checker sets up its symbol catalog lazily, the
		// first time an expression names something undeclared, while
		// checking a comprehension reads it without synchronisation (a
		// data race when rules compile concurrently, see compileAll).
		// Setting it up here, before the environment is shared, orders
		// that write before every later check.
		env.Compile("iotthreat_undeclared")
		envs[t] = env
	}
	return envs
}

func celTypeName(t reflect.Type) string {
	parts := strings.Split(t.PkgPath(), "/")
	return parts[len(parts)-1] + "." + t.Name()
}
