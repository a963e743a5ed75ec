package tm7

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
)

// oneLineFile is a .tm7 file on one line, as the tool writes it: one
// process p and the given data flows, each from src to dst and named
// name (i is the flow's number).
func oneLineFile(n int, src, dst, name func(i int) string) []byte {
	var b strings.Builder
	b.WriteString(`<ThreatModel xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><DrawingSurfaceList><DrawingSurfaceModel><Borders>`)
	b.WriteString(`<KeyValueOfguidanyType><Value><GenericTypeId>GE.P</GenericTypeId><Guid>p</Guid><Left>0</Left><Top>0</Top><Width>100</Width><Height>100</Height></Value></KeyValueOfguidanyType>`)
	b.WriteString(`</Borders><Lines>`)
	for i := range n {
		fmt.Fprintf(&b, `<KeyValueOfguidanyType><Value><GenericTypeId>GE.DF</GenericTypeId><Guid>f%d</Guid>`+
			`<Properties><anyType i:type="StringDisplayAttribute"><DisplayName>Name</DisplayName><Value>%s</Value></anyType></Properties>`+
			`<SourceGuid>%s</SourceGuid><TargetGuid>%s</TargetGuid></Value></KeyValueOfguidanyType>`, i, name(i), src(i), dst(i))
	}
	b.WriteString(`</Lines></DrawingSurfaceModel></DrawingSurfaceList></ThreatModel>`)
	return []byte(b.String())
}

func fixed(s string) func(int) string { return func(int) string { return s } }

// Thousands of flows to shapes the file does not have: the first
// position.MaxProblems are listed, each at its place on the one line,
// and the rest counted (19,000 took over 60 s, each located by scanning
// the line back to its start).
func TestDanglingCapped(t *testing.T) {
	data := oneLineFile(5000, func(i int) string { return fmt.Sprint("ghost", i) }, fixed("p"), fixed("f"))
	imp, diags := Import("one.tm7", data)
	if imp != nil || len(diags) != position.MaxProblems+1 {
		t.Fatalf("%d problems, want %d", len(diags), position.MaxProblems+1)
	}
	first := strings.Index(string(data), "<KeyValueOfguidanyType><Value><GenericTypeId>GE.DF")
	if d := diags[0]; d.Line != 1 || d.Column != first+len("<KeyValueOfguidanyType>")+1 || !strings.Contains(d.Message, "ghost0 names no shape") {
		t.Errorf("first problem %v (the first flow's Value is at column %d)", d, first+len("<KeyValueOfguidanyType>")+1)
	}
	if last := diags[len(diags)-1]; last.Message != "4900 more problems were found; only the first 100 are listed" {
		t.Errorf("last problem %v", last)
	}
}

// Thousands of flows from the one shape to itself, and thousands with an
// end attached to nothing, give one note each, naming ten flows, their
// names cut short (16,000 loops with 1,000-letter names took 11 s, one
// note each).
func TestLoopsAndUnattachedFold(t *testing.T) {
	long := strings.Repeat("x", 1000)
	data := oneLineFile(4000, fixed("p"), func(i int) string {
		if i%2 == 0 {
			return "p"
		}
		return nullGUID
	}, func(i int) string { return fmt.Sprintf("flow %d %s", i, long) })
	imp := mustImport(t, "loops.tm7", data)
	var got []string
	for _, n := range imp.Notes[""] {
		if strings.Contains(n, "not imported") {
			got = append(got, n)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d notes say what was not imported, want 2: %.300q", len(got), got)
	}
	for _, c := range []struct{ note, start, end string }{
		{got[0], `2000 flows have an end attached to no shape in the Threat Modeling Tool and are not imported: "flow 1 xxx`, " and 1990 more."},
		{got[1], `2000 flows go from a shape to itself and are not imported: "flow 0 xxx`, " and 1990 more."},
	} {
		if !strings.HasPrefix(c.note, c.start) || !strings.HasSuffix(c.note, c.end) || strings.Count(c.note, text.Ellipsis) != text.MaxListed || len(c.note) > 1200 {
			t.Errorf("note %q\nwant it to start %q and end %q, with 10 names cut short", c.note, c.start, c.end)
		}
	}
}
