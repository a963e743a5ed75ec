package render

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iotthreat/iotthreat/internal/browsertest"
)

// Browsers drop the leading space of a <text> unless told to keep it, and
// Graphviz starts each run after the first of a mixed-font label with one:
// a flow's label read "https(tls) firmware-image". The test counts, in
// real Chromium, the characters it lays out in every text that starts with
// a space, in the SVG opened on its own and inside an HTML page as the
// report embeds it.
func TestSVGTextKeepsSpacesInBrowser(t *testing.T) {
	l := load(t, "../examples/reference.yaml")
	var svg bytes.Buffer
	if err := SVG(&svg, l, analyse(t, l), Options{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	html := append([]byte("<!DOCTYPE html><html><body>"), svg.Bytes()[bytes.Index(svg.Bytes(), []byte("<svg")):]...)
	if err := os.WriteFile(page, append(html, "</body></html>"...), 0o600); err != nil {
		t.Fatal(err)
	}
	// Each text starting with a space reports its content's length and the
	// characters the browser laid out; they differ when the space went.
	const check = `(() => {
		const lost = [];
		let spaced = 0;
		for (const el of document.querySelectorAll('text')) {
			const s = el.textContent;
			if (!/^[ \u00a0]/.test(s)) continue;
			spaced++;
			if (el.getNumberOfChars() !== s.length) lost.push(JSON.stringify(s));
		}
		return {spaced, lost};
	})()`
	ctx := browsertest.Start(t)
	for name, url := range map[string]string{
		"standalone": "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg.Bytes()),
		"in HTML":    "file://" + page,
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[spacedTexts](check))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Spaced < 10 {
			t.Errorf("%s: only %d texts start with a space; the reference diagram's flow labels should", name, res.Spaced)
		}
		if len(res.Lost) > 0 {
			t.Errorf("%s: %d of %d texts lost their leading space, e.g. %s", name, len(res.Lost), res.Spaced, res.Lost[0])
		}
	}
}

// spacedTexts is what the page's check returns.
type spacedTexts struct {
	Spaced int      `json:"spaced"`
	Lost   []string `json:"lost"`
}
