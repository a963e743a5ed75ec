package html

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/render"
)

//go:embed assets
var htmlAssets embed.FS

// htmlFuncs are the functions the template calls. The finding* ones
// write the parts of the page repeated per finding (html_finding.go).
var htmlFuncs = template.FuncMap{
	"join":           strings.Join,
	"upper":          strings.ToUpper,
	"count":          document.Count,
	"inc":            func(i int) int { return i + 1 },
	"pct":            pct,
	"stdShort":       stdShort,
	"findingRows":    findingRows,
	"findingEntries": findingEntries,
	"findingLinks":   findingLinks,
	"pathCount":      pathCount,
}

// htmlTemplate is parsed once, on first use: the assets are fixed at
// build time, and parsing them at start-up cost every command, even
// `version`, about 2 ms (docs/performance.md, "Start-up").
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report.html.tmpl").Funcs(htmlFuncs).ParseFS(htmlAssets, "assets/report.html.tmpl", "assets/page.html.tmpl"))
})

// Write writes the document as one self-contained page: the stylesheet,
// script and diagram are inline and its Content-Security-Policy forbids
// every request, so it opens offline, from an e-mail attachment or an
// artefact store, and cannot leak that it was opened. It works without
// script too: the filters are the only thing script adds.
func Write(w io.Writer, d *document.Document) error {
	v, err := newHTMLView(d)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := htmlTemplate().Execute(bw, v); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return bw.Flush()
}

// tablePageSize is how many rows the HTML findings table shows at first,
// and adds per "show more". Browsers lay out a table of ten thousand rows
// in seconds, so a large model's page would open slowly; with script off,
// every row shows.
const tablePageSize = 500

// htmlView is the document arranged for the template.
type htmlView struct {
	D        *document.Document
	Head     pageHead
	JS       template.JS
	Headline string
	Diagram  template.HTML

	SeverityBars []bar
	StatusBars   []bar
	StrideBars   []bar

	Rows      []findingRow
	PageSize  int // rows the findings table shows before "show more"
	Filters   filters
	Sections  []sectionView
	Checklist []checkView
	Unguided  []findingRef
	Standards []standardView
	// Linkable are the findings of the attack paths that have an anchor.
	Linkable map[string]bool
}

// bar is one bar of a summary chart: Value out of Max.
type bar struct {
	Label string
	Class string
	Value int
	Total int
	Max   int
}

// findingRow is a finding with the data the filters match on.
type findingRow struct {
	F          *engine.Finding
	Detailed   bool   // written out in full, so linkable
	Rank       int    // severity rank, the sort key
	Open       bool   // open or in progress
	Elements   string // ids of the elements it concerns, space-separated
	Categories string // STRIDE and LINDDUN categories, space-separated
	Refs       string // standard:provision tokens, ancestors included
}

type option struct{ Value, Label string }

type optionGroup struct {
	Label   string
	Options []option
}

type filters struct {
	Severities []string
	Statuses   []string
	Categories []optionGroup
	Elements   []option
	Standards  []optionGroup
}

// sectionView is an element section; each finding is written out in full
// once, in the first section it belongs to, and linked from the others.
type sectionView struct {
	document.Section
	Own   []sectionEntry
	Flows []sectionEntry
	More  int // findings not written out in full (Document.Detailed), only counted
}

type sectionEntry struct {
	Row  *findingRow
	Full bool
}

type findingRef struct {
	F        *engine.Finding
	Detailed bool // written out in full, so linkable
}

type checkView struct {
	document.ChecklistItem
	Findings []findingRef
}

type standardView struct {
	compliance.Standard
	Total int // provisions counted (compliance.Standard.Counts)
	Items []itemView
}

type itemView struct {
	compliance.Item
	Token    string // the filter value for its findings
	Depth    int
	Group    bool // it has sub-provisions: shown as a heading row
	Controls []controlLink
}

// controlLink names a control, linking to its checklist entry when it has
// one (a declared control that mitigates no finding has none).
type controlLink struct {
	ID, Name string
	Linked   bool
}

func newHTMLView(d *document.Document) (*htmlView, error) {
	css, err := htmlAssets.ReadFile("assets/report.css")
	if err != nil {
		return nil, err
	}
	js, err := htmlAssets.ReadFile("assets/report.js")
	if err != nil {
		return nil, err
	}
	v := &htmlView{
		D:        d,
		Head:     newPageHead("Threat model: "+d.System.Name, d.Version, js, css),
		JS:       template.JS(js),
		Headline: d.Headline(),
		PageSize: tablePageSize,
	}
	if d.DiagramSVG != nil {
		v.Diagram = template.HTML(inlineSVG(d.DiagramSVG))
	}
	v.summaryBars()
	v.rows()
	v.sections()
	v.checklist()
	v.standards()
	v.pathLinks()
	return v, nil
}

// htmlPalette gives report.css the severity colours of the diagram, the
// PDF and the workbook (render.SeverityColors) as custom properties:
// --sev-<severity> is the border and --sev-<severity>-bg the fill, for
// every severity, worst first, and "none" (nothing open). The colours are
// defined once, in render; report.css only refers to them. It is inline
// style like report.css, which the page's policy allows.
var htmlPalette = func() template.CSS {
	var b strings.Builder
	b.WriteString(":root {")
	for _, sev := range append(document.WorstFirst(), "none") {
		if fill, border, ok := render.SeverityColors(sev); ok {
			fmt.Fprintf(&b, " --sev-%s: %s; --sev-%s-bg: %s;", sev, border, sev, fill)
		}
	}
	b.WriteString(" }\n")
	return template.CSS(b.String())
}()

// pageHead is what the shared head of every page (assets/page.html.tmpl)
// shows: the title, the generator's version, the policy and the style.
type pageHead struct {
	Title, Version, CSP string
	Style               template.CSS
}

// newPageHead is the head of a page whose style is the palette followed
// by the stylesheets, in order, and whose only script is js (nil: none).
func newPageHead(title, version string, js []byte, css ...[]byte) pageHead {
	style := string(htmlPalette)
	for _, c := range css {
		style += string(c)
	}
	return pageHead{Title: title, Version: version, CSP: contentSecurityPolicy(js), Style: template.CSS(style)}
}

// contentSecurityPolicy allows the page's own inline style and exactly
// its own script (by hash), and nothing else: no fetches, no images from
// anywhere, no forms. A page without script (js nil) may run none.
func contentSecurityPolicy(js []byte) string {
	if js == nil {
		return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'"
	}
	sum := sha256.Sum256(js)
	return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}

// svgProlog matches what precedes the <svg> element in Graphviz output
// (XML declaration, doctype, comments): inline SVG in HTML starts at <svg.
var svgProlog = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)

func inlineSVG(svg []byte) string {
	s := svgProlog.ReplaceAllString(string(svg), "$1")
	// The diagram is labelled for screen readers by the figure caption.
	return strings.Replace(s, "<svg ", `<svg role="img" aria-labelledby="diagram-caption" `, 1)
}

// anchor is the fragment id of a finding's full entry. Finding ids are
// rule ids and model ids joined by @, all of them [A-Za-z0-9._@-].
func anchor(id string) string { return "finding-" + id }

func pct(n, of int) string {
	if of == 0 {
		return "0"
	}
	return fmt.Sprintf("%.1f", 100*float64(n)/float64(of))
}

// stdShort is the short name of a standard for compact labels.
func stdShort(id string) string {
	switch id {
	case "etsi-en-303-645":
		return "ETSI"
	case "owasp-iot-2018":
		return "OWASP"
	case "nistir-8259a":
		return "NISTIR"
	case "owasp-isvs":
		return "ISVS"
	}
	return id
}
