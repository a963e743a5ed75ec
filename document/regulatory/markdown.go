package regulatory

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/markdown"
)

// WriteMarkdown writes the document for a reviewer to read, on GitHub,
// GitLab or in a wiki: the title and what the document is not, the
// summary table, the product, the architecture, then one section per
// requirement, provision or EN 18031 part. Text from the model and the
// rules is escaped (package internal/markdown): it renders as written
// and cannot break a table. The diagram is not in it (see
// Architecture.DiagramNote).
func WriteMarkdown(w io.Writer, d *Document) error {
	mw := &mdWriter{w: bufio.NewWriterSize(w, 1<<16)}
	mw.header(d)
	mw.summary(d)
	mw.product(d)
	mw.architecture(d)
	switch {
	case d.CRA != nil:
		mw.cra(d.CRA)
	case d.EN18031 != nil:
		mw.en18031(d.EN18031)
	case d.ICS != nil:
		mw.ics(d.ICS)
	}
	if mw.err != nil {
		return mw.err
	}
	return mw.w.Flush()
}

// mdWriter keeps the first write error, so that the sections need not.
type mdWriter struct {
	w   *bufio.Writer
	err error
}

func (m *mdWriter) printf(format string, args ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, args...)
	}
}

// text and code escape untrusted text for Markdown.
func text(s string) string { return markdown.Text(s) }
func code(s string) string { return markdown.Code(s) }

// orNone is text(s), or an italic placeholder when s is blank.
func orNone(s, none string) string {
	if strings.TrimSpace(s) == "" {
		return "_" + none + "_"
	}
	return text(s)
}

// link writes a link to url when it is a plain http(s) address, and the
// address as code otherwise: a URL comes from the vocabulary, which a
// model may extend, and must not become markup.
func link(label, url string) string {
	if url == "" {
		return ""
	}
	plain := strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")
	if plain && !strings.ContainsAny(url, " \t\r\n<>()[]`|\\\"'*_~&") {
		return "[" + text(label) + "](" + url + ")"
	}
	return code(url)
}

func (m *mdWriter) header(d *Document) {
	m.printf("# %s\n\n", text(d.Title))
	m.printf("> **Not a declaration of conformity.** %s\n\n", text(d.Disclaimer))
	m.printf("| | |\n|---|---|\n")
	m.printf("| Product | %s |\n", orNone(d.System.Name, "unnamed"))
	m.printf("| Date | %s |\n", text(d.Date))
	m.printf("| Prepared with | iotthreat %s |\n", orNone(d.Version, "version unknown"))
	files := make([]string, len(d.Files))
	for i, f := range d.Files {
		files[i] = code(f)
	}
	m.printf("| Model files | %s |\n\n", strings.Join(files, ", "))
}

func (m *mdWriter) summary(d *Document) {
	statuses := statusColumns(d)
	m.printf("## Summary\n\n| Standard | Applies |")
	for _, s := range statuses {
		m.printf(" %s |", s)
	}
	m.printf("\n|---|---|%s\n", strings.Repeat("---:|", len(statuses)))
	for _, r := range d.Summary {
		applies := "yes"
		if !r.Applicable {
			applies = "no: " + text(r.Reason)
		}
		m.printf("| %s %s | %s |", text(r.Name), code(r.Standard), applies)
		for _, s := range statuses {
			m.printf(" %d |", r.Counts[s])
		}
		m.printf("\n")
	}
	m.printf("\n%s\n\n", text(statusLegend(d)))
}

// statusColumns are the summary's columns: support values for the
// conformance statement, requirement statuses otherwise.
func statusColumns(d *Document) []string {
	if d.Kind == ETSI {
		return []string{Supported, NotSupported, NotApplicable}
	}
	return compliance.RequirementStatuses
}

func statusLegend(d *Document) string {
	if d.Kind == ETSI {
		return "Counts are over the provisions. Supported: a declared control cites the provision or a finding citing it is mitigated, and none is open. Not supported: a finding citing it is open, or the model holds no evidence for it."
	}
	return "Counts are over the requirements without sub-items. Addressed: implemented (a declared control, a mitigated related finding or a product fact) and no related finding open. Partial: implemented, but a related finding is open. Gap: nothing in the model implements it. Not applicable: the part does not apply, or the product block justifies it."
}

func (m *mdWriter) product(d *Document) {
	s := &d.System
	m.printf("## Product\n\n%s\n\n", orNone(s.Description, "The model gives no system description."))
	m.printf("| Fact | Stated in the model |\n|---|---|\n")
	for _, f := range d.ProductFacts() {
		m.printf("| %s | %s |\n", f.Label, orNone(f.Value, "not stated"))
	}
	m.printf("\n")
	if len(d.ProductMissing) > 0 {
		keys := make([]string, len(d.ProductMissing))
		for i, k := range d.ProductMissing {
			keys[i] = code(k)
		}
		m.printf("The model does not state %s: write them in its `product:` block (docs/model.md).\n\n", strings.Join(keys, ", "))
	}
}

func (m *mdWriter) architecture(d *Document) {
	a := &d.Architecture
	m.printf("## Architecture\n\nThe model describes %d elements, %d flows, %d trust boundaries and %d data assets.",
		a.Elements, a.Flows, a.Boundaries, a.DataAssets)
	if a.DiagramNote != "" {
		m.printf(" %s", text(a.DiagramNote))
	}
	m.printf("\n\n### Components\n\n")
	if len(a.Components) == 0 {
		m.printf("The model has no elements.\n\n")
	} else {
		m.printf("| Element | Name | Kind | Boundary | Description |\n|---|---|---|---|---|\n")
		for _, c := range a.Components {
			m.printf("| %s | %s | %s | %s | %s |\n", code(c.ID), text(c.Name), text(c.Kind), orNone(c.Boundary, "none"), text(c.Description))
		}
		m.printf("\n")
	}
	m.printf("### Boundary crossings\n\n")
	if len(a.Crossings) == 0 {
		m.printf("No flow crosses a trust boundary.\n\n")
		return
	}
	m.printf("| Flow | From | To | Protocol | Encryption | Authentication | Data | Over the internet |\n|---|---|---|---|---|---|---|---|\n")
	for _, c := range a.Crossings {
		internet := "no"
		if c.OverInternet {
			internet = "yes"
		}
		m.printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", code(c.ID), code(c.From), code(c.To), text(c.Protocol),
			orNone(c.Encryption, "not stated"), orNone(c.Authentication, "not stated"), text(strings.Join(c.Data, ", ")), internet)
	}
	m.printf("\n")
}

// findings writes a list of cited findings as nested list items.
func (m *mdWriter) findings(refs []FindingRef, total int) {
	for _, r := range refs {
		m.printf("  - %s %s, %s: %s", code(r.ID), r.Severity, r.Status, text(r.Title))
		if r.Reason != "" {
			m.printf(" (reason: %s", text(r.Reason))
			if r.Until != "" {
				m.printf("; until %s", text(r.Until))
			}
			m.printf(")")
		}
		m.printf("\n")
	}
	if total > len(refs) {
		m.printf("  - and %d more, less severe: the findings report lists them all\n", total-len(refs))
	}
}

// severitiesWorstFirst are the severity levels, critical first.
func severitiesWorstFirst() []string {
	out := make([]string, len(engine.Levels))
	for i, l := range engine.Levels {
		out[len(out)-1-i] = l
	}
	return out
}
