package html

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/regulatory"
	"github.com/iotthreat/iotthreat/engine"
)

// regulatoryFuncs are the functions the regulatory template calls.
var regulatoryFuncs = template.FuncMap{
	"join":        strings.Join,
	"pct":         pct,
	"label":       statusLabel,
	"statusClass": statusClass,
	"count":       document.Count,
	"more":        func(total, shown int) int { return total - shown },
	"sentence":    sentence,
}

// regulatoryTemplate is parsed once, on first use as htmlTemplate is,
// with the head it shares with the findings report.
var regulatoryTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("regulatory.html.tmpl").Funcs(regulatoryFuncs).
		ParseFS(htmlAssets, "assets/regulatory.html.tmpl", "assets/page.html.tmpl"))
})

// WriteRegulatory writes a regulatory evidence document (the CRA risk
// assessment, the EN 18031 pre-fill or the EN 303 645 conformance
// statement) as one self-contained page, like Write: the findings
// report's stylesheet and head, no script, and a policy that forbids
// every request. The disclaimer opens the page, a summary table a
// reviewer reads in a minute follows, then the product, the architecture
// with its diagram, and the document's own sections. Every text is
// escaped; hidden characters were revealed by regulatory.New.
func WriteRegulatory(w io.Writer, d *regulatory.Document) error {
	v, err := newRegulatoryView(d)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := regulatoryTemplate().Execute(bw, v); err != nil {
		return fmt.Errorf("html regulatory document: %w", err)
	}
	return bw.Flush()
}

// regulatoryView is a regulatory document arranged for the template.
type regulatoryView struct {
	D       *regulatory.Document
	Head    pageHead
	Kicker  string // what kind of document, above the title
	Diagram template.HTML
	// Columns are the summary's statuses; Summary its rows with their
	// totals, for the bars.
	Columns []string
	Legend  string
	Summary []summaryView
	Product []regulatory.ProductFact
	// Severities and Statuses order the CRA's risk summary.
	Severities []string
	Statuses   []string
	Parts      []partView
}

// summaryView is a summary row with the total its bar divides.
type summaryView struct {
	regulatory.SummaryRow
	Total int
}

// partView is an EN 18031 part with its decision matrices: one row per
// requirement the assets are decided on, one column per asset, at most
// matrixAssets columns to a table. Shown are the assets written out
// (regulatory.MaxShownAssets), More counts the rest.
type partView struct {
	*regulatory.EN18031Part
	ID       string // the part's section id
	Shown    []regulatory.AssetAssessment
	More     int
	Matrices []matrixView
}

// matrixAssets is how many assets one decision matrix shows side by side.
const matrixAssets = 10

// matrixView is one decision matrix: some assets, and each requirement's
// decisions on them.
type matrixView struct {
	Assets []regulatory.AssetAssessment
	Rows   []matrixRow
}

// matrixRow is a requirement's decisions, one per asset of the matrix
// (nil where an asset has none).
type matrixRow struct {
	Requirement, Title, Restriction string
	Cells                           []*regulatory.Decision
}

func newRegulatoryView(d *regulatory.Document) (*regulatoryView, error) {
	css, err := htmlAssets.ReadFile("assets/report.css")
	if err != nil {
		return nil, err
	}
	extra, err := htmlAssets.ReadFile("assets/regulatory.css")
	if err != nil {
		return nil, err
	}
	title := d.Title
	if d.System.Name != "" {
		title = d.System.Name + ": " + d.Title
	}
	v := &regulatoryView{
		D:          d,
		Head:       newPageHead(title, d.Version, nil, css, extra),
		Kicker:     kicker(d.Kind),
		Columns:    d.StatusColumns(),
		Legend:     d.StatusLegend(),
		Product:    d.ProductFacts(),
		Severities: document.WorstFirst(),
		Statuses:   engine.Statuses,
	}
	if d.Architecture.DiagramSVG != nil {
		v.Diagram = template.HTML(inlineSVG(d.Architecture.DiagramSVG))
	}
	for _, r := range d.Summary {
		sv := summaryView{SummaryRow: r}
		for _, c := range v.Columns {
			sv.Total += r.Counts[c]
		}
		v.Summary = append(v.Summary, sv)
	}
	if d.EN18031 != nil {
		for i := range d.EN18031.Parts {
			v.Parts = append(v.Parts, newPartView(&d.EN18031.Parts[i]))
		}
	}
	return v, nil
}

// kicker names the kind of document above its title.
func kicker(kind string) string {
	switch kind {
	case regulatory.CRA:
		return "Regulatory evidence · Cyber Resilience Act"
	case regulatory.EN18031:
		return "Regulatory evidence · EN 18031"
	case regulatory.ETSI:
		return "Regulatory evidence · ETSI EN 303 645"
	}
	return "Regulatory evidence"
}

func newPartView(p *regulatory.EN18031Part) partView {
	pv := partView{EN18031Part: p, ID: "part-" + p.Standard, Shown: p.Assets}
	if len(p.Assets) > regulatory.MaxShownAssets {
		pv.Shown, pv.More = p.Assets[:regulatory.MaxShownAssets], len(p.Assets)-regulatory.MaxShownAssets
	}
	restriction := map[string]string{}
	for _, r := range p.Requirements {
		restriction[r.ID] = r.Restriction
	}
	for from := 0; from < len(pv.Shown); from += matrixAssets {
		pv.Matrices = append(pv.Matrices, newMatrix(pv.Shown[from:min(from+matrixAssets, len(pv.Shown))], restriction))
	}
	return pv
}

// newMatrix lays out the decisions on some assets. The rows follow the
// first asset's decisions, which follow the standard; a requirement only
// another asset has is added after.
func newMatrix(assets []regulatory.AssetAssessment, restriction map[string]string) matrixView {
	m := matrixView{Assets: assets}
	row := map[string]int{}
	for ai := range assets {
		for di := range assets[ai].Decisions {
			dec := &assets[ai].Decisions[di]
			i, ok := row[dec.Requirement]
			if !ok {
				i = len(m.Rows)
				row[dec.Requirement] = i
				m.Rows = append(m.Rows, matrixRow{Requirement: dec.Requirement, Title: dec.Title,
					Restriction: restriction[dec.Requirement], Cells: make([]*regulatory.Decision, len(assets))})
			}
			m.Rows[i].Cells[ai] = dec
		}
	}
	return m
}

// sentence ends s with a full stop unless it ends with one already.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// statusLabel is a status as the page prints it: "not-applicable" reads
// "not applicable".
func statusLabel(s string) string { return strings.ReplaceAll(s, "-", " ") }

// statusClass is the badge class of any status the documents use: a
// requirement's, a decision's outcome or a provision's support. The
// colours say bad, partly done, done or out of scope; the badge's text
// says which status it is, so that colour is never the only sign.
func statusClass(s string) string {
	switch s {
	case compliance.Gap, regulatory.Fail, regulatory.NotSupported:
		return "cov-gap"
	case compliance.Partial:
		return "cov-partial"
	case compliance.Addressed, regulatory.Pass, regulatory.Supported:
		return "cov-addressed"
	}
	return "cov-not-covered"
}
