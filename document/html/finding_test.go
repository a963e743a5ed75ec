package html

import (
	"bytes"
	"fmt"
	"html/template"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/internal/doctest"
	"github.com/iotthreat/iotthreat/internal/outputtest"
	"github.com/iotthreat/iotthreat/report"
)

// templateFindingMarkup is the template form of the markup finding.go
// writes in Go: each Go call in report.html.tmpl, how often it occurs,
// and the template actions it replaced. The reference template is the
// page's template with these put back, so it follows every other change
// to the page.
var templateFindingMarkup = []struct {
	call     string
	n        int
	template string
}{
	{`{{findingRows .Rows .PageSize}}`, 1, `{{range $i, $r := .Rows}}<tr{{if ge $i $.PageSize}} hidden{{end}} data-index="{{$i}}" data-rank="{{$r.Rank}}" data-severity="{{$r.F.Severity}}" data-status="{{$r.F.Status}}" data-open="{{$r.Open}}" data-elements="{{$r.Elements}}" data-categories="{{$r.Categories}}" data-refs="{{$r.Refs}}">
      <td><span class="badge sev-{{$r.F.Severity}}">{{$r.F.Severity}}</span></td>
      <td>{{if $r.Detailed}}<a href="#{{anchor $r.F.ID}}"><code>{{$r.F.ID}}</code></a>{{else}}<code>{{$r.F.ID}}</code>{{end}}</td>
      <td>{{$r.F.Title}}</td>
      <td>{{$r.F.Target.Type}} <code>{{$r.F.Target.ID}}</code></td>
      <td><span class="status st-{{$r.F.Status}}">{{$r.F.Status}}</span></td>
      <td>{{join $r.F.STRIDE ", "}}{{if and $r.F.STRIDE $r.F.LINDDUN}}; {{end}}{{join $r.F.LINDDUN ", "}}</td>
      <td class="refs">{{join $r.F.ETSI ", "}}{{if $r.F.OWASPIoT}}{{if $r.F.ETSI}}; {{end}}{{join $r.F.OWASPIoT ", "}}{{end}}</td>
    </tr>
    {{end}}`},
	{`{{findingEntries .}}`, 2, `{{range .}}{{template "finding" .}}{{end}}`},
	{`{{findingLinks .Findings}}`, 1, `{{range .Findings}}{{template "link" .}}{{end}}`},
	{`{{findingLinks .}}`, 1, `{{range .}}{{template "link" .}}{{end}}`},
}

const templateFindingDefs = `{{define "finding"}}{{if .Full}}{{with .Row.F}}<article class="finding" id="{{anchor .ID}}" aria-labelledby="{{anchor .ID}}-h">
  <h5 id="{{anchor .ID}}-h"><span class="badge sev-{{.Severity}}">{{.Severity}}</span> {{.Title}} <code>{{.ID}}</code></h5>
  <p class="meta">{{.Target.Type}} <code>{{.Target.ID}}</code>{{with .Target.Name}} ({{.}}){{end}} · {{.Source.File}}:{{.Source.Line}} · likelihood {{.Likelihood}}, impact {{.Impact}} · <span class="status st-{{.Status}}">{{.Status}}</span>{{with .STRIDE}} · {{join . ", "}}{{end}}{{with .LINDDUN}} · {{join . ", "}}{{end}}</p>
  <p>{{.Description}}</p>
  {{if .Tracking.Entry}}<p class="tracking">Triage: {{.Status}}{{with .Tracking.Reason}} — {{.}}{{end}}{{with .Tracking.Ticket}} (ticket {{.}}){{end}}{{with .Tracking.By}}, by {{.}}{{end}}{{with .Tracking.Date}} on {{.}}{{end}}{{with .Tracking.Until}}, until {{.}}{{end}}{{if .Tracking.Expired}} — <strong>expired, open again</strong>{{end}}</p>{{end}}
  <dl>
    <dt>Why</dt><dd><ul>{{range .Why}}<li>{{.}}</li>{{end}}</ul></dd>
    <dt>What to do</dt><dd>{{range .Mitigations}}<p>{{.}}</p>{{end}}</dd>
    {{with .Controls}}<dt>Controls</dt><dd>{{range $i, $c := .}}{{if $i}}, {{end}}<a href="#control-{{$c}}"><code>{{$c}}</code></a>{{end}}{{with $.Row.F.MitigatedBy}} (declared: {{join . ", "}}){{end}}</dd>{{end}}
    {{with refs .RuleFacts}}<dt>References</dt><dd>{{.}}</dd>{{end}}
  </dl>
</article>{{end}}{{else}}{{$linked := .Row.Detailed}}{{with .Row.F}}<p class="see-also"><span class="badge sev-{{.Severity}}">{{.Severity}}</span> {{if $linked}}<a href="#{{anchor .ID}}">{{.Title}} <code>{{.ID}}</code></a>{{else}}{{.Title}} <code>{{.ID}}</code>{{end}} <span class="status st-{{.Status}}">{{.Status}}</span></p>{{end}}{{end}}{{end}}` +
	`{{define "link"}}<li><span class="badge sev-{{.F.Severity}}">{{.F.Severity}}</span> {{if .Detailed}}<a href="#{{anchor .F.ID}}"><code>{{.F.ID}}</code></a>{{else}}<code>{{.F.ID}}</code>{{end}} {{.F.Title}} <span class="status st-{{.F.Status}}">{{.F.Status}}</span></li>{{end}}`

// referenceTemplate is the page's template with the per-finding markup
// written by template actions, as it was before finding.go.
func referenceTemplate(t *testing.T) *template.Template {
	t.Helper()
	src, err := htmlAssets.ReadFile("assets/report.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	for _, m := range templateFindingMarkup {
		if n := strings.Count(text, m.call); n != m.n {
			t.Fatalf("report.html.tmpl calls %s %d times, want %d: update templateFindingMarkup", m.call, n, m.n)
		}
		text = strings.ReplaceAll(text, m.call, m.template)
	}
	if strings.Contains(text, "{{finding") {
		t.Fatal("report.html.tmpl calls a finding* function templateFindingMarkup does not know")
	}
	funcs := template.FuncMap{"anchor": anchor, "refs": report.References}
	for name, f := range htmlFuncs {
		funcs[name] = f
	}
	page, err := htmlAssets.ReadFile("assets/page.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := template.Must(template.New("report.html.tmpl").Funcs(funcs).Parse(text + templateFindingDefs))
	template.Must(tmpl.New("page.html.tmpl").Parse(string(page))) // the shared head, as Write parses it
	return tmpl
}

// TestHTMLFindingMarkupMatchesTemplate renders pages with the per-finding
// markup written in Go and by the reference template, and wants the same
// bytes: on every example and template model, with all, some and one
// finding detailed, on a synthetic model of a few hundred elements and on
// hostile text in every field a finding shows.
func TestHTMLFindingMarkupMatchesTemplate(t *testing.T) {
	ref := referenceTemplate(t)
	docs := map[string]*document.Document{}
	examples := filepath.Dir(doctest.Example(t, "reference.yaml"))
	paths, _ := filepath.Glob(filepath.Join(examples, "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(examples, "..", "scaffold", "files", "*.yaml"))
	paths = append(paths, more...)
	if len(paths) < 6 {
		t.Fatalf("only %d models found: %v", len(paths), paths)
	}
	for _, p := range paths {
		docs[p] = doctest.Load(t, p, document.Options{})
	}
	for _, detailed := range []int{1, 7} {
		docs[fmt.Sprint("reference, detail ", detailed)] = doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: detailed})
	}
	docs["synthetic"] = doctest.Synthetic(t, 300)
	docs["hostile"] = hostileHTMLDocument(t, false)
	docs["hostile, half detailed"] = hostileHTMLDocument(t, true)
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			var got, want bytes.Buffer
			if err := Write(&got, doc); err != nil {
				t.Fatal(err)
			}
			v, err := newHTMLView(doc)
			if err != nil {
				t.Fatal(err)
			}
			if err := ref.Execute(&want, v); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("page differs from the reference template's:\n%s", outputtest.FirstDiff(want.String(), got.String()))
			}
			if strings.Contains(name, "synthetic") && !strings.Contains(got.String(), "<tr hidden") {
				t.Error("the synthetic page has no hidden rows: make it larger than tablePageSize")
			}
		})
	}
}

// hostileHTML is text that html/template must escape, or pass through
// unchanged, in each place it lands: markup and script, quotes, the
// characters its escapers replace (NUL, +), characters URLs encode,
// control characters, U+2028, noncharacters, and invalid UTF-8 — the
// inputs of the HTML, JSON, PDF and CSV hostile-text tests and more.
var hostileHTML = append([]string{
	`<script>alert(1)</script> & "Müller's" <b>hub</b>`,
	"quote \" backslash \\ tab \t <script> \b\f\r\n\x00\x1f\x7f é \u2028\u2029 \xff\xfe end",
	"José Ñúñez\t\x00\x1b[31m",
	"Emoji 🔥, CJK 中文, invalid \xff\xfe UTF-8, a ) paren and a \\ backslash.\r\n\nSecond paragraph.",
	"<img src=x onerror=alert(1)> " + strings.Repeat("ǅ", 40),
	`"><svg onload=alert(1)>`,
	`' onmouseover='alert(1)`,
	"javascript:alert(1)",
	"</textarea></title></style><!-- --> <![CDATA[ ]]> 1+1=2 %41 #x ?q=1&r=2 a@b /c \\u003c",
	"\u2028\u2029\ufeff\ufffd\ufdd0\uffff\U0010ffff",
	"\xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80 \x80 truncated \xe2\x82",
	"X-1@élément.id~_-",
	"",
}, outputtest.HostileTexts...)

// hostileHTMLDocument is the reference example's document with hostile
// text in every field of its findings, and in the names around them.
func hostileHTMLDocument(t *testing.T, halfDetailed bool) *document.Document {
	t.Helper()
	doc := doctest.Load(t, doctest.Example(t, "reference.yaml"), document.Options{NoDiagram: true, MaxDetailed: -1})
	h := func(i int) string { return hostileHTML[i%len(hostileHTML)] }
	hs := func(i int) []string {
		switch i % 4 {
		case 0:
			return nil
		case 1:
			return []string{h(i)}
		}
		return []string{h(i), h(i + 1), h(i + 2)}
	}
	doc.System.Name, doc.System.Description = h(0), h(1)
	for i := range doc.Findings {
		f := &doc.Findings[i]
		if i%5 == 4 {
			continue // some findings as analysis wrote them
		}
		f.ID, f.Title, f.Description = h(i)+fmt.Sprint(i), h(i+1), h(i+2)
		f.Target.Type, f.Target.ID, f.Target.Name = h(i+3), h(i+4), h(i+5)
		f.Severity, f.Status, f.Likelihood, f.Impact = h(i+6), h(i+7), h(i+8), h(i+9)
		f.STRIDE, f.LINDDUN, f.Why, f.Mitigations = hs(i), hs(i+1), hs(i+2), hs(i+3)
		f.Controls, f.MitigatedBy, f.ETSI, f.OWASPIoT = hs(i+4), hs(i+5), hs(i+6), hs(i+7)
		f.NISTIR8259A = hs(i + 8)
		f.Source.File, f.Source.Line = h(i+10), 7-i
		if i%3 > 0 {
			f.Tracking.Entry, f.Tracking.Reason, f.Tracking.Ticket = h(i+11), h(i+12), h(i+13)
			f.Tracking.By, f.Tracking.Date, f.Tracking.Until = h(i+14), h(i+15), h(i+16)
			f.Tracking.Expired = i%2 == 0
		}
	}
	for i := range doc.Sections {
		doc.Sections[i].Name = h(i)
	}
	for i := range doc.Checklist {
		doc.Checklist[i].Name = h(i + 1)
	}
	if halfDetailed {
		doc.Detailed = len(doc.Findings) / 2
	}
	return doc
}
