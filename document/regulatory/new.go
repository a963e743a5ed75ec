package regulatory

import (
	"fmt"
	"strings"
	"time"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/reveal"
	"github.com/iotthreat/iotthreat/model"
)

// Options choose what a regulatory document holds.
type Options struct {
	// Version is the tool version printed on the document.
	Version string
	// Date is the document date, YYYY-MM-DD; "" means today. Tests fix
	// it so that golden files do not change daily.
	Date string
	// NoDiagram leaves the diagram out: formats that show none (Markdown,
	// JSON, XLSX) need not lay it out, which starts Graphviz.
	NoDiagram bool
	// Facts are the model's derived facts when the caller has them (an
	// analysis run with analysis.Options.KeepFacts); nil derives them.
	Facts *engine.Facts
}

// titles name each document by its kind.
var titles = map[string]string{
	CRA:     "Cybersecurity risk assessment (EU Cyber Resilience Act, Regulation (EU) 2024/2847)",
	EN18031: "EN 18031 assessment pre-fill (radio equipment directive, Delegated Regulation (EU) 2022/30)",
	ETSI:    "ETSI EN 303 645 implementation conformance statement (ICS of ETSI TS 103 701)",
}

// disclaimers say, per kind, what the document is not. The common part
// comes first in every one (see disclaimer).
var disclaimers = map[string]string{
	CRA:     "It does not replace the manufacturer's own risk assessment, the EU declaration of conformity (CRA Art. 28) or the conformity assessment procedure (Art. 32).",
	EN18031: "Each pass is a decision the model's facts support, not the result of the standard's decision trees or of a test; a notified body or the manufacturer still decides each requirement.",
	ETSI:    "Each supported provision rests on controls the manufacturer declares, or flow protections it states, in the model; TS 103 701 asks a test laboratory to assess them.",
}

// New works out the regulatory evidence document of one kind (Kinds)
// from a loaded model and its analysis. An unknown kind is an error that
// names the kinds. The requirement statuses are assessed once, here, so
// that the summary and the sections cannot disagree.
func New(l *model.Loaded, rep *engine.Report, kind string, opts Options) (*Document, error) {
	title, ok := titles[kind]
	if !ok {
		return nil, fmt.Errorf("unknown regulatory document %q (want %s)", kind, strings.Join(Kinds, ", "))
	}
	if rep == nil {
		rep = &engine.Report{}
	}
	facts := opts.Facts
	if facts == nil {
		facts = engine.Derive(l)
	}
	d := &Document{
		Kind: kind, Title: title, Date: opts.Date, Version: opts.Version,
		Files:      append([]string{}, l.Model.Files...),
		Disclaimer: disclaimer(kind, l.Model.System.Name),
		System:     l.Model.System,
		Summary:    []SummaryRow{},
		Findings:   rep.Findings,
	}
	if d.Date == "" {
		d.Date = time.Now().Format("2006-01-02")
	}
	if d.System.Controls == nil {
		d.System.Controls = []string{}
	}
	if p := l.Model.Product; p != nil {
		d.Product = *p
	}
	d.ProductMissing = productMissing(l.Model.Product, kind)
	d.Architecture = architecture(l, facts)
	reqs := compliance.AssessRequirements(l, rep)
	refs := newFindingRefs(rep.Findings)
	switch kind {
	case CRA:
		d.CRA = buildCRA(l, facts, rep, reqs, refs)
		d.Summary = requirementRows(reqs, func(id string) bool { return id == craStandard })
	case EN18031:
		d.EN18031 = buildEN18031(l, facts, rep, reqs, refs)
		d.Summary = requirementRows(reqs, func(id string) bool { return strings.HasPrefix(id, "en-18031-") })
	case ETSI:
		d.ICS = buildICS(l, facts, rep, refs)
		d.Summary = []SummaryRow{{Standard: etsiStandard, Name: etsiName(l), Applicable: true, Counts: d.ICS.Counts}}
	}
	if opts.NoDiagram {
		d.Architecture.DiagramNote = "The diagram is not part of this form of the document; the HTML and PDF forms show it, and the command iotthreat diagram draws it."
	} else {
		svg, note, err := document.Diagram(l, rep, false)
		if err != nil {
			return nil, err
		}
		d.Architecture.DiagramSVG, d.Architecture.DiagramNote = svg, note
	}
	// Hidden characters (U+202E and its kin) are shown as <U+202E> in
	// every format, as in the findings report (see document.MayHide).
	if document.MayHide(l, rep) {
		revealed := reveal.Deep(*d)
		d = &revealed
	}
	return d, nil
}

// disclaimer is the statement every document opens with.
func disclaimer(kind, system string) string {
	if system == "" {
		system = "the system"
	}
	return "This document is evidence prepared by iotthreat from the threat model of " + system +
		". It is not a declaration of conformity, not a conformity assessment and not a test report. " +
		"Controls are listed as the model declares them: statements of the manufacturer, which nothing here verifies. " +
		disclaimers[kind]
}

// productFacts are the product block's fields a regulatory document
// needs, in the order the documents list them, with a reader for each.
var productFacts = []struct {
	key  string
	kind string // "" for every document, else the one kind that needs it
	get  func(*model.Product) bool
}{
	{"product.intended_purpose", "", func(p *model.Product) bool { return p.IntendedPurpose != "" }},
	{"product.foreseeable_use", "", func(p *model.Product) bool { return p.ForeseeableUse != "" }},
	{"product.foreseeable_misuse", "", func(p *model.Product) bool { return p.ForeseeableMisuse != "" }},
	{"product.support_until", "", func(p *model.Product) bool { return p.SupportUntil != "" }},
	{"product.category", "", func(p *model.Product) bool { return p.Category != "" }},
	{"product.vulnerability_contact", "", func(p *model.Product) bool { return p.VulnerabilityContact != "" }},
	{"product.sbom", "", func(p *model.Product) bool { return p.SBOM != "" }},
	{"product.en_18031_parts", EN18031, func(p *model.Product) bool { return p.Src.Has("en_18031_parts") }},
}

// productMissing names the product facts the document needs and the
// model does not state (every one when there is no product block).
// Blank text counts as missing.
func productMissing(p *model.Product, kind string) []string {
	out := []string{}
	for _, f := range productFacts {
		if f.kind != "" && f.kind != kind {
			continue
		}
		if p == nil || !f.get(trimmed(p)) {
			out = append(out, f.key)
		}
	}
	return out
}

// trimmed is p with its text facts trimmed, so that a blank fact counts
// as missing.
func trimmed(p *model.Product) *model.Product {
	c := *p
	for _, s := range []*string{&c.IntendedPurpose, &c.ForeseeableUse, &c.ForeseeableMisuse, &c.SupportUntil, &c.Category, &c.VulnerabilityContact, &c.SBOM} {
		*s = strings.TrimSpace(*s)
	}
	return &c
}

// requirementRows are the summary rows of the regulatory standards keep
// selects, in vocabulary order.
func requirementRows(reqs *compliance.Requirements, keep func(id string) bool) []SummaryRow {
	out := []SummaryRow{}
	for _, s := range reqs.Standards {
		if keep(s.ID) {
			out = append(out, SummaryRow{Standard: s.ID, Name: s.Name, Applicable: s.Applicable, Reason: s.Reason, Counts: s.Counts})
		}
	}
	return out
}
