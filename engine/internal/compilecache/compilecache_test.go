package compilecache

import (
	"sync"
	"sync/atomic"
	"testing"
)

// An environment is built once per fingerprint, however many compilations
// ask for it at the same time.
func TestEnvBuiltOnce(t *testing.T) {
	c := New[*int, string, int]()
	var builds atomic.Int64
	var wg sync.WaitGroup
	got := make([]*int, 8)
	for i := range got {
		wg.Go(func() {
			got[i] = c.Env("a", func() *int { builds.Add(1); return new(int) })
		})
	}
	wg.Wait()
	if builds.Load() != 1 {
		t.Fatalf("built %d times", builds.Load())
	}
	for _, e := range got {
		if e != got[0] {
			t.Fatal("compilations got different environments")
		}
	}
	if c.Env("b", func() *int { return new(int) }) == got[0] {
		t.Fatal("another fingerprint got the same environment")
	}
}

// Past its bound, the cache starts afresh rather than growing.
func TestBounded(t *testing.T) {
	c := New[int, int, int]()
	for i := range MaxRules + 10 {
		c.PutRule(i, i)
	}
	if len(c.rules) > MaxRules {
		t.Fatalf("%d rules kept, more than %d", len(c.rules), MaxRules)
	}
	if r, ok := c.Rule(MaxRules + 9); !ok || r != MaxRules+9 {
		t.Fatalf("the last rule stored is not kept: %d, %v", r, ok)
	}
	for i := range MaxEnvs + 10 {
		c.Env(string(rune('a'+i)), func() int { return i })
	}
	if len(c.envs) > MaxEnvs {
		t.Fatalf("%d environments kept, more than %d", len(c.envs), MaxEnvs)
	}
}

// A nil cache keeps nothing and builds every time.
func TestNil(t *testing.T) {
	var c *Cache[int, string, int]
	c.PutRule("a", 1)
	if _, ok := c.Rule("a"); ok {
		t.Fatal("a nil cache remembered a rule")
	}
	builds := 0
	for range 2 {
		c.Env("a", func() int { builds++; return builds })
	}
	if builds != 2 {
		t.Fatalf("a nil cache built %d times for 2 asks", builds)
	}
}
