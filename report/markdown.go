package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/markdown"
)

// Markdown writes the report for a pull request or a wiki: a summary
// table, the open findings with why and what to do, then the others in a
// collapsed list. It renders on GitHub and GitLab. Text from the model
// and rules is escaped (see package internal/markdown): it renders as
// written, hidden characters shown as <U+XXXX>, and cannot break a table.
func Markdown(w io.Writer, rep *engine.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Threat model: %s\n\n", markdown.Text(rep.System))
	b.WriteString("| severity | open | total |\n|---|---:|---:|\n")
	open := map[string]int{}
	total := map[string]int{}
	for _, f := range rep.Findings {
		total[f.Severity]++
		if f.Status == "open" || f.Status == "in-progress" {
			open[f.Severity]++
		}
	}
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		l := engine.Levels[i]
		fmt.Fprintf(&b, "| %s | %d | %d |\n", l, open[l], total[l])
	}
	fmt.Fprintf(&b, "\n%s\n\n", SummaryLine(rep))

	b.WriteString("### Open findings\n\n")
	listed := false
	for _, f := range rep.Findings {
		if f.Status != "open" && f.Status != "in-progress" {
			continue
		}
		listed = true
		fmt.Fprintf(&b, "#### %s %s %s\n\n", strings.ToUpper(f.Severity), markdown.Code(f.ID), markdown.Text(f.Title))
		fmt.Fprintf(&b, "%s\n\n", markdown.Text(f.Description))
		fmt.Fprintf(&b, "- **Target:** %s %s (%s:%d)\n", f.Target.Type, markdown.Code(f.Target.ID), markdown.Text(f.Source.File), f.Source.Line)
		fmt.Fprintf(&b, "- **Why:** %s\n", markdown.Text(strings.Join(f.Why, "; ")))
		fmt.Fprintf(&b, "- **Mitigation:** %s\n", markdown.Text(strings.Join(f.Mitigations, " ")))
		if refs := References(f.RuleFacts); refs != "" {
			fmt.Fprintf(&b, "- **References:** %s\n", markdown.Text(refs))
		}
		b.WriteString("\n")
	}
	if !listed {
		b.WriteString("No open findings.\n\n")
	}
	var rest []engine.Finding
	for _, f := range rep.Findings {
		if f.Status != "open" && f.Status != "in-progress" {
			rest = append(rest, f)
		}
	}
	if len(rest) > 0 {
		fmt.Fprintf(&b, "<details><summary>%d mitigated, accepted or false-positive findings</summary>\n\n", len(rest))
		b.WriteString("| finding | severity | status | by |\n|---|---|---|---|\n")
		for _, f := range rest {
			by := markdown.Text(strings.Join(f.MitigatedBy, ", "))
			if f.Tracking.Entry != "" {
				by = markdown.Text(f.Tracking.Reason)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", markdown.Code(f.ID), f.Severity, f.Status, by)
		}
		b.WriteString("\n</details>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// References is the line of a finding's catalogue and standard references
// ("CWE-306, CAPEC-115, OWASP IoT I3, ETSI EN 303 645 5.1-1"), as Markdown,
// SARIF's rule help and the HTML document show it. They come from the
// rule, so a finding passes its RuleFacts.
func References(f *engine.RuleFacts) string {
	var parts []string
	for _, c := range f.CWE {
		parts = append(parts, fmt.Sprintf("CWE-%d", c))
	}
	for _, c := range f.CAPEC {
		parts = append(parts, fmt.Sprintf("CAPEC-%d", c))
	}
	for _, o := range f.OWASPIoT {
		parts = append(parts, "OWASP IoT "+o)
	}
	for _, e := range f.ETSI {
		parts = append(parts, "ETSI EN 303 645 "+e)
	}
	for _, n := range f.NISTIR8259A {
		parts = append(parts, "NISTIR 8259A "+n)
	}
	return strings.Join(parts, ", ")
}
