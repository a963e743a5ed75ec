package drawio

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/diag"
)

// handDrawn is a drawing made in draw.io itself: two shapes and an edge,
// no iotthreat data.
const handDrawn = `<mxfile host="app.diagrams.net">
  <diagram id="x" name="Page-1">
    <mxGraphModel>
      <root>
        <mxCell id="0"/>
        <mxCell id="1" parent="0"/>
        <mxCell id="a" value="Camera" style="rounded=1;" vertex="1" parent="1">
          <mxGeometry x="10" y="10" width="120" height="60" as="geometry"/>
        </mxCell>
        <mxCell id="b" value="Cloud" style="ellipse;shape=cloud;" vertex="1" parent="1">
          <mxGeometry x="200" y="10" width="120" height="60" as="geometry"/>
        </mxCell>
        <mxCell id="e" value="video" edge="1" parent="1" source="a" target="b">
          <mxGeometry relative="1" as="geometry"/>
        </mxCell>
      </root>
    </mxGraphModel>
  </diagram>
</mxfile>
`

func importErr(t *testing.T, data string) diag.List {
	t.Helper()
	imp, diags := Import("in.drawio", []byte(data))
	if len(diags) == 0 {
		t.Fatalf("import succeeded: %+v", imp)
	}
	if imp != nil {
		t.Error("import returned a model with its errors")
	}
	for _, d := range diags {
		if d.File != "in.drawio" || d.Line == 0 {
			t.Errorf("diagnostic not located: %+v", d)
		}
	}
	return diags
}

func wantDiag(t *testing.T, diags diag.List, pos, pattern string) {
	t.Helper()
	re := regexp.MustCompile(pattern)
	for _, d := range diags {
		if fmt.Sprintf("%d:%d", d.Line, d.Column) == pos && re.MatchString(d.Message) {
			return
		}
	}
	t.Errorf("no diagnostic at %s matching %q in %v", pos, pattern, diags)
}

// TestRefusesHandDrawn: a drawing without iotthreat data is refused,
// located at its first cell, rather than guessed into a model.
func TestRefusesHandDrawn(t *testing.T) {
	diags := importErr(t, handDrawn)
	wantDiag(t, diags, "5:9", `^no iotthreat data on cell "0": only files exported by iotthreat import exactly$`)
	if !strings.Contains(diags[0].Hint, "iotthreat export drawio") {
		t.Errorf("hint %q", diags[0].Hint)
	}
}

// TestMalformed: bad XML and hostile structure get located errors.
func TestMalformed(t *testing.T) {
	deep := "<mxfile>" + strings.Repeat("<a>", MaxXMLDepth+5) + strings.Repeat("</a>", MaxXMLDepth+5) + "</mxfile>"
	many := "<mxfile>" + strings.Repeat("<a/>", MaxXMLElements+1) + "</mxfile>"
	var attrs strings.Builder
	for i := range MaxAttributes + 1 {
		fmt.Fprintf(&attrs, ` a%d="x"`, i)
	}
	for _, tc := range []struct{ name, data, pos, msg string }{
		{"unclosed", "<mxfile>\n  <diagram>\n</mxfile>", "3:10", `^malformed XML: element <diagram> closed by </mxfile>$`},
		{"not xml", "{\"cells\": []}", "1:1", `^no XML element in the file \(it is empty or not XML\)$`},
		{"empty", "", "1:1", `^no XML element in the file`},
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`, "1:1", `^<svg> is not a draw.io file`},
		{"entity bomb", `<!DOCTYPE lol [<!ENTITY a "aaaa">]><mxfile>&a;</mxfile>`, "1:1", `declaration is not allowed`},
		{"undefined entity", `<mxfile>&ent;</mxfile>`, "1:14", `^malformed XML: invalid character entity &ent;`},
		{"deep", deep, "1:102", `nested more than 32 deep`},
		{"many", many, fmt.Sprintf("1:%d", 9+4*(MaxXMLElements-1)), `more than 200000 XML elements`},
		{"attrs", "<mxfile" + attrs.String() + "/>", "1:1", `attributes, more than the 256 allowed`},
		{"no pages", `<mxfile/>`, "1:1", `no pages`},
		{"latin-1", `<?xml version="1.0" encoding="ISO-8859-1"?><mxfile/>`, "1:44", `^encoding "ISO-8859-1" declared: only UTF-8 is read$`},
		{"bad utf8", "<mxfile name=\"\xff\"/>", "1:17", `invalid UTF-8`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantDiag(t, importErr(t, tc.data), tc.pos, tc.msg)
		})
	}
}

// compress writes a page as draw.io does with compression on.
func compress(t testing.TB, graphModel string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	if _, err := w.Write([]byte(strings.ReplaceAll(url.QueryEscape(graphModel), "+", "%20"))); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// TestCompressedPage: a file saved by draw.io with compression on still
// imports exactly; a page that inflates beyond the limit is refused.
func TestCompressedPage(t *testing.T) {
	l := parseModel(t, small)
	data := string(export(t, l, nil))
	start, end := strings.Index(data, "<mxGraphModel"), strings.Index(data, "</mxGraphModel>")+len("</mxGraphModel>")
	packed := data[:start] + compress(t, data[start:end]) + data[end:]
	imp, diags := Import("in.drawio", []byte(packed))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if a, b := canonical(t, l.Model), canonical(t, imp.Model); a != b {
		t.Errorf("models differ:\n%s\n%s", a, b)
	}

	bomb := `<mxfile><diagram name="x">` + compress(t, strings.Repeat("a", MaxInflated+1)) + `</diagram></mxfile>`
	wantDiag(t, importErr(t, bomb), "1:9", `inflates to more than the 67108864-byte import limit`)
	wantDiag(t, importErr(t, `<mxfile><diagram>!!!</diagram></mxfile>`), "1:9", `not base64`)
	wantDiag(t, importErr(t, `<mxfile><diagram>`+compress(t, "<mxGraphModel><root>")+`</diagram></mxfile>`), "1:9",
		`^in the page's compressed text at 1:21: malformed XML`)
}

// edit changes an exported file as a person would in draw.io.
func edit(t *testing.T, data, old, new string) string {
	t.Helper()
	if !strings.Contains(data, old) {
		t.Fatalf("export lacks %q", old)
	}
	return strings.Replace(data, old, new, 1)
}

// TestEditsInDrawio: moving a shape into another container and
// reconnecting an edge change the model, with notes; a changed label and
// shapes drawn by hand are noted and not imported.
func TestEditsInDrawio(t *testing.T) {
	l := parseModel(t, small)
	data := string(export(t, l, nil))
	// db moves from vpc to the top level; the clear flow now starts at the lock.
	at := strings.Index(data, `id="element-db"`)
	data = data[:at] + edit(t, data[at:], `parent="boundary-vpc"`, `parent="1"`)
	data = edit(t, data, `parent="1" source="element-app" target="element-api"`, `parent="1" source="element-lock" target="element-api"`)
	data = edit(t, data, `label="Home · local-network"`, `label="My flat"`)
	data = edit(t, data, `<object label="Exported by iotthreat.`, `<mxCell id="note1" value="remember the router" vertex="1" parent="1"><mxGeometry as="geometry"/></mxCell>
        <object label="Exported by iotthreat.`)
	imp, diags := Import("in.drawio", []byte(data))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := map[string]string{
		"boundaries[home]": `label was changed in draw.io to "My flat"`,
		"flows[clear]":     `Reconnected in draw.io: from lock, was app.`,
		"":                 `Cells drawn in draw.io without iotthreat data were left out: "note1" (remember the router)`,
	}
	for key, text := range want {
		if !strings.Contains(strings.Join(imp.Notes[key], "\n"), text) {
			t.Errorf("notes[%s] = %q, want %q", key, imp.Notes[key], text)
		}
	}
	moved := ""
	for k, v := range imp.Notes {
		if strings.HasPrefix(k, "elements[") {
			moved += k + ": " + strings.Join(v, " ")
		}
	}
	if !strings.Contains(moved, "Moved in draw.io: in boundary (top level), was vpc.") {
		t.Errorf("move not noted: %q", moved)
	}
	for _, f := range imp.Model.Flows {
		if f.ID == "clear" && f.From != "lock" {
			t.Errorf("clear flows from %s", f.From)
		}
	}
}

// TestBrokenEdits: edits that leave no valid model are located on the
// cell concerned.
func TestBrokenEdits(t *testing.T) {
	l := parseModel(t, small)
	data := string(export(t, l, nil))
	for _, tc := range []struct{ name, old, new, pos, msg string }{
		{"bad json", `iotthreat="{&quot;id&quot;:&quot;lock&quot;`, `iotthreat="{&quot;id&quot;:&quot;lock&quot;,,`, "", `invalid JSON at character 14`},
		{"unknown key", `iotthreat="{&quot;id&quot;:&quot;lock&quot;`, `iotthreat="{&quot;colour&quot;:1,&quot;id&quot;:&quot;lock&quot;`, "", `unknown field "colour"`},
		{"id mismatch", `iotthreat_id="lock"`, `iotthreat_id="latch"`, "", `iotthreat_id "latch" does not match the id "lock"`},
		{"version", `iotthreat_format="1"`, `iotthreat_format="9"`, "", `iotthreat data of format "9": this version reads format 1`},
		{"duplicate cell", `id="element-db"`, `id="element-api"`, "", `cell id "element-api" is used twice`},
		{"deep json", `iotthreat="{&quot;id&quot;:&quot;lock&quot;`, `iotthreat="{&quot;x&quot;:` + strings.Repeat("[", 100) + `0` + strings.Repeat("]", 100) + `,&quot;id&quot;:&quot;lock&quot;`, "", `JSON nested more than 64 deep`},
		{"many values", `iotthreat="{&quot;id&quot;:&quot;lock&quot;`, `iotthreat="{&quot;x&quot;:[` + strings.Repeat("0,", MaxJSONValues) + `0],&quot;id&quot;:&quot;lock&quot;`, "", `more than 5000000 JSON values`},
		{"kind", `iotthreat_kind="element" iotthreat_id="db"`, `iotthreat_kind="gadget" iotthreat_id="db"`, "", `unknown iotthreat_kind "gadget"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := importErr(t, edit(t, data, tc.old, tc.new))
			re := regexp.MustCompile(tc.msg)
			found := false
			for _, d := range diags {
				found = found || re.MatchString(d.Message)
			}
			if !found {
				t.Errorf("no %q in %v", tc.msg, diags)
			}
		})
	}
}

// TestDeletedElement: deleting a shape that a flow still names gives the
// model's own error, placed on the flow's cell.
func TestDeletedElement(t *testing.T) {
	l := parseModel(t, small)
	data := string(export(t, l, nil))
	start := strings.Index(data, `<object label="Database`)
	if start < 0 {
		start = strings.Index(data, `<object label="db`)
	}
	end := start + strings.Index(data[start:], "</object>") + len("</object>")
	data = data[:start] + data[end:]
	diags := importErr(t, data)
	line := 1 + strings.Count(data[:strings.Index(data, `id="flow-store"`)], "\n")
	ok := false
	for _, d := range diags {
		ok = ok || d.Line == line && strings.HasPrefix(d.Field, "flows[store]")
	}
	if !ok {
		t.Errorf("no error on the store flow's cell (line %d): %v", line, diags)
	}
}

// TestGroupInBoundary: shapes grouped in draw.io sit in a group cell
// inside the container; the group is looked through.
func TestGroupInBoundary(t *testing.T) {
	l := parseModel(t, small)
	data := string(export(t, l, nil))
	at := strings.Index(data, `id="element-db"`)
	data = data[:at] + edit(t, data[at:], `parent="boundary-vpc"`, `parent="group1"`)
	data = edit(t, data, `<object label="Exported by iotthreat.`, `<mxCell id="group1" style="group" vertex="1" connectable="0" parent="boundary-vpc"><mxGeometry width="10" height="10" as="geometry"/></mxCell>
        <object label="Exported by iotthreat.`)
	// A container after its children is out of draw.io's order, but the
	// importer finds parents by id wherever they are.
	imp, diags := Import("in.drawio", []byte(data))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, e := range imp.Model.Elements {
		if e.ID == "db" && e.Boundary != "vpc" {
			t.Errorf("db in %q", e.Boundary)
		}
	}
	for k, v := range imp.Notes {
		if k == "elements[db]" {
			t.Errorf("note on db: %q", v)
		}
	}
}

// TestCellOrder: draw.io saves cells in tree order, not the order
// iotthreat wrote them; the items keep the model's order.
func TestCellOrder(t *testing.T) {
	l := parseModel(t, small)
	data := string(export(t, l, nil))
	start := strings.Index(data, `<object label="lock`)
	end := start + strings.Index(data[start:], "</object>") + len("</object>")
	lock := data[start:end]
	data = data[:start] + data[end:]
	at := strings.Index(data, `<object label="Exported by iotthreat.`)
	data = data[:at] + lock + "\n" + data[at:]
	imp, diags := Import("in.drawio", []byte(data))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if imp.Model.Elements[0].ID != "lock" {
		t.Errorf("first element %s, want lock", imp.Model.Elements[0].ID)
	}
	if a, b := canonical(t, l.Model), canonical(t, imp.Model); a != b {
		t.Errorf("models differ:\n%s\n%s", a, b)
	}
}

// TestEmptyCellID: a shape whose cell id was emptied in draw.io still
// sits in the boundary it is drawn in. The walk up to its container
// started at the cell's own id, and "" is the top level as a parent: the
// shape was moved out of its boundary without a word of why.
func TestEmptyCellID(t *testing.T) {
	l := parseModel(t, small)
	data := edit(t, string(export(t, l, nil)), `id="element-db"`, `id=""`)
	imp, diags := Import("in.drawio", []byte(data))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, e := range imp.Model.Elements {
		if e.ID == "db" && e.Boundary != "vpc" {
			t.Errorf("db in %q, notes %q", e.Boundary, imp.Notes["elements[db]"])
		}
	}
}
