package engine

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/rules"
)

// TestFactReadersAgreeWithCEL reads every fact of every target of the
// examples and a synthetic model both ways, through CEL as conditions do
// and straight from the structs as explanations do: the quoted text must
// be the same, and so must whether the fact is there at all.
func TestFactReadersAgreeWithCEL(t *testing.T) {
	models := testModels(t, 300, 7)
	all, _ := rules.Builtin()
	checked := 0
	for _, l := range models {
		rs, diags := Compile(all, l.Vocab)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		envs, _ := compiledCache.environments(l.Vocab)
		facts := Derive(l)
		targets := buildTargets(l, facts, &applicableRules{rs: rs, lists: map[[4]string]ruleList{}})
		paths := map[string][]factPath{} // through CEL, and read directly
		for typ := range targetVariables {
			for _, p := range allFactPaths(typ, facts) {
				fr, ok := newFactReader(typ, p)
				if !ok {
					t.Fatalf("%s: no reader for %s", typ, p)
				}
				ast, iss := envs[typ].Compile(p)
				if iss != nil && iss.Err() != nil {
					t.Fatalf("%s: %v", p, iss.Err())
				}
				prg, err := envs[typ].Program(ast)
				if err != nil {
					t.Fatal(err)
				}
				paths[typ] = append(paths[typ], factPath{path: p, prg: prg}, factPath{path: p, direct: true, read: fr})
			}
		}
		for i := range targets {
			tg := &targets[i]
			ps := paths[tg.typ]
			for j := 0; j < len(ps); j += 2 {
				p := ps[j].path
				want, wantOK := ps[j].value(tg.act)
				got, gotOK := ps[j+1].value(tg.act)
				if wantOK != gotOK {
					t.Fatalf("%s %s: %s present through CEL %v, read directly %v", tg.typ, tg.id, p, wantOK, gotOK)
				}
				if wantOK && rs.formatFact(p, want) != rs.formatFact(p, got) {
					t.Fatalf("%s %s: %s = %q through CEL, %q read directly", tg.typ, tg.id, p, rs.formatFact(p, want), rs.formatFact(p, got))
				}
				checked++
			}
		}
	}
	t.Logf("%d facts compared", checked)
}

// allFactPaths lists every fact of a target type: its fields, its ends'
// fields for flows, every option key present and one that never is, and
// the system's fields.
func allFactPaths(typ string, f *Facts) []string {
	var out []string
	add := func(prefix string, t reflect.Type, deeper bool) {
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("cel"), ",")
			out = append(out, prefix+"."+name)
			if ft := t.Field(i).Type; deeper && ft.Kind() == reflect.Pointer {
				for j := 0; j < ft.Elem().NumField(); j++ {
					sub, _, _ := strings.Cut(ft.Elem().Field(j).Tag.Get("cel"), ",")
					out = append(out, prefix+"."+name+"."+sub)
				}
			}
		}
	}
	v := targetVariables[typ]
	add(v.name, v.typ, true)
	if typ != "system" {
		add("system", reflect.TypeOf(SystemFacts{}), false)
	}
	if typ == "flow" {
		keys := map[string]bool{"no_such_option": true}
		for _, fl := range f.Flows {
			for k := range fl.Options {
				keys[k] = true
			}
		}
		for k := range keys {
			out = append(out, "flow.options."+k)
		}
	}
	sort.Strings(out)
	return out
}
