package wasm

// Patched for iotthreat: the module starts on first use, not in init(), and
// its compilation cache is the caller's choice. Upstream compiles the
// module in init() for every program that links go-graphviz, and caches the
// machine code under os.TempDir()/go-graphviz, a directory any local user
// can create first and fill with code the next user then executes.

import (
	"context"
	"sync"

	"github.com/tetratelabs/wazero"
)

var (
	startMu  sync.Mutex
	started  bool
	startErr error
	cacheDir string
	cacheErr error
)

// SetCompilationCacheDir makes Start keep the compiled module in dir and
// reuse it from there on later runs. The caller must make sure that only
// the current user can write to dir: the files in it are executed as
// machine code. "" (the default) keeps no cache: the module is compiled in
// memory on every start. It has no effect after Start.
func SetCompilationCacheDir(dir string) {
	startMu.Lock()
	defer startMu.Unlock()
	cacheDir = dir
}

// Start instantiates the Graphviz module once for the process. When the
// cache cannot be used (unreadable, corrupted, written by another wazero),
// it compiles without it. An error is kept and returned by every later call.
func Start() error {
	startMu.Lock()
	defer startMu.Unlock()
	if started {
		return startErr
	}
	started = true
	ctx := context.Background()
	if cacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cacheDir)
		if err == nil {
			if err = instantiate(ctx, cache); err == nil {
				return nil
			}
		}
		// A cache that fails must not stop the drawing: compile afresh.
		cacheErr = err
	}
	startErr = instantiate(ctx, nil)
	return startErr
}

// CacheError says why Start did not use the cache directory it was given
// (nil when it did, or when there was none), so that the caller can report
// it or clear the directory.
func CacheError() error {
	startMu.Lock()
	defer startMu.Unlock()
	return cacheErr
}

// Started reports whether Start has run, for tests that check a program
// does not start Graphviz when it draws nothing.
func Started() bool {
	startMu.Lock()
	defer startMu.Unlock()
	return started
}
