package engine

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// compiledCache keeps what compiling a rule's expressions produced, for
// the life of the process. Compiling the built-in library's CEL costs
// about 0.1 s, most of the time of analysing a small model, and a process
// that analyses many models (a server, the benchmarks, `diff`) compiles
// the same rules each time. Programs are safe for concurrent use, so
// rulesets built from the cache share them.
//
// Entries are keyed by what the result depends on: the environment (the
// scale constants, the only part of a vocabulary CEL sees) and the
// expressions' text. Rules that fail to compile are not cached: their
// diagnostics name the rule's file and line.
var compiledCache = &exprCache{envs: map[string]map[string]*cel.Env{}, rules: map[exprKey]exprs{}}

// maxCachedRules bounds the cache: past it, it starts afresh, so a
// process fed ever-new rules does not grow without limit.
const maxCachedRules = 4096

type exprCache struct {
	mu    sync.Mutex
	envs  map[string]map[string]*cel.Env // constants fingerprint → target type → environment
	rules map[exprKey]exprs
}

type exprKey struct {
	constants, typ, condition, likelihood, impact string
}

// exprs is the part of a CompiledRule that depends only on its
// expressions.
type exprs struct {
	condition          program
	likelihood, impact level
	facts              []factPath
	decide             *decider
	guard              guard
	reads              []string
	shared             bool
}

// compile compiles one rule in env, whose constants have the fingerprint
// constants, reusing the programs of an earlier rule with the same
// expressions.
func (c *exprCache) compile(env *cel.Env, constants string, r *model.Rule) (*CompiledRule, diag.List) {
	key := exprKey{constants, r.Target.Type, r.Condition, r.Likelihood, r.Impact}
	if e, ok := c.get(key); ok {
		return &CompiledRule{Rule: r, condition: e.condition, likelihood: e.likelihood, impact: e.impact,
			facts: e.facts, decide: e.decide, guard: e.guard, text: newFindingText(r), reads: e.reads, shared: e.shared}, nil
	}
	cr, diags := compileRule(env, r)
	if len(diags) == 0 {
		c.put(key, cr)
	}
	return cr, diags
}

// environments returns the CEL environment of each target type for the
// vocabulary's constants, and the constants' fingerprint.
func (c *exprCache) environments(v *vocab.Vocabulary) (map[string]*cel.Env, string) {
	fp := fingerprint(Constants(v))
	c.mu.Lock()
	defer c.mu.Unlock()
	if envs, ok := c.envs[fp]; ok {
		return envs, fp
	}
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
	c.envs[fp] = envs
	return envs, fp
}

func (c *exprCache) get(k exprKey) (exprs, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.rules[k]
	return e, ok
}

func (c *exprCache) put(k exprKey, cr *CompiledRule) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.rules) >= maxCachedRules {
		c.rules = map[exprKey]exprs{}
	}
	c.rules[k] = exprs{condition: cr.condition, likelihood: cr.likelihood, impact: cr.impact, facts: cr.facts, decide: cr.decide, guard: cr.guard,
		reads: cr.reads, shared: cr.shared}
}

// fingerprint renders the constants in a canonical order.
func fingerprint(consts map[string]int64) string {
	names := make([]string, 0, len(consts))
	for n := range consts {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "%s=%d;", n, consts[n])
	}
	return b.String()
}
