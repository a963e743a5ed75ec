package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// hostile are names and reasons a model could hold, each an attempt to
// break out of a table cell or to render as something else than written.
var hostile = []string{
	"Lock &amp; key",
	"a `b | c",
	"``",
	"`",
	"x\\|y",
	"pipe | inside",
	"trailing \\",
	"<img src=x onerror=alert(1)>",
	"[click](https://evil.example)",
	"**bold** _em_ ~~strike~~",
	"&#x202E;entity&#8238;",
	"risk accepted\u202e dexif ton",
	"ad\u200bmin",
	"line one\nline two\r\nthree",
	"# heading",
	"- item",
	"1. item",
	"---",
	"===",
	"> quote",
	"    indented code",
	"\x1b[31mred",
	"Café ✓ 日本",
	"[ref]: https://evil.example",
	"see [ref] and [a][ref] and ![img](x.png)",
	"element.debug_interfaces = [swd]",
	"_em_ and __strong__ and a_b_c and snake_case_",
	"a*b*c",
	"~strike~",
}

var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM))

func render(t *testing.T, md string) string {
	t.Helper()
	var out bytes.Buffer
	if err := gfm.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

var tagOrCell = regexp.MustCompile(`<td>(.*?)</td>`)

// autolink is a bare URL that GitHub-flavoured Markdown links to itself:
// what it shows is what it links to, so it is not markup that misleads.
var autolink = regexp.MustCompile(`<a href="([^"]*)">([^<]*)</a>`)

// plain is the text of rendered inline HTML, self-links unwrapped.
func plain(html string) string {
	html = autolink.ReplaceAllStringFunc(html, func(a string) string {
		m := autolink.FindStringSubmatch(a)
		if m[1] != m[2] {
			return a
		}
		return m[2]
	})
	return strings.Join(strings.Fields(htmlText.Replace(html)), " ")
}

// htmlText undoes the entities goldmark writes, to compare a cell's
// text with what was written into it.
var htmlText = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`)

// Every hostile text, in a table cell as Text and as Code, keeps the
// table's three columns and renders as exactly the text written (hidden
// characters shown as <U+XXXX>, line breaks as spaces), with no markup.
func TestTableCellsKeepTheirText(t *testing.T) {
	for _, s := range hostile {
		md := "| a | text | code |\n|---|---|---|\n| 1 | " + Text(s) + " | " + Code(s) + " |\n"
		html := render(t, md)
		cells := tagOrCell.FindAllStringSubmatch(html, -1)
		if len(cells) != 3 {
			t.Errorf("%q: %d cells, want 3:\n%s\n%s", s, len(cells), md, html)
			continue
		}
		want := strings.Join(strings.Fields(strings.NewReplacer("\u202e", "<U+202E>", "\u200b", "<U+200B>", "\x1b", "<U+001B>").Replace(s)), " ")
		if got := plain(cells[1][1]); got != want {
			t.Errorf("%q as text renders as %q, want %q\n%s", s, got, want, md)
		}
		code := cells[2][1]
		if s != "" && (!strings.HasPrefix(code, "<code>") || !strings.HasSuffix(code, "</code>")) {
			t.Errorf("%q as code renders as %q\n%s", s, code, md)
			continue
		}
		code = strings.TrimSuffix(strings.TrimPrefix(code, "<code>"), "</code>")
		if got := strings.Join(strings.Fields(htmlText.Replace(code)), " "); got != want {
			t.Errorf("%q as code renders as %q, want %q\n%s", s, got, want, md)
		}
	}
}

// Outside tables, as a paragraph or after a list marker, text stays one
// paragraph of plain text: no heading, list, rule, quote or code block.
func TestTextIsOneParagraph(t *testing.T) {
	for _, s := range hostile {
		html := autolink.ReplaceAllString(render(t, Text(s)+"\n"), "$2")
		if !strings.HasPrefix(html, "<p>") || strings.Count(html, "<") != strings.Count(html, "<p>")+strings.Count(html, "</p>") {
			t.Errorf("%q renders as markup: %s", s, html)
		}
	}
}

// Fact names and lists, in every reason the engine gives, stay readable
// in the Markdown source.
func TestTextKeepsCommonTextReadable(t *testing.T) {
	for _, s := range []string{"element.debug_interfaces = [swd]", "likelihood low × impact high", "options.pairing (unset) → numeric-comparison"} {
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q", s, got)
		}
	}
}

func TestCodeFences(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"IOT-HW-001@lock", "`IOT-HW-001@lock`"},
		{"a`b", "``a`b``"},
		{"`x``", "``` `x`` ```"},
		{"", ""},
	} {
		if got := Code(tc.in); got != tc.want {
			t.Errorf("Code(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
