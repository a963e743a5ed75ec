package html

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/internal/browsertest"
	"github.com/iotthreat/iotthreat/render"
)

// htmlSeverities are the severities the HTML report colours: the levels,
// worst first, and "none" (nothing open).
func htmlSeverities() []string { return append(document.WorstFirst(), "none") }

// TestHTMLSeverityColors checks that the page gives each severity the
// colours of render.SeverityColors, and that report.css does not give
// them its own: the palette is defined in one place.
func TestHTMLSeverityColors(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	_, root := writeHTML(t, doc)
	var style string
	forEach(root, atom.Style, func(n *xhtml.Node) {
		if style == "" {
			style = text(n)
		}
	})
	defined := map[string]string{}
	for _, m := range regexp.MustCompile(`(--sev-[a-z-]+):\s*([^;}]+)`).FindAllStringSubmatch(style, -1) {
		if _, dup := defined[m[1]]; dup {
			t.Errorf("%s is defined twice", m[1])
		}
		defined[m[1]] = strings.TrimSpace(m[2])
	}
	for _, sev := range htmlSeverities() {
		fill, border, ok := render.SeverityColors(sev)
		if !ok {
			t.Fatalf("render has no colours for %q", sev)
		}
		if got := defined["--sev-"+sev]; got != border {
			t.Errorf("--sev-%s is %q, render.SeverityColors says %q", sev, got, border)
		}
		if got := defined["--sev-"+sev+"-bg"]; got != fill {
			t.Errorf("--sev-%s-bg is %q, render.SeverityColors says %q", sev, got, fill)
		}
	}

	css, err := os.ReadFile("assets/report.css")
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.ToLower(string(css))
	for _, sev := range htmlSeverities() {
		fill, border, _ := render.SeverityColors(sev)
		for _, c := range []string{fill, border} {
			if strings.Contains(lower, strings.ToLower(c)) {
				t.Errorf("report.css spells out %s, a colour of severity %s: use var(--sev-%s…)", c, sev, sev)
			}
		}
	}
	if m := regexp.MustCompile(`--sev-[a-z-]+\s*:`).FindString(lower); m != "" {
		t.Errorf("report.css defines %s; the palette comes from render.SeverityColors", m)
	}
	for _, m := range regexp.MustCompile(`var\((--sev-[a-z-]+)\)`).FindAllStringSubmatch(lower, -1) {
		if _, ok := defined[m[1]]; !ok {
			t.Errorf("report.css uses %s, which the palette does not define", m[1])
		}
	}
}

// TestHTMLSeverityColorsInBrowser checks what Chromium paints: a severity
// badge has the fill and border of render.SeverityColors, and a severity
// bar the border colour, whatever report.css does with the variables.
// It saves a screenshot of the summary as html-palette.png.
func TestHTMLSeverityColorsInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{})
	openPage(t, ctx, doc, "#summary")
	// DevTools evaluation is not subject to the page's script policy.
	const probe = `((cls) => {
		const e = document.createElement("span");
		e.className = cls;
		document.body.appendChild(e);
		const s = getComputedStyle(e);
		const out = [s.backgroundColor, s.borderTopColor];
		e.remove();
		return out;
	})`
	for _, sev := range htmlSeverities() {
		fill, border, _ := render.SeverityColors(sev)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](probe+`("badge sev-`+sev+`")`))
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != cssRGB(t, fill) || got[1] != cssRGB(t, border) {
			t.Errorf("badge sev-%s painted %s on %s, want border %s (%s) on fill %s (%s)",
				sev, got[1], got[0], cssRGB(t, border), border, cssRGB(t, fill), fill)
		}
		if sev == "none" {
			continue
		}
		got, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](probe+`("bar value sev-`+sev+`")`))
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != cssRGB(t, border) {
			t.Errorf("bar sev-%s painted %s, want %s (%s)", sev, got[0], cssRGB(t, border), border)
		}
	}
	shot(t, ctx, "html-palette.png", "#summary")
}

// cssRGB spells "#rrggbb" as a browser's computed style does.
func cssRGB(t *testing.T, hex string) string {
	t.Helper()
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		t.Fatalf("colour %q: %v", hex, err)
	}
	return fmt.Sprintf("rgb(%d, %d, %d)", r, g, b)
}
