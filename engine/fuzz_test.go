package engine

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

// FuzzCompileCondition compiles arbitrary condition text as a rule of a
// small model and, when it compiles, analyses the model with it: nothing
// may panic, a failure must come back as located diagnostics, and no
// evaluation may get past its bounds (the whole analysis of the two
// elements and a flow takes well under a second within them).
func FuzzCompileCondition(f *testing.F) {
	for _, seed := range []string{
		nestedAll(9), chainedReplace(10), "1/0 == 1", "element.radios[5] == 'x'",
		"element.tags.all(a, element.tags.all(b, a != b))",
		"element.name.replace('', element.name).size() > 3",
		"[1,2,3].map(x, 'ab'.replace('', 'cd')).join(',').split('').size() > 0",
		"'%s %d'.format([element.debug_interfaces, size(element.debug_interfaces)]) != ''",
		"{'a': 1}[element.kind] == 1", "element.os.matches('(a+)+$')", "int('x') == 1",
		"element.name.matches('a{1000}c')", "element.name.matches(element.os + 'x{999}')",
	} {
		f.Add(seed)
	}
	all, _ := rules.Builtin()
	for _, r := range all[:20] {
		if r.Target.Type == "element" {
			f.Add(r.Condition)
		}
	}
	l, diags := model.Parse("test.yaml", []byte(testRules+testSystem), model.Options{})
	if len(diags) > 0 {
		f.Fatal(diags)
	}
	template := l.Model.Rules[1] // an element rule
	cache := NewCache()          // the environments, built once
	f.Fuzz(func(t *testing.T, condition string) {
		r := template
		r.Condition = condition
		m := *l.Model
		m.Rules = []model.Rule{r}
		fuzzed := &model.Loaded{Model: &m, Vocab: l.Vocab}
		start := time.Now()
		set, diags := Compile(m.Rules, l.Vocab, cache)
		for _, d := range diags {
			if d.File != "test.yaml" || d.Line == 0 || !strings.HasPrefix(d.Field, "rules[") {
				t.Fatalf("unlocated diagnostic: %v", d)
			}
		}
		if len(set.Rules) == 1 {
			_, err := Analyze(fuzzed, set, Options{Today: "2026-11-26"})
			var failed *EvalErrors
			if err != nil && !errors.As(err, &failed) {
				t.Fatalf("Analyze: %v", err)
			}
			if failed != nil && (len(failed.Diags) != 1 || failed.Diags[0].Line == 0) {
				t.Fatalf("failure not located: %v", failed.Diags)
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("compiling and analysing took %v", d)
		}
	})
}
