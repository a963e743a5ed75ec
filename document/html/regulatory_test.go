package html

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/internal/outputtest"
)

// regulatoryExamples are the models every kind of document is checked
// on: the reference model (no controls, many gaps) and its hardened
// variant (few or none).
var regulatoryExamples = []string{"reference", "reference-hardened"}

// writeRegulatoryHTML renders a regulatory document and parses it back.
func writeRegulatoryHTML(t *testing.T, doc *regulatory.Document) (string, *xhtml.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteRegulatory(&buf, doc); err != nil {
		t.Fatal(err)
	}
	root, err := xhtml.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), root
}

// TestRegulatoryHTMLOutline compares each kind of document's structure on
// both examples with a golden outline (testdata/html/KIND-NAME.outline),
// as TestHTMLOutline does for the findings report; the outline also
// lists every status badge, so that a changed status shows in review.
func TestRegulatoryHTMLOutline(t *testing.T) {
	for _, kind := range regulatory.Kinds {
		for _, name := range regulatoryExamples {
			t.Run(kind+"/"+name, func(t *testing.T) {
				doc := doctest.Regulatory(t, doctest.Example(t, name+".yaml"), kind, regulatory.Options{})
				_, root := writeRegulatoryHTML(t, doc)
				got := outline(root) + badges(root)
				checkOutline(t, filepath.Join("testdata", "html", kind+"-"+name+".outline"), got)
			})
		}
	}
}

// badges lists, for each section with status badges, the id of the
// section and its badges' text in order.
func badges(root *xhtml.Node) string {
	var b strings.Builder
	var walk func(n *xhtml.Node, section string, out *[]string)
	walk = func(n *xhtml.Node, section string, out *[]string) {
		if n.Type == xhtml.ElementNode {
			if n.DataAtom == atom.Section && attr(n, "id") != "" {
				var own []string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c, attr(n, "id"), &own)
				}
				if len(own) > 0 {
					b.WriteString("badges #" + attr(n, "id") + ": " + strings.Join(own, " | ") + "\n")
				}
				return
			}
			if strings.HasPrefix(attr(n, "class"), "cov ") {
				*out = append(*out, collapse(text(n)))
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, section, out)
		}
	}
	var top []string
	walk(root, "", &top)
	return b.String()
}

// TestRegulatoryHTMLPromises checks, for every kind and example, what the
// page promises a reviewer: the disclaimer comes before anything else in
// the body's text, the summary has a row per standard or part, every
// status badge says its status in words, nothing is fetched, every
// in-page link lands, ids are unique and table headers have a scope.
func TestRegulatoryHTMLPromises(t *testing.T) {
	for _, kind := range regulatory.Kinds {
		for _, name := range regulatoryExamples {
			t.Run(kind+"/"+name, func(t *testing.T) {
				doc := doctest.Regulatory(t, doctest.Example(t, name+".yaml"), kind, regulatory.Options{})
				page, root := writeRegulatoryHTML(t, doc)
				for _, p := range pageProblems(page, root) {
					t.Error(p)
				}
				var body *xhtml.Node
				forEach(root, atom.Body, func(n *xhtml.Node) { body = n })
				bodyText := collapse(text(body))
				disc := strings.Index(bodyText, "Not a declaration of conformity")
				if disc < 0 || disc > 600 || !strings.Contains(bodyText, doc.Disclaimer) {
					t.Errorf("the disclaimer is not at the top of the page (at %d): %.300s", disc, bodyText)
				}
				if strings.Contains(page, "<script") {
					t.Error("the page has a script; it needs none")
				}
				if !strings.Contains(page, "script-src &#39;none&#39;") {
					t.Error("the policy does not forbid script")
				}
				rows := 0
				forEach(root, atom.Table, func(tb *xhtml.Node) {
					if attr(tb, "class") == "regulatory-summary" {
						forEach(tb, atom.Tbody, func(b *xhtml.Node) { forEach(b, atom.Tr, func(*xhtml.Node) { rows++ }) })
					}
				})
				if rows != len(doc.Summary) || rows == 0 {
					t.Errorf("summary table has %d rows, the document %d", rows, len(doc.Summary))
				}
				forEach(root, atom.Span, func(n *xhtml.Node) {
					if strings.HasPrefix(attr(n, "class"), "cov ") && strings.TrimSpace(text(n)) == "" {
						t.Errorf("a status badge without text: %q", attr(n, "class"))
					}
				})
				if kind == regulatory.CRA {
					for _, it := range doc.CRA.Items {
						if !strings.Contains(page, `id="item-`+it.ID+`"`) {
							t.Errorf("no section for Annex I item %s", it.ID)
						}
					}
					if !strings.Contains(page, `href="https://eur-lex.europa.eu/`) {
						t.Error("no link to EUR-Lex")
					}
				}
			})
		}
	}
}

// pageProblems lists what breaks the promises every page of this package
// makes: it fetches nothing, its in-page links land, ids are unique, and
// table headers say what they head.
func pageProblems(page string, root *xhtml.Node) []string {
	ids := map[string]int{}
	var links, problems []string
	forEachElement(root, func(n *xhtml.Node) {
		if id := attr(n, "id"); id != "" {
			ids[id]++
		}
		for _, a := range []string{"src", "srcset", "poster", "data", "action"} {
			if v := attr(n, a); v != "" {
				problems = append(problems, "<"+n.Data+" "+a+"="+v+"> would fetch")
			}
		}
		if n.DataAtom == atom.Link {
			problems = append(problems, "a <link> element")
		}
		if h := attr(n, "href"); n.DataAtom == atom.A && strings.HasPrefix(h, "#") {
			links = append(links, strings.ReplaceAll(h[1:], "%40", "@"))
		}
		if n.DataAtom == atom.Th && attr(n, "scope") == "" {
			problems = append(problems, "<th> "+collapse(text(n))+" without scope")
		}
	})
	for id, n := range ids {
		if n > 1 {
			problems = append(problems, "id "+id+" used more than once")
		}
	}
	for _, l := range links {
		if ids[l] == 0 {
			problems = append(problems, "link to #"+l+" lands nowhere")
		}
	}
	if strings.Contains(page, "url(") || strings.Contains(page, "@import") {
		problems = append(problems, "the page references an external resource")
	}
	if !strings.Contains(page, `http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`) {
		problems = append(problems, "no restrictive Content-Security-Policy")
	}
	return problems
}

func forEachElement(n *xhtml.Node, f func(*xhtml.Node)) {
	if n.Type == xhtml.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		forEachElement(c, f)
	}
}

// TestRegulatoryHTMLProductMissing: a model without a product block gets
// a page that names every fact it lacks; the hardened example states
// them, and its page shows them instead.
func TestRegulatoryHTMLProductMissing(t *testing.T) {
	doc := doctest.Regulatory(t, doctest.Example(t, "reference.yaml"), regulatory.CRA, regulatory.Options{NoDiagram: true})
	page, _ := writeRegulatoryHTML(t, doc)
	if len(doc.ProductMissing) == 0 {
		t.Fatal("the reference example states every product fact; this test needs one that does not")
	}
	for _, k := range doc.ProductMissing {
		if !strings.Contains(page, "<code>"+k+"</code>") {
			t.Errorf("the missing fact %s is not named", k)
		}
	}
	if !strings.Contains(page, "Product facts missing") || !strings.Contains(page, doc.Architecture.DiagramNote) {
		t.Error("no note of the missing product facts, or of the missing diagram")
	}
}

// TestRegulatoryHTMLEscapes feeds a hostile system name, and a triage
// reason with a right-to-left override, through every kind of document:
// the name comes out as text, never markup, and the override shows as
// <U+202E>, as regulatory.New reveals it.
func TestRegulatoryHTMLEscapes(t *testing.T) {
	src, err := os.ReadFile(doctest.Example(t, "reference.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := strings.Replace(string(src), "name: Acme Connected Product", "name: \"<script>alert(1)</script> & <b>hub</b> \u202egnp.exe\"", 1)
	if hostile == string(src) {
		t.Fatal("the example's system name changed; update this test")
	}
	path := filepath.Join(t.TempDir(), "hostile.yaml")
	if err := os.WriteFile(path, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, kind := range regulatory.Kinds {
		doc := doctest.Regulatory(t, path, kind, regulatory.Options{NoDiagram: true})
		page, root := writeRegulatoryHTML(t, doc)
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<b>hub</b>") || strings.Contains(page, "\u202e") {
			t.Errorf("%s: a model name came out as markup, or with its override", kind)
		}
		var lede string
		forEach(root, atom.P, func(n *xhtml.Node) {
			if attr(n, "class") == "lede" {
				lede = text(n)
			}
		})
		if want := "<script>alert(1)</script> & <b>hub</b> <U+202E>gnp.exe"; lede != want {
			t.Errorf("%s: the system name reads %q, want %q", kind, lede, want)
		}
	}
}

// TestRegulatoryHTMLLarge writes every kind of document for a synthetic
// model of 1,000 elements: it must neither take long nor grow past what
// a browser opens.
func TestRegulatoryHTMLLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large model")
	}
	res := outputtest.Synthetic(t, 1000)
	for _, kind := range regulatory.Kinds {
		doc, err := regulatory.New(res.Model, res.Report, kind, regulatory.Options{Date: "2026-01-15", Version: "bench", NoDiagram: true})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		start := time.Now()
		if err := WriteRegulatory(&buf, doc); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		t.Logf("%s: %d findings: %d bytes in %v", kind, len(doc.Findings), buf.Len(), took)
		if limit := 10 * time.Second; took > limit {
			t.Errorf("%s took %v, more than %v", kind, took, limit)
		}
		if limit := 5 << 20; buf.Len() > limit {
			t.Errorf("%s: %d bytes, more than %d", kind, buf.Len(), limit)
		}
		if kind == regulatory.EN18031 && !strings.Contains(buf.String(), fmt.Sprintf("writes out the first %d of", regulatory.MaxShownAssets)) {
			t.Error("no note says that assets were left out")
		}
	}
}

// TestRegulatoryHTMLProductStated: a model that states its product facts
// and justifies an item as not applicable gets a page that shows the
// facts, no note of missing ones, and the justification in the item.
func TestRegulatoryHTMLProductStated(t *testing.T) {
	doc := doctest.Regulatory(t, doctest.WithProduct(t), regulatory.CRA, regulatory.Options{NoDiagram: true})
	page, root := writeRegulatoryHTML(t, doc)
	for _, s := range []string{"security@acme.example", "2031-12-31", "important-class-i", "https://acme.example/sbom/sensor.cdx.json"} {
		if !strings.Contains(page, s) {
			t.Errorf("the product fact %q is not shown", s)
		}
	}
	if strings.Contains(page, "Product facts missing") {
		t.Error("a note of missing product facts, though the model states them all")
	}
	var item string
	forEach(root, atom.Section, func(n *xhtml.Node) {
		if attr(n, "id") == "item-I-2i" {
			item = collapse(text(n))
		}
	})
	if !strings.Contains(item, "not applicable") || !strings.Contains(item, "cannot be made to send to others") {
		t.Errorf("item I-2i does not say it is not applicable and why: %q", item)
	}
}
