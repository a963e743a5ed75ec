package html

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/internal/browsertest"
	"github.com/iotthreat/iotthreat/synth"
)

// openPage writes the document's page to a temporary file, opens it in
// the browser and waits until the element sel shows. It returns the
// page's file.
func openPage(t *testing.T, ctx context.Context, doc *document.Document, sel string) string {
	t.Helper()
	page := filepath.Join(t.TempDir(), "report.html")
	var buf bytes.Buffer
	if err := Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		t.Fatal(err)
	}
	return page
}

// visibleRows counts the findings table's rows on show.
func visibleRows(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#findings-table tbody tr:not([hidden])").length`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHTMLInBrowser opens the reference report in real Chromium, checks
// that the page requests nothing beyond itself, uses the filters and the
// search, sorts, follows a compliance row to its findings, and saves a
// screenshot (to IOTTHREAT_SCREENSHOTS when set, for a person to look at).
func TestHTMLInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})

	// Every request the page makes is recorded: only the file itself may
	// be fetched.
	var mu sync.Mutex
	var requests []string
	var pageErrors []string
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			pageErrors = append(pageErrors, e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				pageErrors = append(pageErrors, "console.error")
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}

	visibleAttr := func(attr string) []string {
		js := `Array.from(document.querySelectorAll("#findings-table tbody tr:not([hidden])")).map(r => r.getAttribute("` + attr + `"))`
		vals, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatal(err)
		}
		return vals
	}
	countText := func() string {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#findings-count")))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	page := openPage(t, ctx, doc, "#filter-severity")
	if n := visibleRows(t, ctx); n != len(doc.Findings) {
		t.Fatalf("%d rows visible before filtering, want all %d", n, len(doc.Findings))
	}
	checkAccessibility(t, ctx)

	// Severity filter: exactly the high findings remain.
	wantHigh := countSeverity(doc, "high")
	choose(t, ctx, "#filter-severity", "high")
	sev := visibleAttr("data-severity")
	if len(sev) != wantHigh || wantHigh == 0 {
		t.Errorf("severity=high shows %d rows, want %d", len(sev), wantHigh)
	}
	for _, s := range sev {
		if s != "high" {
			t.Errorf("severity=high shows a %s row", s)
		}
	}
	if got, want := countText(), fmt.Sprintf("%d of %d findings match", wantHigh, len(doc.Findings)); got != want {
		t.Errorf("count says %q after filtering, want %q", got, want)
	}

	// Adding an element filter narrows further, to the high findings
	// concerning the gateway (its own and its flows').
	wantGW := 0
	for _, s := range doc.Sections {
		if s.ID == "gateway" {
			for _, i := range append(append([]int{}, s.Findings...), s.FlowFindings...) {
				if doc.Findings[i].Severity == "high" {
					wantGW++
				}
			}
		}
	}
	choose(t, ctx, "#filter-element", "gateway")
	if n := visibleRows(t, ctx); n != wantGW {
		t.Errorf("severity=high, element=gateway shows %d rows, want %d", n, wantGW)
	}
	shot(t, ctx, "report-filtered.png", "#findings")

	// Search, after clearing the filters, matches row text.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.filters button[type="reset"]`)),
		chromedp.SendKeys(chromedp.CSS("#filter-search"), "firmware"),
	); err != nil {
		t.Fatal(err)
	}
	ids := visibleAttr("data-index")
	if len(ids) == 0 || len(ids) == len(doc.Findings) {
		t.Errorf("search 'firmware' shows %d of %d rows", len(ids), len(doc.Findings))
	}

	// Sorting by severity ascending puts the lowest first.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.filters button[type="reset"]`)),
		chromedp.Click(chromedp.CSS(`th[data-sort="rank"] button`)),
	); err != nil {
		t.Fatal(err)
	}
	ranks := visibleAttr("data-rank")
	if len(ranks) != len(doc.Findings) || ranks[0] > ranks[len(ranks)-1] {
		t.Errorf("ascending severity sort: first rank %v, last %v", ranks[0], ranks[len(ranks)-1])
	}

	// A compliance row's button filters the table to that provision.
	if err := chromedp.Do(ctx,
		// The compliance tables are laid out only when scrolled to
		// (content-visibility), which moves things while a synthetic
		// mouse click aims; a script click tests the same handler.
		jsClick(`button.show-findings[data-standard="etsi-en-303-645:5.5-1"]`),
	); err != nil {
		t.Fatal(err)
	}
	refs := visibleAttr("data-refs")
	if len(refs) == 0 {
		t.Error("ETSI 5.5-1 shows no findings")
	}
	for _, r := range refs {
		if !strings.Contains(" "+r+" ", " etsi-en-303-645:5.5-1 ") {
			t.Errorf("ETSI 5.5-1 filter shows a row citing %q", r)
		}
	}
	shot(t, ctx, "report-summary.png", "#summary")
	shot(t, ctx, "report-compliance.png", "#standard-etsi-en-303-645")

	// The attack paths: every step's finding link lands on its entry, and
	// the checklist says which paths a control breaks.
	const pathLinks = `(() => {
		const links = [...document.querySelectorAll('#attack-paths .steps a[href^="#finding-"]')];
		return {links: links.length, broken: links.filter(a => !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)))).map(a => a.textContent),
			breaks: document.querySelectorAll('.checklist .breaks li').length};
	})()`
	pl, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Links  int      `json:"links"`
		Broken []string `json:"broken"`
		Breaks int      `json:"breaks"`
	}](pathLinks))
	if err != nil {
		t.Fatal(err)
	}
	if pl.Links == 0 || len(pl.Broken) > 0 || pl.Breaks == 0 {
		t.Errorf("attack paths: %d finding links, broken %v; %d checklist notes on paths", pl.Links, pl.Broken, pl.Breaks)
	}
	shot(t, ctx, "report-attack-paths.png", "#attack-paths")
	shot(t, ctx, "report-checklist-paths.png", ".checklist > li:has(.breaks)")

	mu.Lock()
	defer mu.Unlock()
	for _, u := range requests {
		if u != "file://"+page {
			t.Errorf("the page requested %s; a report must not fetch anything", u)
		}
	}
	if len(pageErrors) > 0 {
		t.Errorf("script errors on the page: %v", pageErrors)
	}
}

// jsClick clicks an element from script.
func jsClick(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(document.querySelector(`+"`"+sel+"`"+`).click(), true)`)(ctx, t)
		return err
	})
}

// choose selects value in the drop-down sel and fires the change event a
// user's selection would.
func choose(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	change := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`document.querySelector("`+sel+`").dispatchEvent(new Event("change", {bubbles: true}))`)(ctx, t)
		return err
	})
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), value), change); err != nil {
		t.Fatal(err)
	}
}

// countSeverity counts the document's findings of one severity.
func countSeverity(doc *document.Document, severity string) int {
	n := 0
	for _, f := range doc.Findings {
		if f.Severity == severity {
			n++
		}
	}
	return n
}

// shot saves a screenshot of one element of the page, to the test's
// temporary directory or to $IOTTHREAT_SCREENSHOTS.
//
// Long sections are painted only near the viewport (content-visibility:
// auto), and an element screenshot reaches beyond it, so every section is
// painted first (sections above it change height when they are); a screenshot with hardly any ink on it is blank and
// fails the test.
func shot(t *testing.T, ctx context.Context, name, sel string) {
	t.Helper()
	paint := `new Promise(done => {
		const el = document.querySelector(` + "`" + sel + "`" + `);
		for (const e of document.querySelectorAll("*")) {
			if (getComputedStyle(e).contentVisibility === "auto") e.style.contentVisibility = "visible";
		}
		el.scrollIntoView();
		// Two frames, so the scrolled page is painted; a browser that
		// stops producing frames (a CI run once hung here for minutes)
		// moves on after a second instead.
		setTimeout(() => done(true), 1000);
		requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
	})`
	// Each step has its own bound, so a stall names the step and the
	// selector instead of using up the browser's whole life.
	step, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := chromedp.Run(step, chromedp.Evaluate[bool](paint, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("painting %s for a screenshot: %v", sel, err)
	}
	step, cancel = context.WithTimeout(ctx, time.Minute)
	defer cancel()
	png, err := chromedp.Run(step, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("screenshot of %s: %v", sel, err)
	}
	if share := doctest.InkShare(t, png); share < 0.01 {
		t.Errorf("screenshot of %s is blank (%.2f%% of its pixels are not background)", sel, 100*share)
	}
	dir := os.Getenv("IOTTHREAT_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// checkAccessibility runs axe-core, the accessibility rules engine, on
// the page (WCAG 2.1 A and AA rules) and fails on every violation. axe
// comes from npm (testdata/axe, installed by .ci/run); the test skips the
// check when it is missing, unless IOTTHREAT_REQUIRE_CHROMIUM=1.
func checkAccessibility(t *testing.T, ctx context.Context) {
	t.Helper()
	axe, err := os.ReadFile("testdata/axe/node_modules/axe-core/axe.min.js")
	if err != nil {
		if os.Getenv("IOTTHREAT_REQUIRE_CHROMIUM") == "1" {
			t.Fatalf("axe-core is required: %v (run npm ci in document/html/testdata/axe)", err)
		}
		t.Logf("accessibility check skipped: %v (run npm ci in document/html/testdata/axe)", err)
		return
	}
	// DevTools evaluation is not subject to the page's script policy, so
	// axe runs without weakening the report's Content-Security-Policy.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
		t.Fatal(err)
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		var where []string
		for i, n := range v.Nodes {
			if i == 3 {
				where = append(where, fmt.Sprintf("and %d more", len(v.Nodes)-3))
				break
			}
			where = append(where, strings.Join(n.Target, " "))
		}
		t.Errorf("accessibility: %s (%s, %s) at %s", v.ID, v.Impact, v.Help, strings.Join(where, "; "))
	}
}

// TestHTMLLargeTableInBrowser opens the report of a synthetic model with
// more findings than the table shows at first: the first tablePageSize
// rows show, "show more" and "show all" reveal the rest, and a filter
// counts every match, not only the rows on show.
func TestHTMLLargeTableInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	dir := t.TempDir()
	var model bytes.Buffer
	if err := synth.Generate(&model, synth.Options{Elements: 120, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	modelPath := filepath.Join(dir, "synthetic.yaml")
	if err := os.WriteFile(modelPath, model.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := doctest.Load(t, modelPath, document.Options{NoDiagram: true})
	total := len(doc.Findings)
	if total <= 2*tablePageSize {
		t.Fatalf("the synthetic model has %d findings; the test needs more than %d", total, 2*tablePageSize)
	}
	openPage(t, ctx, doc, "#filter-severity")
	if n := visibleRows(t, ctx); n != tablePageSize {
		t.Errorf("%d rows on show at first, want %d", n, tablePageSize)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-more-button]"))); err != nil {
		t.Fatal(err)
	}
	if n := visibleRows(t, ctx); n != 2*tablePageSize {
		t.Errorf("%d rows after show more, want %d", n, 2*tablePageSize)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-all-button]"))); err != nil {
		t.Fatal(err)
	}
	if n := visibleRows(t, ctx); n != total {
		t.Errorf("%d rows after show all, want %d", n, total)
	}
	// A filter starts again from one page and counts all its matches.
	medium := countSeverity(doc, "medium")
	choose(t, ctx, "#filter-severity", "medium")
	if n := visibleRows(t, ctx); n != min(medium, tablePageSize) {
		t.Errorf("%d medium rows on show, want %d", n, min(medium, tablePageSize))
	}
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#findings-count")))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%s of %s findings match", document.Thousands(medium), document.Thousands(total)); !strings.HasPrefix(count, want) {
		t.Errorf("count reads %q, want it to start %q", count, want)
	}
}
