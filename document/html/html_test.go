package html

import (
	"bytes"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

var updateHTML = flag.Bool("update-html", false, "rewrite the HTML outline golden files")

// writeHTML renders a document's HTML report and parses it back.
func writeHTML(t *testing.T, doc *document.Document) (string, *xhtml.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	root, err := xhtml.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), root
}

// TestHTMLOutline compares the report's structure — headings, sections,
// table sizes, filter options, finding anchors — with a golden outline, so
// that a change in what the report holds shows in review without pinning
// every byte of markup and style.
func TestHTMLOutline(t *testing.T) {
	for _, name := range []string{"reference", "reference-hardened", "smart-home"} {
		t.Run(name, func(t *testing.T) {
			doc := doctest.Load(t, doctest.Example(t, name+".yaml"), document.Options{})
			_, root := writeHTML(t, doc)
			got := outline(root)
			checkOutline(t, filepath.Join("testdata", "html", name+".outline"), got)
		})
	}
}

// checkOutline compares a page's outline with its golden file, and
// rewrites the file under -update-html.
func checkOutline(t *testing.T, golden, got string) {
	t.Helper()
	if *updateHTML {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./document/html -update-html)", err)
	}
	if got != string(want) {
		t.Errorf("outline differs from %s (run go test ./document/html -update-html and review the diff):\n%s", golden, outputtest.FirstDiff(string(want), got))
	}
}

// outline lists the parts of the page that say what it holds.
func outline(root *xhtml.Node) string {
	var b strings.Builder
	var walk func(n *xhtml.Node, depth int)
	walk = func(n *xhtml.Node, depth int) {
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4:
				fmt.Fprintf(&b, "%s%s %s\n", strings.Repeat("  ", depth), n.Data, collapse(text(n)))
			case atom.Section, atom.Article:
				if id := attr(n, "id"); id != "" && n.DataAtom == atom.Section {
					fmt.Fprintf(&b, "%ssection #%s\n", strings.Repeat("  ", depth), id)
					depth++
				}
				if n.DataAtom == atom.Article {
					fmt.Fprintf(&b, "%sarticle #%s\n", strings.Repeat("  ", depth), attr(n, "id"))
					return
				}
			case atom.Table:
				rows := 0
				forEach(n, atom.Tr, func(*xhtml.Node) { rows++ })
				fmt.Fprintf(&b, "%stable .%s #%s: %d rows\n", strings.Repeat("  ", depth), attr(n, "class"), attr(n, "id"), rows)
				return
			case atom.Select:
				var opts []string
				forEach(n, atom.Option, func(o *xhtml.Node) { opts = append(opts, optionValue(o)) })
				fmt.Fprintf(&b, "%sselect #%s: %s\n", strings.Repeat("  ", depth), attr(n, "id"), strings.Join(opts, " | "))
				return
			case atom.Svg:
				fmt.Fprintf(&b, "%ssvg %s\n", strings.Repeat("  ", depth), attr(n, "role"))
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth)
		}
	}
	walk(root, 0)
	return b.String()
}

// TestHTMLSelfContained checks the promises the page makes: it fetches
// nothing, its script is the one its policy allows, every in-page link
// lands, ids are unique, and form fields are labelled.
func TestHTMLSelfContained(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference-hardened.yaml"), document.Options{})
	page, root := writeHTML(t, doc)
	ids := map[string]int{}
	var links []string
	var problems []string
	var walk func(n *xhtml.Node, inLabel bool)
	walk = func(n *xhtml.Node, inLabel bool) {
		if n.Type == xhtml.ElementNode {
			if id := attr(n, "id"); id != "" {
				ids[id]++
			}
			for _, a := range []string{"src", "srcset", "poster", "data", "action"} {
				if v := attr(n, a); v != "" {
					problems = append(problems, fmt.Sprintf("<%s %s=%q> would fetch", n.Data, a, v))
				}
			}
			if n.DataAtom == atom.Link {
				problems = append(problems, "a <link> element")
			}
			if n.DataAtom == atom.A {
				if h := attr(n, "href"); strings.HasPrefix(h, "#") {
					// html/template writes @ as %40; browsers decode
					// fragments before looking for the id.
					frag, err := url.PathUnescape(h[1:])
					if err != nil {
						problems = append(problems, fmt.Sprintf("bad link %q", h))
					}
					links = append(links, frag)
				}
			}
			if (n.DataAtom == atom.Select || n.DataAtom == atom.Input) && !inLabel {
				problems = append(problems, fmt.Sprintf("<%s id=%q> has no label", n.Data, attr(n, "id")))
			}
			if n.DataAtom == atom.Th && attr(n, "scope") == "" {
				problems = append(problems, fmt.Sprintf("<th> %q without scope", collapse(text(n))))
			}
			inLabel = inLabel || n.DataAtom == atom.Label
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(root, false)
	for id, n := range ids {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("id %q used %d times", id, n))
		}
	}
	for _, l := range links {
		if ids[l] == 0 {
			problems = append(problems, fmt.Sprintf("link to #%s lands nowhere", l))
		}
	}
	if regexp.MustCompile(`url\(|@import|https?://[^"]*\.(js|css|woff2?|png|svg)`).MatchString(page) {
		problems = append(problems, "the page references an external resource")
	}
	if !strings.Contains(page, `http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`) {
		problems = append(problems, "no restrictive Content-Security-Policy")
	}
	for _, p := range problems {
		t.Error(p)
	}
	// The hardened example declares its controls: the report shows them
	// as evidence, and no provision it cites has a gap.
	if !strings.Contains(page, `class="done"`) {
		t.Error("no declared control in the checklist of the hardened example")
	}
	if strings.Contains(page, `class="cov cov-gap"`) {
		t.Error("the hardened example shows a compliance gap")
	}
}

// TestHTMLEscapes feeds hostile names through the report: they must come
// out as text, never as markup or script.
func TestHTMLEscapes(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(doctest.Example(t, "reference.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := strings.Replace(string(src), "name: Acme Connected Product", `name: "<script>alert(1)</script> & \"Müller's\" <b>hub</b>"`, 1)
	if hostile == string(src) {
		t.Fatal("the example's system name changed; update this test")
	}
	path := filepath.Join(dir, "hostile.yaml")
	if err := os.WriteFile(path, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := doctest.Load(t, path, document.Options{})
	page, root := writeHTML(t, doc)
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<b>hub</b>") {
		t.Error("a model name came out as markup")
	}
	scripts := 0
	forEach(root, atom.Script, func(*xhtml.Node) { scripts++ })
	if scripts != 1 {
		t.Errorf("%d script elements, want the report's own one", scripts)
	}
	var title string
	forEach(root, atom.H1, func(n *xhtml.Node) { title = text(n) })
	if title != `<script>alert(1)</script> & "Müller's" <b>hub</b>` {
		t.Errorf("h1 reads %q", title)
	}
}

// TestHTMLWithoutDiagram: a document without a diagram says why.
func TestHTMLWithoutDiagram(t *testing.T) {
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true})
	page, root := writeHTML(t, doc)
	svgs := 0
	forEach(root, atom.Svg, func(*xhtml.Node) { svgs++ })
	if svgs != 0 || !strings.Contains(page, "left out of this report") {
		t.Errorf("%d svg elements; note present: %v", svgs, strings.Contains(page, "left out"))
	}
}

// TestHTMLDetailed: the page writes out only the findings the document
// details (Document.Detailed), links only to them, and says so.
func TestHTMLDetailed(t *testing.T) {
	capped := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: 10})
	page, _ := writeHTML(t, capped)
	if n := strings.Count(page, `<article class="finding"`); n != 10 {
		t.Errorf("%d finding articles, want 10", n)
	}
	last := capped.Findings[len(capped.Findings)-1].ID
	if strings.Contains(page, `href="#finding-`+strings.ReplaceAll(last, "@", "%40")+`"`) {
		t.Errorf("a link to %s, which is not written out", last)
	}
	if !strings.Contains(page, fmt.Sprintf("the 10 most severe of %d findings", len(capped.Findings))) {
		t.Error("no note in the HTML")
	}
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func optionValue(o *xhtml.Node) string {
	for _, a := range o.Attr {
		if a.Key == "value" {
			return a.Val
		}
	}
	return text(o)
}

func text(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func forEach(n *xhtml.Node, a atom.Atom, f func(*xhtml.Node)) {
	if n.Type == xhtml.ElementNode && n.DataAtom == a {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		forEach(c, a, f)
	}
}
