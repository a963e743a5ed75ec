package engine

import (
	"slices"
	"testing"

	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

// TestSharedPathProgramsChangeNothing compiles the built-in library with
// the fact-path programs shared between rules, as Compile does, and with
// each rule compiling its own, and wants every rule to read the same
// paths, each compiling (or not) the same way.
func TestSharedPathProgramsChangeNothing(t *testing.T) {
	all, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	v := vocab.Builtin()
	envs := NewCache().environments(v)
	shared := &pathPrograms{}
	for i := range all {
		r := &all[i]
		env := envs[r.Target.Type]
		alone, diags := compileRule(env, r, nil)
		together, diags2 := compileRule(env, r, shared)
		if len(diags) > 0 || len(diags2) > 0 {
			t.Fatalf("%s: %v %v", r.ID, diags, diags2)
		}
		if !slices.Equal(alone.Facts(), together.Facts()) {
			t.Errorf("%s reads %v alone and %v with shared programs", r.ID, alone.Facts(), together.Facts())
		}
		for j := range alone.facts {
			if (alone.facts[j].prg == nil) != (together.facts[j].prg == nil) {
				t.Errorf("%s: %s compiles in one way and not the other", r.ID, alone.facts[j].path)
			}
		}
	}
	distinct := len(shared.m)
	if distinct == 0 || distinct > 400 {
		t.Errorf("%d distinct path programs for the library; want a few dozen to a few hundred", distinct)
	}
	t.Logf("%d rules, %d distinct fact-path programs", len(all), distinct)
}
