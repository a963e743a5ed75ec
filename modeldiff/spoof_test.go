package modeldiff

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// A pull request that renames an element with a right-to-left override
// and a name holding Markdown: the comment shows the override and the
// name as written, and every table keeps its columns (rendered with a
// GitHub-flavoured Markdown renderer).
func TestPullRequestCommentSurvivesHostileText(t *testing.T) {
	v2 := strings.Replace(lockV1, "system: {name: Acme Lock}", "system: {name: \"Acme &amp; `Lock\"}", 1)
	v2 = strings.Replace(v2, "{id: app, kind: mobile-client, boundary: phone}",
		"{id: app, kind: mobile-client, boundary: phone, name: \"App\u202eppa | x`y\", description: \"a\u200bb\"}", 1)
	d := diffOf(t, lockV1, v2)
	var md bytes.Buffer
	if err := Markdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(md.String(), "\u202e\u200b") {
		t.Errorf("raw hidden characters in the comment:\n%s", md.String())
	}
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(md.Bytes(), &html); err != nil {
		t.Fatal(err)
	}
	page := html.String()
	for _, row := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(page, -1) {
		if n := strings.Count(row[1], "<td") + strings.Count(row[1], "<th"); n != 3 && n != 4 {
			t.Errorf("a row has %d cells: %s\nMarkdown:\n%s", n, row[1], md.String())
		}
	}
	for _, want := range []string{
		"Threat model diff: Acme &amp;amp; `Lock</h2>",
		`<td>name (unset) → &quot;App\u202eppa | x` + "`" + `y&quot;</td>`,
		`<td>description (unset) → &quot;a\u200bb&quot;</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("rendered comment lacks %q:\n%s\nMarkdown:\n%s", want, page, md.String())
		}
	}
	var table bytes.Buffer
	if err := Table(&table, d, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(table.String(), "\u202e\u200b") || !strings.Contains(table.String(), `App\u202eppa`) {
		t.Errorf("table:\n%s", table.String())
	}
}
