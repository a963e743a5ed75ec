package text

import (
	"regexp"
	"strings"
	"testing"
)

func TestOneLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"  Web\r\nApplication\t ", "Web Application"},
		{"a\x00b\x07c\x7fd\u0085e", "a b c d e"}, // NUL, BEL, DEL, C1 NEL
		{"bad \xff\xfe byte", "bad byte"},
		{"replacement \ufffd char", "replacement char"},
		{"bidi \u202egnp.exe\u202c", "bidi \u202egnp.exe\u202c"}, // a format character, left to validation
		{"\n\r\t\x00", ""},
		{"日本 語", "日本 語"},
	} {
		if got := OneLine(c.in); got != c.want {
			t.Errorf("OneLine(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestSqueezeKeepsControls(t *testing.T) {
	if got := Squeeze(" a \n\n b\x01 "); got != "a b\x01" {
		t.Errorf("Squeeze = %q", got)
	}
}

func TestParagraphs(t *testing.T) {
	tags := regexp.MustCompile(`<[^<>]*>`)
	for _, c := range []struct {
		in     string
		markup *regexp.Regexp
		want   string
	}{
		{"", nil, ""},
		{" one\r\ntwo\r\n\r\nthree\n ", nil, "one\ntwo\n\nthree"},
		{"tab\there\x00and\x1b[31m", nil, "tab here and [31m"},
		{"Refer: <a href=\"x\">link</a>", nil, "Refer: <a href=\"x\">link</a>"},
		{"Refer: <a href=\"x\">link</a>", tags, "Refer: link"},
		// the line ending is normalised first: a tag between \r and \n
		// leaves the \r, which becomes a space
		{"a\r<b>\nc", tags, "a \nc"},
		{"x\xffy\u2028z", nil, "x y\u2028z"},
		{"<only><tags>", tags, ""},
	} {
		if got := Paragraphs(c.in, c.markup); got != c.want {
			t.Errorf("Paragraphs(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// A megabyte of hostile text is cleaned in one pass and comes out as
// long as it went in, with nothing but spaces and words.
func TestLongHostileText(t *testing.T) {
	in := strings.Repeat("ab\x00\xff\r\n\u202e", 1<<17)
	one := OneLine(in)
	if strings.ContainsAny(one, "\x00\r\n") || strings.Contains(one, "\ufffd") {
		t.Fatal("OneLine left a control character or a bad byte")
	}
	para := Paragraphs(in, nil)
	if strings.ContainsAny(para, "\x00\r") || strings.Count(para, "\n") != 1<<17 {
		t.Fatalf("Paragraphs kept %d line breaks", strings.Count(para, "\n"))
	}
}
