package document_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/html"
	"github.com/iotthreat/iotthreat/internal/reveal"
)

// A model whose names and triage reason hold a right-to-left override
// (shown reversed in a browser or a PDF viewer, "Trojan Source" style)
// gets a document that holds none: every string shows it as <U+202E>,
// as the text outputs do, and the analysis report is left as it was.
func TestDocumentRevealsHiddenCharacters(t *testing.T) {
	const rlo = "\u202e"
	model := `iotthreat: 1
system: {name: "Acme ` + rlo + `kcol"}
elements:
  - {id: lock, kind: device, name: "Front ` + rlo + `door", physical_access: public, debug_interfaces: [uart]}
tracking:
  IOT-HW-001@lock: {status: accepted, reason: "UART is ` + rlo + `gnitset rof", until: 2099-01-01}
`
	path := filepath.Join(t.TempDir(), "m.yaml")
	if err := os.WriteFile(path, []byte(model), 0o600); err != nil {
		t.Fatal(err)
	}
	res, diags, err := analysis.Run(path, analysis.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("%v %v", err, diags)
	}
	before := len(res.Report.Findings[0].Target.Name)
	doc, err := document.New(res.Model, res.Report, document.Options{Date: "2026-01-15", NoDiagram: true})
	if err != nil {
		t.Fatal(err)
	}
	if where := hiddenIn(reflect.ValueOf(doc).Elem(), "doc"); where != "" {
		t.Errorf("a hidden character is left in %s", where)
	}
	if doc.System.Name != "Acme <U+202E>kcol" {
		t.Errorf("system name %q", doc.System.Name)
	}
	if len(res.Report.Findings[0].Target.Name) != before || !strings.Contains(res.Report.Findings[0].Target.Name, rlo) {
		t.Errorf("the analysis report was changed: %q", res.Report.Findings[0].Target.Name)
	}
	var page bytes.Buffer
	if err := html.Write(&page, doc); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), rlo) || !strings.Contains(page.String(), "UART is &lt;U&#43;202E&gt;gnitset rof") {
		i := max(strings.Index(page.String(), "UART is"), strings.Index(page.String(), rlo))
		t.Errorf("the HTML page shows the override raw, or not the revealed reason: …%s…", page.String()[max(i-80, 0):min(i+80, page.Len())])
	}
}

// hiddenIn names the first exported string under v holding a hidden
// character, or "".
func hiddenIn(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.String:
		if _, _, ok := reveal.Find(v.String()); ok {
			return path
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && f.Tag.Get("json") != "-" {
				if w := hiddenIn(v.Field(i), path+"."+f.Name); w != "" {
					return w
				}
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return ""
		}
		for i := range v.Len() {
			if w := hiddenIn(v.Index(i), path+"[]"); w != "" {
				return w
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return hiddenIn(v.Elem(), path)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if w := hiddenIn(it.Value(), path+"[…]"); w != "" {
				return w
			}
		}
	}
	return ""
}

// Rules passed with --rules are not part of the model, so validation does
// not warn about their text; a finding's title from such a rule is
// revealed all the same.
func TestDocumentRevealsRuleText(t *testing.T) {
	res, diags, err := analysis.Run(filepath.Join("..", "examples", "smart-home.yaml"), analysis.Options{})
	if err != nil || len(diags) > 0 || len(res.Model.Warnings) > 0 {
		t.Fatalf("%v %v %v", err, diags, res.Model.Warnings)
	}
	res.Report.Findings[0].Title = "Lock \u202edenepo"
	doc, err := document.New(res.Model, res.Report, document.Options{Date: "2026-01-15", NoDiagram: true})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Findings[0].Title != "Lock <U+202E>denepo" {
		t.Errorf("title %q", doc.Findings[0].Title)
	}
}
