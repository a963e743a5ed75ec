package report

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
)

//go:embed htmlassets
var htmlAssets embed.FS

// htmlTemplate is parsed once; the assets are fixed at build time.
var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"join":     strings.Join,
	"upper":    strings.ToUpper,
	"refs":     references,
	"anchor":   anchor,
	"count":    count,
	"inc":      func(i int) int { return i + 1 },
	"pct":      pct,
	"stdShort": stdShort,
}).ParseFS(htmlAssets, "htmlassets/report.html.tmpl"))

// HTML writes the report as one self-contained page: the stylesheet,
// script and diagram are inline and its Content-Security-Policy forbids
// every request, so it opens offline, from an e-mail attachment or an
// artefact store, and cannot leak that it was opened. It works without
// script too: the filters are the only thing script adds.
func HTML(w io.Writer, d *Document) error {
	v, err := newHTMLView(d)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := htmlTemplate.Execute(bw, v); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return bw.Flush()
}

// TablePageSize is how many rows the HTML findings table shows at first,
// and adds per "show more". Browsers lay out a table of ten thousand rows
// in seconds, so a large model's page would open slowly; with script off,
// every row shows.
const TablePageSize = 500

// htmlView is the document arranged for the template.
type htmlView struct {
	D        *Document
	CSS      template.CSS
	JS       template.JS
	CSP      string
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
	Section
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
	ChecklistItem
	Findings []findingRef
}

type standardView struct {
	compliance.Standard
	Total int // leaf provisions
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

func newHTMLView(d *Document) (*htmlView, error) {
	css, err := htmlAssets.ReadFile("htmlassets/report.css")
	if err != nil {
		return nil, err
	}
	js, err := htmlAssets.ReadFile("htmlassets/report.js")
	if err != nil {
		return nil, err
	}
	v := &htmlView{
		D:        d,
		CSS:      template.CSS(css),
		JS:       template.JS(js),
		CSP:      contentSecurityPolicy(js),
		Headline: headline(d),
		PageSize: TablePageSize,
	}
	if d.DiagramSVG != nil {
		v.Diagram = template.HTML(inlineSVG(d.DiagramSVG))
	}
	v.summaryBars()
	v.rows()
	v.sections()
	v.checklist()
	v.standards()
	return v, nil
}

// contentSecurityPolicy allows the page's own inline style and exactly
// its own script (by hash), and nothing else: no fetches, no images from
// anywhere, no forms.
func contentSecurityPolicy(js []byte) string {
	sum := sha256.Sum256(js)
	return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}

func (v *htmlView) summaryBars() {
	d := v.D
	maxTotal := 0
	for _, l := range engine.Levels {
		if t := sum(d.Matrix[l]); t > maxTotal {
			maxTotal = t
		}
	}
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		l := engine.Levels[i]
		v.SeverityBars = append(v.SeverityBars, bar{
			Label: l, Class: "sev-" + l, Value: d.Matrix[l]["open"] + d.Matrix[l]["in-progress"],
			Total: sum(d.Matrix[l]), Max: maxTotal,
		})
	}
	for _, st := range engine.Statuses {
		v.StatusBars = append(v.StatusBars, bar{Label: st, Class: "st-" + st, Value: d.Summary.ByStatus[st], Max: d.Summary.Total})
	}
	maxStride := 0
	for _, n := range d.ByStride {
		maxStride = max(maxStride, n)
	}
	for _, c := range strideOrder {
		v.StrideBars = append(v.StrideBars, bar{Label: c, Class: "stride", Value: d.ByStride[c], Max: maxStride})
	}
}

// strideOrder is the order STRIDE is spelt in.
var strideOrder = []string{"spoofing", "tampering", "repudiation", "information-disclosure", "denial-of-service", "elevation-of-privilege"}

func sum(m map[string]int) int {
	t := 0
	for _, n := range m {
		t += n
	}
	return t
}

func (v *htmlView) rows() {
	d := v.D
	elementsOf := map[int][]string{}
	for _, s := range d.Sections {
		if s.ID == "" {
			continue
		}
		for _, i := range s.Findings {
			elementsOf[i] = append(elementsOf[i], s.ID)
		}
		for _, i := range s.FlowFindings {
			elementsOf[i] = append(elementsOf[i], s.ID)
		}
	}
	parents := map[string]map[string]string{}
	for _, std := range d.Compliance.Standards {
		p := map[string]string{}
		for _, it := range std.Items {
			p[it.ID] = it.Parent
		}
		parents[std.ID] = p
	}
	cats := map[string]bool{}
	refCount := map[string]bool{}
	v.Rows = make([]findingRow, len(d.Findings))
	for i := range d.Findings {
		f := &d.Findings[i]
		var refs []string
		for _, std := range d.Compliance.Standards {
			for _, id := range compliance.FindingRefs(std.ID, f) {
				for id != "" {
					tok := std.ID + ":" + id
					if !slices.Contains(refs, tok) {
						refs = append(refs, tok)
						refCount[tok] = true
					}
					id = parents[std.ID][id]
				}
			}
		}
		categories := append(append([]string{}, f.STRIDE...), f.LINDDUN...)
		for _, c := range categories {
			cats[c] = true
		}
		v.Rows[i] = findingRow{
			F: f, Detailed: i < d.Detailed, Rank: engine.LevelRank(f.Severity), Open: compliance.IsOpen(f),
			Elements: strings.Join(elementsOf[i], " "), Categories: strings.Join(categories, " "),
			Refs: strings.Join(refs, " "),
		}
	}
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		v.Filters.Severities = append(v.Filters.Severities, engine.Levels[i])
	}
	v.Filters.Statuses = engine.Statuses
	stride := optionGroup{Label: "STRIDE"}
	for _, c := range strideOrder {
		if cats[c] {
			stride.Options = append(stride.Options, option{c, c})
			delete(cats, c)
		}
	}
	linddun := optionGroup{Label: "LINDDUN"}
	for _, c := range sortedKeys(cats) {
		linddun.Options = append(linddun.Options, option{c, c})
	}
	for _, g := range []optionGroup{stride, linddun} {
		if len(g.Options) > 0 {
			v.Filters.Categories = append(v.Filters.Categories, g)
		}
	}
	for _, s := range d.Sections {
		if s.ID != "" && len(s.Findings)+len(s.FlowFindings) > 0 {
			v.Filters.Elements = append(v.Filters.Elements, option{s.ID, s.Name + " (" + s.ID + ")"})
		}
	}
	for _, std := range d.Compliance.Standards {
		g := optionGroup{Label: std.Name}
		for _, it := range std.Items {
			tok := std.ID + ":" + it.ID
			if refCount[tok] {
				g.Options = append(g.Options, option{tok, stdShort(std.ID) + " " + it.ID + " " + it.Title})
			}
		}
		if len(g.Options) > 0 {
			v.Filters.Standards = append(v.Filters.Standards, g)
		}
	}
}

func (v *htmlView) sections() {
	written := map[int]bool{}
	for _, s := range v.D.Sections {
		if len(s.Findings)+len(s.FlowFindings) == 0 {
			continue
		}
		sv := sectionView{Section: s}
		// Findings beyond the detailed ones are only counted here; the
		// findings table lists them, filtered by element.
		entries := func(idx []int) []sectionEntry {
			var out []sectionEntry
			for _, i := range idx {
				if !v.Rows[i].Detailed {
					sv.More++
					continue
				}
				out = append(out, sectionEntry{Row: &v.Rows[i], Full: !written[i]})
				written[i] = true
			}
			return out
		}
		sv.Own, sv.Flows = entries(s.Findings), entries(s.FlowFindings)
		v.Sections = append(v.Sections, sv)
	}
}

func (v *htmlView) checklist() {
	refs := func(idx []int) []findingRef {
		out := make([]findingRef, len(idx))
		for k, i := range idx {
			out[k] = findingRef{F: &v.D.Findings[i], Detailed: i < v.D.Detailed}
		}
		return out
	}
	for _, it := range v.D.Checklist {
		v.Checklist = append(v.Checklist, checkView{ChecklistItem: it, Findings: refs(it.Findings)})
	}
	v.Unguided = refs(v.D.Unguided)
}

func (v *htmlView) standards() {
	listed := map[string]bool{}
	for _, c := range v.D.Checklist {
		listed[c.ID] = true
	}
	for _, std := range v.D.Compliance.Standards {
		sv := standardView{Standard: std}
		groups := map[string]bool{}
		for _, it := range std.Items {
			groups[it.Parent] = true
		}
		for _, n := range std.Counts {
			sv.Total += n
		}
		for _, it := range std.Items {
			depth := 0
			if it.Parent != "" {
				depth = 1
			}
			iv := itemView{Item: it, Token: std.ID + ":" + it.ID, Depth: depth, Group: groups[it.ID]}
			for _, c := range it.Controls {
				iv.Controls = append(iv.Controls, controlLink{ID: c.ID, Name: c.Name, Linked: listed[c.ID]})
			}
			sv.Items = append(sv.Items, iv)
		}
		v.Standards = append(v.Standards, sv)
	}
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

// count spells a number with its noun: "1 finding", "3 findings".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
