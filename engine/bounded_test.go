package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
)

// evalExpr evaluates a CEL expression without variables.
func evalExpr(t *testing.T, env *cel.Env, expr string) (ref.Val, error) {
	t.Helper()
	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		t.Fatalf("%s: %v", expr, iss.Err())
	}
	prg, err := env.Program(ast)
	if err != nil {
		t.Fatal(err)
	}
	val, _, err := prg.Eval(map[string]any{})
	return val, err
}

// The checked functions return what the strings extension returns, and
// the bounds are never below the size of the result.
func TestBoundedStringsAgreeWithTheExtension(t *testing.T) {
	plain, err := cel.NewEnv(ext.Strings())
	if err != nil {
		t.Fatal(err)
	}
	bounded, err := boundedFunctions()
	if err != nil {
		t.Fatal(err)
	}
	checked, err := cel.NewEnv(append([]cel.EnvOption{ext.Strings()}, bounded...)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		expr     string
		receiver string // the call's arguments, receiver first
		args     []string
		bound    resultBound
	}{
		{"'hello hello'.replace('he', 'we')", "'hello hello'", []string{"'he'", "'we'"}, replaceBound},
		{"'hello hello'.replace('he', 'wee', 1)", "'hello hello'", []string{"'he'", "'wee'", "1"}, replaceBound},
		{"'hello'.replace('', '_')", "'hello'", []string{"''", "'_'"}, replaceBound},
		{"'héllo'.replace('', 'ü')", "'héllo'", []string{"''", "'ü'"}, replaceBound},
		{"'hello'.replace('l', '')", "'hello'", []string{"'l'", "''"}, replaceBound},
		{"'abc'.replace('b', 'xyz', 0)", "'abc'", []string{"'b'", "'xyz'", "0"}, replaceBound},
		{"['a', 'bc', 'déf'].join()", "['a', 'bc', 'déf']", nil, joinBound},
		{"['a', 'bc'].join(', ')", "['a', 'bc']", []string{"', '"}, joinBound},
		{"'a,b,,c'.split(',')", "'a,b,,c'", []string{"','"}, splitBound},
		{"'a,b,c'.split(',', 2)", "'a,b,c'", []string{"','", "2"}, splitBound},
		{"'héllo'.split('')", "'héllo'", []string{"''"}, splitBound},
		{"'%s and %d and %.2f and %x'.format(['a', 3, 1.5, 'hi'])", "'%s and %d and %.2f and %x'", []string{"['a', 3, 1.5, 'hi']"}, formatBound},
		{"'%s'.format([[1, 'two\\x01', {'k': b'\\xff'}]])", "'%s'", []string{"[[1, 'two\\x01', {'k': b'\\xff'}]]"}, formatBound},
	} {
		want, wantErr := evalExpr(t, plain, c.expr)
		got, err := evalExpr(t, checked, c.expr)
		if err != nil || wantErr != nil || !reflect.DeepEqual(got.Value(), want.Value()) {
			t.Errorf("%s = %v, %v; the extension gives %v, %v", c.expr, got, err, want, wantErr)
			continue
		}
		var args []ref.Val
		for _, a := range append([]string{c.receiver}, c.args...) {
			v, err := evalExpr(t, plain, a)
			if err != nil {
				t.Fatal(err)
			}
			args = append(args, v)
		}
		size := uint64(0)
		switch v := got.Value().(type) {
		case string:
			size = uint64(len(v))
		case []string:
			size = uint64(len(v))
		}
		if b := c.bound(args); b < size {
			t.Errorf("%s: bound %d below the result's size %d", c.expr, b, size)
		}
	}
	// Past the budget, the call is refused before it runs.
	grown := "'aaaaaaaaaa'" + strings.Repeat(".replace('a', 'aaaaaaaaaa')", 5)
	for _, expr := range []string{
		grown + ".replace('a', 'aaaaaaaaaa')",
		"(" + grown + " + 'a').split('')",
		"[" + grown + ", " + grown + "].join()",
		"'%s%s'.format([" + grown + ", " + grown + "])",
	} {
		_, err := evalExpr(t, checked, expr)
		var refused *refusedCall
		if !errors.As(err, &refused) || classify(err) != failCost {
			t.Errorf("%.50s…: error %v, want the result refused", expr, err)
		}
	}
}
