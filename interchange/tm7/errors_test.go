package tm7

import (
	"regexp"
	"strings"
	"testing"
)

// TestMalformed: each broken file is refused with one located error
// naming the problem, and no model.
func TestMalformed(t *testing.T) {
	const head = `<ThreatModel xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><DrawingSurfaceList><DrawingSurfaceModel><Borders>`
	const tail = `</Borders></DrawingSurfaceModel></DrawingSurfaceList></ThreatModel>`
	shape := func(guid, left string) string {
		return `<KeyValueOfguidanyType><Value><GenericTypeId>GE.P</GenericTypeId><Guid>` + guid + `</Guid><Left>` + left + `</Left></Value></KeyValueOfguidanyType>`
	}
	lines := func(src string) string {
		return `</Borders><Lines><KeyValueOfguidanyType><Value><GenericTypeId>GE.DF</GenericTypeId><Guid>f1</Guid><SourceGuid>` + src +
			`</SourceGuid><TargetGuid>a1</TargetGuid></Value></KeyValueOfguidanyType></Lines><Borders>`
	}
	cases := []struct {
		name, data, want string // want: line:col: and a part of the message
	}{
		{"empty", "", `1:1: .*no XML element`},
		{"not xml", "{\"version\": 2}", `1:1: .*text outside the root`},
		{"truncated", "<ThreatModel>\n  <DrawingSurfaceList>", `2:23: .*XML: the file ends inside an element`},
		{"mismatched", "<ThreatModel>\n<a></b></ThreatModel>", `2:8: .*XML: element <a> .*closed by </b>`},
		{"doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY a \"aaaa\">]>\n<ThreatModel>&a;</ThreatModel>", `2:1: .*<!DOCTYPE ...> is not allowed`},
		{"undefined entity", "<ThreatModel>&a;</ThreatModel>", `1:1[0-9]: .*XML: invalid character entity &a;`},
		{"utf16", "\xff\xfe<\x00", `1:1: .*UTF-16`},
		{"latin1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ThreatModel/>", `1:[0-9]+: .*XML: .*encoding`},
		{"wrong root", "\n<mxfile/>", `2:1: .*root element mxfile: not a Threat Modeling Tool model`},
		{"two roots", "<ThreatModel/><ThreatModel/>", `1:15: .*a second root element`},
		{"no surfaces", "<ThreatModel><Version>4.3</Version></ThreatModel>", `1:1: .*no DrawingSurfaceList`},
		{"no guid", head + shape("", "1") + tail, `1:[0-9]+: .*Borders\[0\].Value.Guid: a GE.P without a Guid`},
		{"duplicate guid", head + shape("a1", "1") + "\n" + shape("A1", "2") + tail, `2:24: .*Borders\[1\].Value.Guid: duplicate Guid a1 \(also .*Borders\[0\].Value at 1:[0-9]+\)`},
		{"bad coordinate", head + shape("a1", "NaN") + tail, `1:[0-9]+: .*Left is "NaN", not a coordinate`},
		{"dangling flow", head + shape("a1", "1") + lines("b2") + tail, `.*Lines\[0\].Value.SourceGuid: the flow's SourceGuid b2 names no shape`},
		{"flow to a box", head + `<KeyValueOfguidanyType><Value><GenericTypeId>GE.TB.B</GenericTypeId><Guid>b2</Guid></Value></KeyValueOfguidanyType>` + shape("a1", "1") + lines("b2") + tail,
			`the flow's SourceGuid is a GE.TB.B, not a process`},
		{"deep", "<ThreatModel>" + strings.Repeat("<a>", MaxDepth) + strings.Repeat("</a>", MaxDepth) + "</ThreatModel>", `1:[0-9]+: .*nested more than 64 deep`},
		{"attributes", "<ThreatModel" + attrs(MaxAttributes+1) + "/>", `1:1: .*65 attributes on one element`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			imp, diags := Import("bad.tm7", []byte(c.data))
			if imp != nil || len(diags) == 0 {
				t.Fatalf("accepted; want an error matching %s", c.want)
			}
			got := diags[0].String()
			if !regexp.MustCompile(`^bad\.tm7:`+c.want).MatchString(got) && !regexp.MustCompile(c.want).MatchString(got) {
				t.Errorf("got %q\nwant %s", got, c.want)
			}
			if !regexp.MustCompile(`^bad\.tm7:[0-9]+:[0-9]+: `).MatchString(got) {
				t.Errorf("not located: %q", got)
			}
		})
	}
}

func attrs(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(` a` + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `="1"`)
	}
	return b.String()
}

// TestElementLimits: a file of more elements than the limits is refused
// (the template copy is counted too, though not kept).
func TestElementLimits(t *testing.T) {
	kept := "<ThreatModel><Notes>" + strings.Repeat("<n/>", MaxKept) + "</Notes></ThreatModel>"
	if _, diags := Import("big.tm7", []byte(kept)); len(diags) == 0 || !strings.Contains(diags[0].String(), "outside the knowledge base") {
		t.Errorf("kept: %v", diags)
	}
	all := "<ThreatModel><KnowledgeBase>" + strings.Repeat("<n/>", MaxElements) + "</KnowledgeBase></ThreatModel>"
	if _, diags := Import("big.tm7", []byte(all)); len(diags) == 0 || !strings.Contains(diags[0].String(), "XML elements: the import limit") {
		t.Errorf("all: %v", diags)
	}
}

// TestKnowledgeBaseSkipped: the template copy is read for well-formedness
// only; a file whose knowledge base is all a model has imports.
func TestKnowledgeBaseSkipped(t *testing.T) {
	data := "<ThreatModel><DrawingSurfaceList/><KnowledgeBase>" + strings.Repeat("<x><y>t</y></x>", 1000) + "</KnowledgeBase></ThreatModel>"
	imp := mustImport(t, "kb.tm7", []byte(data))
	if len(imp.Model.Elements) != 0 {
		t.Errorf("%d elements", len(imp.Model.Elements))
	}
}
