package main

import (
	"fmt"
	"io"

	"github.com/iotthreat/iotthreat/internal/usercache"
	"github.com/iotthreat/iotthreat/render"
)

// useGraphvizCache points Graphviz's compilation cache at the user's own
// private cache directory, for commands about to lay out a diagram. When
// that directory fails its checks (another user owns it, it is writable by
// others, it is a link), the diagram is still drawn, compiled afresh, and
// the warning says why: about half a second slower, never unsafe.
func useGraphvizCache(stderr io.Writer) {
	dir, err := usercache.Dir("graphviz")
	if err != nil {
		fmt.Fprintf(stderr, "iotthreat: warning: drawing without a cache: %v\n", err)
		return
	}
	render.UseCompilationCache(dir)
}
