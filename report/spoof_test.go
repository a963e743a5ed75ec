package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/reveal"
	"github.com/iotthreat/iotthreat/model"
)

// spoofReport holds findings whose text (from a hostile model and its
// own rules) tries to spoof what a reviewer reads: bidirectional and
// zero-width characters, an ANSI escape, and Markdown that would break
// a table (an unbalanced backtick, a pipe, an entity).
func spoofReport() *engine.Report {
	open := engine.Finding{
		ID: "ACME-X-001@lock", Rule: "ACME-X-001", Severity: "high", Status: "open",
		RuleFacts: &engine.RuleFacts{Title: "Lock &amp; key `unbalanced | pipe \u202e\x1b[31m",
			Description: "Door\u202ekcol\u200b and \x1b[31mred"},
		Target:      engine.Target{Type: "element", ID: "lock", Name: "Front\u202edoor"},
		Why:         []string{"fired because element.name = Front\u202edoor"},
		Mitigations: []string{"Fix `it"},
		Source:      engine.Source{File: "m.yaml", Line: 3},
	}
	accepted := open
	accepted.ID, accepted.Status, accepted.Severity = "ACME-X-001@gate", "accepted", "medium"
	accepted.Tracking = engine.Triage{Entry: "ACME-X-001@gate", Reason: "risk accepted\u202e dexif ton | `x"}
	rep := &engine.Report{System: "Acme\u200b &amp; Co", Findings: []engine.Finding{open, accepted}}
	rep.Summary = engine.Summary{Total: 2, Open: 1,
		BySeverity: map[string]int{"critical": 0, "high": 1, "medium": 1, "low": 0},
		ByStatus:   map[string]int{"open": 1, "accepted": 1}}
	return rep
}

// hidden matches what must never reach a reader raw.
var hidden = regexp.MustCompile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u061c\ufeff\x1b]")

func TestTextOutputsShowHiddenCharacters(t *testing.T) {
	rep := spoofReport()
	outputs := map[string]func(*bytes.Buffer) error{
		"table":    func(b *bytes.Buffer) error { return Table(b, rep, TableOptions{All: true}) },
		"markdown": func(b *bytes.Buffer) error { return Markdown(b, rep) },
		"csv":      func(b *bytes.Buffer) error { return CSV(b, rep) },
		"sarif": func(b *bytes.Buffer) error {
			return SARIF(b, rep, []model.Rule{{ID: "ACME-X-001", Title: "T\u202eitle", Description: "D\u200bescription", Mitigation: "M"}}, SARIFOptions{})
		},
	}
	for name, write := range outputs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if loc := hidden.FindStringIndex(b.String()); loc != nil {
			t.Errorf("%s holds a raw hidden character %q", name, b.String()[loc[0]:loc[1]])
		}
		if name != "sarif" && !strings.Contains(b.String(), "<U+202E>") && !strings.Contains(b.String(), "&lt;U+202E&gt;") {
			t.Errorf("%s does not show U+202E:\n%s", name, b.String())
		}
	}
	var b bytes.Buffer
	if err := SARIF(&b, rep, []model.Rule{{ID: "ACME-X-001", Title: "T\u202eitle"}}, SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "T<U+202E>itle") && !strings.Contains(b.String(), `T\u003cU+202E\u003eitle`) {
		t.Errorf("SARIF does not show U+202E in the rule title")
	}
	if got := reveal.String("\x1b[31m"); !strings.Contains(tableOf(t, rep), got) {
		t.Errorf("table does not show the escape as %s", got)
	}
}

func tableOf(t *testing.T, rep *engine.Report) string {
	var b bytes.Buffer
	if err := Table(&b, rep, TableOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The Markdown report, rendered by a GitHub-flavoured Markdown renderer,
// keeps its table of other findings four columns wide and shows the
// texts as written.
func TestMarkdownSurvivesHostileText(t *testing.T) {
	var md bytes.Buffer
	if err := Markdown(&md, spoofReport()); err != nil {
		t.Fatal(err)
	}
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(md.Bytes(), &html); err != nil {
		t.Fatal(err)
	}
	page := html.String()
	rows := regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(page, -1)
	if len(rows) == 0 {
		t.Fatalf("no table rows:\n%s", page)
	}
	for _, r := range rows {
		if n := strings.Count(r[1], "<td") + strings.Count(r[1], "<th"); n != 3 && n != 4 {
			t.Errorf("a row has %d cells: %s\nMarkdown:\n%s", n, r[1], md.String())
		}
	}
	for _, want := range []string{
		"Lock &amp;amp; key `unbalanced | pipe &lt;U+202E&gt;&lt;U+001B&gt;[31m", // the title as written, entity and all
		"<td>risk accepted&lt;U+202E&gt; dexif ton | `x</td>",
		"Acme&lt;U+200B&gt; &amp;amp; Co",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("rendered page lacks %q:\n%s\nMarkdown:\n%s", want, page, md.String())
		}
	}
	if strings.Contains(page, "<code>unbalanced") || strings.Contains(page, "<code>x") {
		t.Errorf("a backtick in text opened a code span:\n%s", page)
	}
}
