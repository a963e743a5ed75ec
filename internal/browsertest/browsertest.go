// Package browsertest starts headless Chromium for tests that check what a
// person sees: the HTML report, and SVG diagrams as browsers render them
// (which differs from the PNG iotthreat rasterises itself). It is imported
// only by tests.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Start starts headless Chromium for t and returns a context holding its
// first tab; the browser stops when the test ends. It skips when Chromium
// is not installed, unless IOTTHREAT_REQUIRE_CHROMIUM=1 (set by .ci/run,
// which installs Debian's chromium) makes that a failure.
// IOTTHREAT_CHROMIUM names a browser binary to use instead of the one on
// PATH.
func Start(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("IOTTHREAT_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("IOTTHREAT_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("Chromium is required (IOTTHREAT_REQUIRE_CHROMIUM=1) but not installed")
		}
		t.Skip("Chromium not installed; .ci/run installs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 1600),
	)
	// The timeout bounds the whole browser's life, not one action: it is
	// there to end a hang, not to time the pages. The regulatory test
	// takes 45 s on an idle 2-core machine and ran past 90 s while
	// `go test ./...` built and ran other packages beside it.
	tctx, cancelTimeout := context.WithTimeout(context.Background(), 5*time.Minute)
	actx, cancelAlloc := chromedp.NewExecAllocator(tctx, opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc(); cancelTimeout() })
	if err := chromedp.Do(ctx); err != nil { // start the browser and open the tab
		t.Fatal(err)
	}
	return ctx
}
