package html

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/internal/browsertest"
)

// openRegulatory writes a regulatory document's page to a temporary file,
// opens it in the browser and waits until the summary table shows.
func openRegulatory(t *testing.T, ctx context.Context, doc *regulatory.Document) string {
	t.Helper()
	page := filepath.Join(t.TempDir(), doc.Kind+".html")
	var buf bytes.Buffer
	if err := WriteRegulatory(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.CSS("table.regulatory-summary"))); err != nil {
		t.Fatal(err)
	}
	return page
}

// regulatoryLayout is what the browser says about a page's layout.
type regulatoryLayout struct {
	// Overflow is how far the page is wider than the window: a reviewer
	// must not scroll sideways to read it (wide tables scroll in their
	// own box).
	Overflow int `json:"overflow"`
	// SummaryTop is where the summary table starts, in pixels from the
	// top: it must be on the first screen, under the disclaimer.
	SummaryTop    int  `json:"summaryTop"`
	DisclaimerTop int  `json:"disclaimerTop"`
	SummaryShown  bool `json:"summaryShown"`
}

const regulatoryLayoutJS = `(() => {
	const s = document.querySelector("table.regulatory-summary").getBoundingClientRect();
	const d = document.querySelector(".disclaimer").getBoundingClientRect();
	return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
		summaryTop: Math.round(s.top + window.scrollY), disclaimerTop: Math.round(d.top + window.scrollY),
		summaryShown: s.width > 200 && s.height > 40};
})()`

// TestRegulatoryHTMLInBrowser opens each kind of document of the
// reference model in Chromium: the page requests nothing beyond itself,
// the disclaimer and then the summary table are on the first screen, no
// part of the page is wider than the window (at desktop and at tablet
// width), axe finds no WCAG 2.1 AA violation, and screenshots of the top
// and of each kind's own table have ink on them (saved to
// IOTTHREAT_SCREENSHOTS when set, for a person to look at).
func TestRegulatoryHTMLInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	var mu sync.Mutex
	var requests []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	own := map[string]string{regulatory.CRA: "#item-I-2d", regulatory.EN18031: "#part-en-18031-1 .decisions", regulatory.ETSI: "#provisions"}
	type page struct{ kind, model string }
	var cases []page
	for _, kind := range regulatory.Kinds {
		cases = append(cases, page{kind, "reference"})
	}
	// The hardened model's assessment shows every status but gap, and
	// items with long lists of declared controls.
	cases = append(cases, page{regulatory.CRA, "reference-hardened"})
	var pages []string
	for _, c := range cases {
		kind := c.kind
		doc := doctest.Regulatory(t, doctest.Example(t, c.model+".yaml"), kind, regulatory.Options{})
		pages = append(pages, "file://"+openRegulatory(t, ctx, doc))
		for _, width := range []int64{1280, 800} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 1000)); err != nil {
				t.Fatal(err)
			}
			l, err := chromedp.Run(ctx, chromedp.Evaluate[regulatoryLayout](regulatoryLayoutJS))
			if err != nil {
				t.Fatal(err)
			}
			if l.Overflow > 0 {
				t.Errorf("%s at %dpx: the page is %dpx wider than the window", kind, width, l.Overflow)
			}
			if !l.SummaryShown || l.DisclaimerTop >= l.SummaryTop || (width == 1280 && l.SummaryTop > 1000) {
				t.Errorf("%s at %dpx: disclaimer at %dpx, summary table at %dpx (shown: %v); want both on the first screen, the disclaimer first",
					kind, width, l.DisclaimerTop, l.SummaryTop, l.SummaryShown)
			}
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1600)); err != nil {
			t.Fatal(err)
		}
		checkAccessibility(t, ctx)
		prefix := "regulatory-" + kind + "-" + c.model
		shot(t, ctx, prefix+"-top.png", "body > header")
		shot(t, ctx, prefix+"-summary.png", "#summary")
		shot(t, ctx, prefix+"-own.png", own[kind])
		if kind == regulatory.CRA && c.model == "reference" {
			shot(t, ctx, prefix+"-architecture.png", "#architecture")
			shot(t, ctx, prefix+"-product.png", "#product")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	allowed := map[string]bool{}
	for _, p := range pages {
		allowed[p] = true
	}
	for _, u := range requests {
		if !allowed[u] {
			t.Errorf("the page requested %s; a document must not fetch anything", u)
		}
	}
}
