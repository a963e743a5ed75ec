package render

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
)

// Graphviz runs inside the process as WebAssembly (go-graphviz, patched in
// third_party/go-graphviz so that it starts on first use instead of at
// program start, and caches its compiled code only where it is told to;
// docs/security.md says why). Starting it costs about 0.5 s of compiling,
// or about 50 ms from a cache, and happens the first time a diagram is
// laid out: commands that draw nothing never pay for it.

// graphvizMu serialises Graphviz: go-graphviz runs one WebAssembly
// instance per process, which is not safe for concurrent use.
var graphvizMu sync.Mutex

// cacheDir is the compilation cache handed to Graphviz, "" for none.
var cacheDir string

// UseCompilationCache makes Graphviz keep its compiled code in dir and
// load it from there on later runs. Only the current user may be able to
// write to dir, since what it holds is executed: use the directory that
// internal/usercache checks. Without a call nothing is cached. It has no
// effect once a diagram has been laid out.
func UseCompilationCache(dir string) {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	cacheDir = dir
	graphviz.SetCompilationCacheDir(dir)
}

// GraphvizStarted reports whether this process has started Graphviz.
func GraphvizStarted() bool { return graphviz.Started() }

// startGraphviz starts Graphviz once. When the cache could not be used (a
// truncated or corrupted entry fails its checksum), Graphviz has compiled
// afresh; the cache's entries are removed so that the next run writes them
// again instead of compiling every time. Called with graphvizMu held.
func startGraphviz() error {
	if graphviz.Started() {
		return nil
	}
	if err := graphviz.Start(); err != nil {
		return fmt.Errorf("start graphviz: %w", err)
	}
	if cacheDir != "" && graphviz.CacheError() != nil {
		entries, _ := filepath.Glob(filepath.Join(cacheDir, "wazero-*"))
		for _, e := range entries {
			_ = os.RemoveAll(e)
		}
	}
	return nil
}

// LayoutSVG lays out a DOT graph with Graphviz's dot engine and returns
// the SVG.
func LayoutSVG(dot []byte) ([]byte, error) {
	out, err := runGraphviz(dot, graphviz.SVG)
	if err != nil {
		return nil, err
	}
	return keepSpaces(out), nil
}

// runGraphviz lays out a DOT graph and renders it in format, one
// Graphviz at a time (its WebAssembly instance is not safe for concurrent
// use).
func runGraphviz(dot []byte, format graphviz.Format) ([]byte, error) {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	if err := startGraphviz(); err != nil {
		return nil, err
	}
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("start graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer g.Close()
	var out bytes.Buffer
	if err := gv.Render(ctx, g, format, &out); err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	return out.Bytes(), nil
}

// keepSpaces makes the spaces at the ends of the SVG's texts survive in
// browsers. Graphviz writes a label of several fonts (a flow's bold
// protocol, then " (tls) firmware-image") as one <text> per run, each
// placed at its own x with its spaces; browsers drop a text's leading and
// trailing spaces, so the runs touched ("https(tls)"). xml:space="preserve"
// helps only in a standalone SVG, not inline in HTML as the report embeds
// it, and a style on every text would be larger; a no-break space has the
// width of a space and is never dropped. The PNG, rasterised by package
// render itself, kept the spaces already.
func keepSpaces(svg []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(svg) + len(svg)/50)
	for {
		start := bytes.Index(svg, []byte("<text "))
		if start < 0 {
			break
		}
		open := bytes.IndexByte(svg[start:], '>')
		end := bytes.Index(svg[start:], []byte("</text>"))
		if open < 0 || end < open {
			break
		}
		open, end = start+open+1, start+end
		out.Write(svg[:open])
		text := svg[open:end]
		trimmed := bytes.TrimLeft(text, " ")
		out.WriteString(strings.Repeat(nbsp, len(text)-len(trimmed)))
		inner := bytes.TrimRight(trimmed, " ")
		out.Write(inner)
		out.WriteString(strings.Repeat(nbsp, len(trimmed)-len(inner)))
		svg = svg[end:]
	}
	out.Write(svg)
	return out.Bytes()
}

// nbsp is a no-break space as an XML character reference.
const nbsp = "&#160;"
