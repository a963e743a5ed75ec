package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestEscapers(t *testing.T) {
	tests := []struct {
		f     func(string) string
		in    string
		want  string
		fname string
	}{
		{dotString, `a "b" \N`, `"a \"b\" \\N"`, "dotString"},
		{dotString, "two\nlines\x00", `"two\nlines "`, "dotString"},
		{htmlText, `<b> & "c" 'd'`, "&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", "htmlText"},
		{htmlText, "ünï\x07code\xff", "ünï code ", "htmlText"},
		{htmlText, "not\uFFFEin\uFFFFXML", "not in XML", "htmlText"},
		{dotString, "not\uFFFEin\uFFFFXML", `"not in XML"`, "dotString"},
		{dotString, "Front \u202Erood", `"Front <U+202E>rood"`, "dotString"},
		{dotString, "\n\nlead\n\nmid\\", `"lead\n\nmid\\"`, "dotString"}, // leading blank lines are dropped
		{htmlText, "lock\u200B1", "lock&lt;U+200B&gt;1", "htmlText"},
		{mermaidText, "a\u202Eb", "a#lt;U+202E#gt;b", "mermaidText"},
		{mermaidText, `"a" <b> & #1 |x| ` + "`c` \\", "#quot;a#quot; #lt;b#gt; #amp; #35;1 #124;x#124; #96;c#96; #92;", "mermaidText"},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.fname, tt.in, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"Configuration and fleet management", 22, []string{"Configuration and", "fleet management"}},
		{"short", 22, []string{"short"}},
		{"", 22, []string{""}},
		{"a-very-long-identifier-without-spaces", 16, []string{"a-very-long-", "identifier-", "without-spaces"}},
		{"xxxxxxxxxxxxxxxxxxxxxxxx", 10, []string{"xxxxxxxxxx", "xxxxxxxxxx", "xxxx"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.in, tt.width); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
	data := []string{"user-account", "sensor-readings", "device-commands"}
	for _, tt := range []struct {
		used int
		want []string
	}{
		{0, []string{"user-account, sensor-readings,", "device-commands"}},
		{12, []string{"user-account,", "sensor-readings,", "device-commands"}},
		{25, []string{"", "user-account, sensor-readings,", "device-commands"}},
	} {
		if got := joinWrapped(tt.used, data, 30); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("joinWrapped(%d, …) = %q, want %q", tt.used, got, tt.want)
		}
	}
	if got := joinWrapped(5, nil, 30); !reflect.DeepEqual(got, []string{""}) {
		t.Errorf("joinWrapped without items = %q", got)
	}
}

// TestEscapedNamesSurvive checks that names full of quotes, <, & and
// Unicode come out of Graphviz as the same text, in well-formed SVG.
func TestEscapedNamesSurvive(t *testing.T) {
	l := load(t, "testdata/small.yaml")
	var svg bytes.Buffer
	if err := SVG(&svg, l, analyse(t, l), Options{}); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg.Bytes()))
	dec.Strict = true
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{`Acme "Smart" Lock & Co <test>`, `Home <LAN> & "garage"`, "Türschloss — enclosure",
		`API "v2" <beta> & #1`, "Hub | bridge", "Ana O'Neil", "Partner `cloud`", "log.v1, code"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
	if !strings.Contains(svg.String(), `a \backslash\ and &quot;quotes&quot; in a tooltip.`) {
		t.Error("the tooltip lost its backslashes or quotes")
	}
}

// Lines appended one by one quote as their join does: a node's tooltip is
// written without joining its lines first.
func TestAppendDotLinesIsDotStringOfTheJoin(t *testing.T) {
	for _, lines := range [][]string{
		{"head (id, kind)"},
		{"head", "desc with\nits own break", "IOT-X-001 high: \"quoted\" \\N"},
		{"", "", "after blanks"},
		{"a", "", "", "b\n"},
		{"bad \xff utf-8", "hidden\u200b"},
	} {
		got := string(appendDotLines([]byte("x="), lines...))
		if want := "x=" + dotString(strings.Join(lines, "\n")); got != want {
			t.Errorf("lines %q: %s, want %s", lines, got, want)
		}
	}
}
