package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine/internal/compilecache"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Cache keeps what compiling rules produced, for the compilations given
// the same Cache (see Compile): the CEL environments of a vocabulary and
// each rule's programs. Whoever analyses several models, or compiles the
// built-in library ahead of time, owns one and passes it; the engine
// keeps none of its own. A Cache is safe for concurrent use, and so are
// the programs that rulesets compiled from it share.
//
// Entries are keyed by what the result depends on: the environment (its
// target type and the scale constants, the only part of a vocabulary CEL
// sees) and the expressions' text. Rules that fail to compile are not
// kept: their diagnostics name the rule's file and line.
type Cache struct {
	c *compilecache.Cache[map[string]*cel.Env, exprKey, *CompiledRule]
}

// exprKey is what a compiled rule's programs depend on.
type exprKey struct {
	env                           *cel.Env
	condition, likelihood, impact string
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{c: compilecache.New[map[string]*cel.Env, exprKey, *CompiledRule]()}
}

// environments returns the CEL environment of each target type for the
// vocabulary's scale constants.
func (c *Cache) environments(v *vocab.Vocabulary) map[string]*cel.Env {
	if c == nil {
		return newEnvironments(v)
	}
	return c.c.Env(fingerprint(Constants(v)), func() map[string]*cel.Env { return newEnvironments(v) })
}

// compile compiles one rule in env, reusing the programs of an earlier
// rule with the same expressions in the same environment.
func (c *Cache) compile(env *cel.Env, r *model.Rule, paths *pathPrograms) (*CompiledRule, diag.List) {
	if c == nil {
		return compileRule(env, r, paths)
	}
	key := exprKey{env, r.Condition, r.Likelihood, r.Impact}
	if cached, ok := c.c.Rule(key); ok {
		cr := *cached
		cr.Rule, cr.text = r, newFindingText(r)
		return &cr, nil
	}
	cr, diags := compileRule(env, r, paths)
	if len(diags) == 0 {
		c.c.PutRule(key, cr)
	}
	return cr, diags
}

// fingerprint renders the scale constants, all an environment depends on
// besides its target type, in a canonical order.
func fingerprint(consts map[string]int64) string {
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(consts)) {
		fmt.Fprintf(&b, "%s=%d;", n, consts[n])
	}
	return b.String()
}
