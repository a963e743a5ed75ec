package html

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/report"
)

// The parts of the HTML page repeated once per finding — the findings
// table's rows, the entries in the element sections and the lists of
// findings in the checklist — are written here in Go rather than by
// template actions: html/template evaluates every action by reflection and
// calls its escapers through reflect.Value.Call, which made these parts
// most of the time of a large model's report (7.5 s at 10,000 elements).
//
// They write exactly the bytes html/template wrote for the same markup,
// escaping each value as html/template escapes it where it lands (see
// htmlWriter). TestHTMLFindingMarkupMatchesTemplate renders whole pages
// both ways and compares them byte for byte; the template form of this
// markup lives in that test.

// findingRows writes one findings-table row per finding; rows from
// pageSize on are hidden until "show more".
func findingRows(rows []findingRow, pageSize int) template.HTML {
	var w htmlWriter
	w.Grow(len(rows) * 640)
	for i := range rows {
		r := &rows[i]
		f := r.F
		w.raw("<tr")
		if i >= pageSize {
			w.raw(" hidden")
		}
		w.raw(` data-index="`)
		w.int(i)
		w.raw(`" data-rank="`)
		w.int(r.Rank)
		w.raw(`" data-severity="`)
		w.text(f.Severity)
		w.raw(`" data-status="`)
		w.text(f.Status)
		w.raw(`" data-open="`)
		w.raw(strconv.FormatBool(r.Open))
		w.raw(`" data-elements="`)
		w.text(r.Elements)
		w.raw(`" data-categories="`)
		w.text(r.Categories)
		w.raw(`" data-refs="`)
		w.text(r.Refs)
		w.raw("\">\n      <td>")
		w.badge(f.Severity)
		w.raw("</td>\n      <td>")
		w.findingID(f.ID, r.Detailed)
		w.raw("</td>\n      <td>")
		w.text(f.Title)
		w.raw("</td>\n      <td>")
		w.target(f.Target)
		w.raw("</td>\n      <td>")
		w.status(f.Status)
		w.raw("</td>\n      <td>")
		w.join(f.STRIDE)
		if len(f.STRIDE) > 0 && len(f.LINDDUN) > 0 {
			w.raw("; ")
		}
		w.join(f.LINDDUN)
		w.raw("</td>\n      <td class=\"refs\">")
		w.join(f.ETSI)
		if len(f.OWASPIoT) > 0 {
			if len(f.ETSI) > 0 {
				w.raw("; ")
			}
			w.join(f.OWASPIoT)
		}
		w.raw("</td>\n    </tr>\n    ")
	}
	return template.HTML(w.String())
}

// findingEntries writes an element section's findings: in full where the
// finding is written out for the first time, else as a link to that.
func findingEntries(entries []sectionEntry) template.HTML {
	var w htmlWriter
	for _, e := range entries {
		if e.Full {
			w.entry(e.Row.F)
		} else {
			w.seeAlso(e.Row.F, e.Row.Detailed)
		}
	}
	return template.HTML(w.String())
}

// findingLinks writes the list items of a list of findings.
func findingLinks(refs []findingRef) template.HTML {
	var w htmlWriter
	w.Grow(len(refs) * 200)
	for _, r := range refs {
		w.raw("<li>")
		w.badge(r.F.Severity)
		w.raw(" ")
		w.findingID(r.F.ID, r.Detailed)
		w.raw(" ")
		w.text(r.F.Title)
		w.raw(" ")
		w.status(r.F.Status)
		w.raw("</li>")
	}
	return template.HTML(w.String())
}

// entry writes a finding in full, as the article its links point to.
func (w *htmlWriter) entry(f *engine.Finding) {
	w.raw(`<article class="finding" id="`)
	w.text(anchor(f.ID))
	w.raw(`" aria-labelledby="`)
	w.text(anchor(f.ID))
	w.raw("-h\">\n  <h5 id=\"")
	w.text(anchor(f.ID))
	w.raw(`-h">`)
	w.badge(f.Severity)
	w.raw(" ")
	w.text(f.Title)
	w.raw(" <code>")
	w.text(f.ID)
	w.raw("</code></h5>\n  <p class=\"meta\">")
	w.target(f.Target)
	if f.Target.Name != "" {
		w.raw(" (")
		w.text(f.Target.Name)
		w.raw(")")
	}
	w.raw(" · ")
	w.text(f.Source.File)
	w.raw(":")
	w.int(f.Source.Line)
	w.raw(" · likelihood ")
	w.text(f.Likelihood)
	w.raw(", impact ")
	w.text(f.Impact)
	w.raw(" · ")
	w.status(f.Status)
	if len(f.STRIDE) > 0 {
		w.raw(" · ")
		w.join(f.STRIDE)
	}
	if len(f.LINDDUN) > 0 {
		w.raw(" · ")
		w.join(f.LINDDUN)
	}
	w.raw("</p>\n  <p>")
	w.text(f.Description)
	w.raw("</p>\n  ")
	if f.Tracking.Entry != "" {
		w.tracking(f)
	}
	w.raw("\n  <dl>\n    <dt>Why</dt><dd><ul>")
	for _, s := range f.Why {
		w.raw("<li>")
		w.text(s)
		w.raw("</li>")
	}
	w.raw("</ul></dd>\n    <dt>What to do</dt><dd>")
	for _, s := range f.Mitigations {
		w.raw("<p>")
		w.text(s)
		w.raw("</p>")
	}
	w.raw("</dd>\n    ")
	if len(f.Controls) > 0 {
		w.raw("<dt>Controls</dt><dd>")
		for i, c := range f.Controls {
			if i > 0 {
				w.raw(", ")
			}
			w.raw(`<a href="#control-`)
			w.frag(c)
			w.raw(`"><code>`)
			w.text(c)
			w.raw("</code></a>")
		}
		if len(f.MitigatedBy) > 0 {
			w.raw(" (declared: ")
			w.join(f.MitigatedBy)
			w.raw(")")
		}
		w.raw("</dd>")
	}
	w.raw("\n    ")
	if refs := report.References(f.RuleFacts); refs != "" {
		w.raw("<dt>References</dt><dd>")
		w.text(refs)
		w.raw("</dd>")
	}
	w.raw("\n  </dl>\n</article>")
}

// tracking writes the triage decision applied to a finding.
func (w *htmlWriter) tracking(f *engine.Finding) {
	t := f.Tracking
	w.raw(`<p class="tracking">Triage: `)
	w.text(f.Status)
	for _, part := range []struct{ before, value, after string }{
		{" — ", t.Reason, ""},
		{" (ticket ", t.Ticket, ")"},
		{", by ", t.By, ""},
		{" on ", t.Date, ""},
		{", until ", t.Until, ""},
	} {
		if part.value != "" {
			w.raw(part.before)
			w.text(part.value)
			w.raw(part.after)
		}
	}
	if t.Expired {
		w.raw(" — <strong>expired, open again</strong>")
	}
	w.raw("</p>")
}

// seeAlso writes a finding written out in full in an earlier section.
func (w *htmlWriter) seeAlso(f *engine.Finding, linked bool) {
	w.raw(`<p class="see-also">`)
	w.badge(f.Severity)
	w.raw(" ")
	if linked {
		w.raw(`<a href="#`)
		w.frag(anchor(f.ID))
		w.raw(`">`)
	}
	w.text(f.Title)
	w.raw(" <code>")
	w.text(f.ID)
	w.raw("</code>")
	if linked {
		w.raw("</a>")
	}
	w.raw(" ")
	w.status(f.Status)
	w.raw("</p>")
}

func (w *htmlWriter) badge(severity string) { w.chip("badge sev-", severity) }
func (w *htmlWriter) status(status string)  { w.chip("status st-", status) }

// chip writes a value in a span whose class is classPrefix and the value.
func (w *htmlWriter) chip(classPrefix, value string) {
	w.raw(`<span class="` + classPrefix)
	w.text(value)
	w.raw(`">`)
	w.text(value)
	w.raw("</span>")
}

func (w *htmlWriter) target(t engine.Target) {
	w.text(t.Type)
	w.raw(" <code>")
	w.text(t.ID)
	w.raw("</code>")
}

// findingID writes a finding's id, linked to its full entry if it has one.
func (w *htmlWriter) findingID(id string, linked bool) {
	if linked {
		w.raw(`<a href="#`)
		w.frag(anchor(id))
		w.raw(`"><code>`)
		w.text(id)
		w.raw("</code></a>")
		return
	}
	w.raw("<code>")
	w.text(id)
	w.raw("</code>")
}

// htmlWriter builds markup, escaping each value as html/template escapes
// it in the place it lands.
type htmlWriter struct{ strings.Builder }

// raw writes markup as it is.
func (w *htmlWriter) raw(s string) { w.WriteString(s) }

func (w *htmlWriter) int(n int) { w.WriteString(strconv.Itoa(n)) }

// join writes a list of values as text, separated by commas.
func (w *htmlWriter) join(list []string) {
	for i, s := range list {
		if i > 0 {
			w.raw(", ")
		}
		w.text(s)
	}
}

// text writes s as html/template writes a value in text and in a quoted
// attribute value (its htmlEscaper and attrEscaper, which share one
// table): NUL becomes U+FFFD and " & ' + < > become &#34; &amp; &#39;
// &#43; &lt; &gt;. html/template decodes runes, but every replaced rune is
// ASCII, a byte that never occurs inside a multi-byte UTF-8 sequence, and
// it passes invalid bytes through; so replacing bytes is the same.
func (w *htmlWriter) text(s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.WriteString(s[done:i])
		w.WriteString(repl)
		done = i + 1
	}
	w.WriteString(s[done:])
}

// frag writes s as html/template writes a value after the '#' of a URL in
// a quoted attribute (its urlEscaper): every byte but an ASCII letter,
// digit or one of -._~ is percent-encoded in lower-case hex. What remains
// holds nothing its attribute escaper would change.
func (w *htmlWriter) frag(s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			w.WriteByte(c)
		default:
			w.WriteByte('%')
			w.WriteByte(hex[c>>4])
			w.WriteByte(hex[c&15])
		}
	}
}
