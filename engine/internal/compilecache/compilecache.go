// Package compilecache keeps what compiling rules produced, for as long
// as its owner keeps the cache. Compiling the built-in library's CEL
// costs about 0.1 s of CPU, most of the time of analysing a small model;
// a process that analyses several models (validating many files, `diff`,
// the benchmarks) or compiles the library while a model loads and again
// for the model (analysis.Run) compiles the same expressions each time.
// Analysing a benchmark model again without the cache takes 6.5 times as
// long at 100 elements and twice as long at 1,000; at 10,000 elements the
// difference is lost in the noise (docs/performance.md, "Engine seams").
//
// The cache holds two kinds of entries, both safe for concurrent use once
// built: environments, by the fingerprint of what the environment depends
// on, and compiled rules, by the environment and the expressions' text.
// Both are bounded: past the bound the cache starts afresh, so that a
// process fed ever-new rules or vocabularies does not grow without limit.
package compilecache

import "sync"

// Bounds of a cache: far more than a process meets with the built-in
// library (156 rules, one vocabulary) and the rules of a few models.
const (
	MaxEnvs  = 64
	MaxRules = 4096
)

// Cache holds environments of type E and compiled rules of type R under
// keys of type K. The zero value is not usable; a nil *Cache holds
// nothing (every lookup misses, every store is dropped).
type Cache[E any, K comparable, R any] struct {
	mu    sync.Mutex
	envs  map[string]E
	rules map[K]R
}

// New returns an empty cache.
func New[E any, K comparable, R any]() *Cache[E, K, R] {
	return &Cache[E, K, R]{envs: map[string]E{}, rules: map[K]R{}}
}

// Env returns the environment remembered for fingerprint, building it
// with build the first time. Building holds the cache's lock, so that
// concurrent compilations build an environment once.
func (c *Cache[E, K, R]) Env(fingerprint string, build func() E) E {
	if c == nil {
		return build()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.envs[fingerprint]; ok {
		return e
	}
	if len(c.envs) >= MaxEnvs {
		c.envs = map[string]E{}
	}
	e := build()
	c.envs[fingerprint] = e
	return e
}

// Rule returns the rule remembered under k.
func (c *Cache[E, K, R]) Rule(k K) (R, bool) {
	if c == nil {
		var zero R
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.rules[k]
	return r, ok
}

// PutRule remembers r under k.
func (c *Cache[E, K, R]) PutRule(k K, r R) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.rules) >= MaxRules {
		c.rules = map[K]R{}
	}
	c.rules[k] = r
}
