package modeldiff

import (
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/markdown"
)

// Markdown writes the diff as a pull-request comment: a heading, the
// summary line, then a section for each kind of change that occurred (new
// findings with why and what to do, resolved findings, changed findings,
// model changes). It renders on GitHub and GitLab. Text from the models
// and rules is escaped (see package internal/markdown): it renders as
// written, hidden characters shown as <U+XXXX>, and cannot break a table.
func Markdown(w io.Writer, d *Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Threat model diff: %s\n\n", escapeMD(d.New.System))
	fmt.Fprintf(&b, "%s (%s → %s)\n\n", escapeMD(SummaryLine(d)), code(d.Old.Source), code(d.New.Source))
	if len(d.Findings.New)+len(d.Findings.Resolved)+len(d.Findings.Changed) == 0 && d.Model.Empty() && d.Paths.Empty() {
		b.WriteString("No changes.\n")
	}
	if fs := d.Findings.New; len(fs) > 0 {
		startSection(&b, "New findings", len(fs))
		findingTable(&b, fs)
		endSection(&b, len(fs))
		b.WriteString("<details><summary>Why, and what to do</summary>\n\n")
		for _, f := range fs {
			fmt.Fprintf(&b, "- %s: %s. **Mitigation:** %s\n", code(f.ID), escapeMD(strings.Join(f.Why, "; ")),
				escapeMD(strings.Join(f.Mitigations, " ")))
		}
		b.WriteString("\n</details>\n\n")
	}
	if fs := d.Findings.Resolved; len(fs) > 0 {
		startSection(&b, "Resolved findings", len(fs))
		findingTable(&b, fs)
		endSection(&b, len(fs))
	}
	if cs := d.Findings.Changed; len(cs) > 0 {
		startSection(&b, "Changed findings", len(cs))
		b.WriteString("| severity | status | finding | title |\n|---|---|---|---|\n")
		for _, c := range cs {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", arrow(c.Old.Severity, c.New.Severity),
				arrow(c.Old.Status, c.New.Status), code(c.ID), escapeMD(c.Title))
		}
		b.WriteString("\n")
		endSection(&b, len(cs))
	}
	if lines := modelLines(d.Model); len(lines) > 0 {
		startSection(&b, "Model changes", len(lines))
		b.WriteString("| change | item | detail |\n|---|---|---|\n")
		for _, l := range lines {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", markWord[l.mark], code(l.item), escapeMD(l.detail))
		}
		b.WriteString("\n")
		endSection(&b, len(lines))
	}
	markdownPaths(&b, d.Paths)
	_, err := io.WriteString(w, b.String())
	return err
}

// collapseAfter is how many rows a section shows before it is folded
// into <details>, to keep a pull-request comment readable.
const collapseAfter = 20

func startSection(b *strings.Builder, title string, rows int) {
	fmt.Fprintf(b, "### %s (%d)\n\n", title, rows)
	if rows > collapseAfter {
		fmt.Fprintf(b, "<details><summary>Show all %d</summary>\n\n", rows)
	}
}

func endSection(b *strings.Builder, rows int) {
	if rows > collapseAfter {
		b.WriteString("</details>\n\n")
	}
}

var markWord = map[string]string{"+": "added", "-": "removed", "~": "changed"}

func findingTable(b *strings.Builder, fs []engine.Finding) {
	b.WriteString("| severity | status | finding | title |\n|---|---|---|---|\n")
	for _, f := range fs {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", f.Severity, f.Status, code(f.ID), escapeMD(f.Title))
	}
	b.WriteString("\n")
}

// code writes s as inline code that stays inside a table cell.
func code(s string) string { return markdown.Code(s) }

// escapeMD writes s as text that renders as written.
func escapeMD(s string) string { return markdown.Text(s) }
