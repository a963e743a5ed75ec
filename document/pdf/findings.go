package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
)

const pdfLabelW = 24.0 // width of the labels of a finding's facts

// findings draws every finding, worst first, under a heading per
// severity, each kept on one page when it fits.
func (p *pdfWriter) findings() {
	d := p.d
	p.startChapter("Findings", false)
	if len(d.Findings) == 0 {
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, "The analysis found no threats.")
		return
	}
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleBody, d.Headline()+". Each finding says why it fired and why it got its severity, what to do, which controls mitigate it (declared ones are marked) and which standards it maps to.")
	bySeverity := map[string]int{}
	for i := range d.Findings {
		bySeverity[d.Findings[i].Severity]++
	}
	if note := pdfDetailNote(d); note != "" {
		p.text(pdfMarginLeft, p.innerWidth(), pdfStyleNote, note)
	}
	for i := range d.Findings[:d.Detailed] {
		sev := d.Findings[i].Severity
		first := i == 0 || d.Findings[i-1].Severity != sev
		p.keep(40, func() {
			if first {
				p.headingMark(pdfStyleH2, fmt.Sprintf("%s (%s)", pdfTitleCase(sev), document.Thousands(bySeverity[sev])), 0, 1)
			}
			p.finding(i)
		})
	}
}

// pdfDetailNote is Document.DetailNote for the PDF, which writes out
// the most severe findings and only counts the others, per element (see
// findingTable), rather than listing them by title as the HTML does.
func pdfDetailNote(d *document.Document) string {
	if d.Detailed >= len(d.Findings) {
		return ""
	}
	return fmt.Sprintf("This report writes out the %s most severe of %s findings in full and leaves the other %s out. The CSV, XLSX and JSON outputs hold every finding in full (report --detail 0 writes them all out here too).",
		document.Thousands(d.Detailed), document.Thousands(len(d.Findings)), document.Thousands(len(d.Findings)-d.Detailed))
}

// finding draws one finding's block.
func (p *pdfWriter) finding(i int) {
	f := &p.d.Findings[i]
	x, w := pdfMarginLeft, p.innerWidth()
	p.gap(2)
	p.hline(pdfColorRule)
	p.gap(2)
	if !p.measuring {
		p.need(pdfStyleMonoID.lineH)
		p.f.SetLink(p.links[i], p.f.GetY(), p.f.PageNo())
		p.f.Bookmark(pdfMeta(f.ID), 2, -1)
		p.badge(x, p.f.GetY()+0.4, f.Severity)
	}
	p.text(x+20, w-20, pdfStyleMonoID, f.ID)
	p.gap(0.5)
	p.text(x, w, pdfStyleH3, f.Title)
	p.gap(1)
	fact := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			p.labelled(x, w, pdfLabelW, label, pdfStyleSmall, value)
		}
	}
	fact("Risk", fmt.Sprintf("%s: likelihood %s, impact %s", f.Severity, f.Likelihood, f.Impact))
	fact("Status", pdfStatus(f))
	fact("Target", pdfTarget(f))
	fact("STRIDE", strings.Join(f.STRIDE, ", "))
	fact("LINDDUN", strings.Join(f.LINDDUN, ", "))
	if strings.TrimSpace(f.Description) != "" {
		p.gap(1.5)
		p.text(x, w, pdfStyleSmall, strings.TrimSpace(f.Description))
	}
	p.list("Why", f.Why)
	p.list("Mitigations", f.Mitigations)
	p.gap(1)
	fact("Controls", pdfControls(f))
	for _, r := range pdfReferences(f) {
		fact(r[0], r[1])
	}
}

// badge draws a severity label in the diagram's colours.
func (p *pdfWriter) badge(x, y float64, severity string) {
	const bw, bh = 17.0, 4.2
	if c, ok := pdfSeverityColors[severity]; ok {
		p.fillColor(c.fill)
		p.drawColor(c.border)
	} else {
		p.fillColor(pdfColorStripe)
		p.drawColor(pdfColorRule)
	}
	p.f.SetLineWidth(0.3)
	p.f.Rect(x, y, bw, bh, "FD")
	p.font(pdfSans, "B", 7)
	p.textColor(pdfColorText)
	p.f.SetXY(x, y)
	p.f.CellFormat(bw, bh, p.fit(strings.ToUpper(severity), bw-1), "", 0, "C", false, 0, "")
}

// list draws a labelled bullet list.
func (p *pdfWriter) list(label string, items []string) {
	if len(items) == 0 {
		return
	}
	p.gap(1.5)
	p.text(pdfMarginLeft, p.innerWidth(), pdfStyleLabel, label)
	for _, it := range items {
		p.bullet(pdfMarginLeft+1, p.innerWidth()-1, pdfStyleSmall, it)
	}
}

// pdfStatus is the status with its triage: who decided what, why, until
// when, and whether an acceptance has expired.
func pdfStatus(f *engine.Finding) string {
	s := f.Status
	if f.Status == "mitigated" && len(f.MitigatedBy) > 0 {
		word := "control"
		if len(f.MitigatedBy) > 1 {
			word = "controls"
		}
		s += " by declared " + word + ": " + strings.Join(f.MitigatedBy, ", ")
	}
	t := f.Tracking
	if t.Entry == "" {
		return s
	}
	var parts []string
	if t.Reason != "" {
		parts = append(parts, t.Reason)
	}
	if t.Ticket != "" {
		parts = append(parts, "ticket "+t.Ticket)
	}
	if t.By != "" || t.Date != "" {
		parts = append(parts, strings.TrimSpace("by "+t.By+" "+pdfOn(t.Date)))
	}
	if t.Until != "" {
		if t.Expired {
			parts = append(parts, "acceptance expired "+t.Until+", so the finding is open again")
		} else {
			parts = append(parts, "until "+t.Until)
		}
	}
	if len(parts) == 0 {
		return s + " (tracked)"
	}
	return s + " — " + strings.Join(parts, "; ")
}

func pdfOn(date string) string {
	if date == "" {
		return ""
	}
	return "on " + date
}

// pdfTarget names what a finding is about and where it is defined.
func pdfTarget(f *engine.Finding) string {
	t := f.Target
	s := t.Type + " " + t.ID
	if t.Name != "" && t.Name != t.ID {
		s += " “" + t.Name + "”"
	}
	if t.Kind != "" {
		s += " (" + t.Kind + ")"
	}
	if src := pdfSource(f.Source); src != "" {
		s += " at " + src
	}
	return s
}

// pdfControls lists the controls that mitigate a finding, marking those
// the model declares.
func pdfControls(f *engine.Finding) string {
	if len(f.Controls) == 0 {
		return "no known control mitigates this finding"
	}
	out := make([]string, len(f.Controls))
	for i, c := range f.Controls {
		out[i] = c
		if slices.Contains(f.MitigatedBy, c) {
			out[i] += " (declared)"
		}
	}
	return strings.Join(out, ", ")
}

// pdfReferences lists a finding's weakness, attack and standard
// references as label/value pairs, omitting empty ones.
func pdfReferences(f *engine.Finding) [][2]string {
	nums := func(prefix string, ns []int) string {
		out := make([]string, len(ns))
		for i, n := range ns {
			out[i] = fmt.Sprintf("%s-%d", prefix, n)
		}
		return strings.Join(out, ", ")
	}
	return [][2]string{
		{"CWE", nums("CWE", f.CWE)},
		{"CAPEC", nums("CAPEC", f.CAPEC)},
		{"OWASP IoT", strings.Join(f.OWASPIoT, ", ")},
		{"ETSI 303 645", strings.Join(f.ETSI, ", ")},
		{"NISTIR 8259A", strings.Join(f.NISTIR8259A, ", ")},
		{"OWASP ISVS", strings.Join(f.ISVS, ", ")},
	}
}

func pdfTitleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// headingMark is heading with an outline entry at the given level; a
// negative level makes none.
func (p *pdfWriter) headingMark(st pdfStyle, s string, keepWith float64, level int) {
	p.gap(2)
	p.use(st)
	lines := p.f.SplitText(p.clean(s), p.innerWidth())
	p.need(float64(len(lines))*st.lineH + keepWith)
	if !p.measuring && level >= 0 {
		p.f.Bookmark(pdfMeta(s), level, -1)
	}
	p.lines(pdfMarginLeft, p.innerWidth(), st, lines, 0)
	p.gap(1)
}
