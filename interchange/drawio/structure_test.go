package drawio

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iotthreat/iotthreat/render"
)

// TestCheckStructureRejects makes sure the structure check used on every
// export catches what would break draw.io.
func TestCheckStructureRejects(t *testing.T) {
	head := `<mxfile><diagram name="p"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>`
	tail := `</root></mxGraphModel></diagram></mxfile>`
	v := func(id, parent string) string {
		return fmt.Sprintf(`<mxCell id=%q vertex="1" parent=%q><mxGeometry width="1" height="1" as="geometry"/></mxCell>`, id, parent)
	}
	e := func(id, src, dst string) string {
		return fmt.Sprintf(`<mxCell id=%q edge="1" parent="1" source=%q target=%q><mxGeometry relative="1" as="geometry"/></mxCell>`, id, src, dst)
	}
	if _, err := checkStructure([]byte(head + v("a", "1") + v("b", "a") + e("f", "a", "b") + tail)); err != nil {
		t.Fatalf("valid file refused: %v", err)
	}
	for name, body := range map[string]string{
		"child before parent": v("b", "a") + v("a", "1"),
		"duplicate id":        v("a", "1") + v("a", "1"),
		"edge to nothing":     v("a", "1") + e("f", "a", "z"),
		"edge to edge":        v("a", "1") + e("f", "a", "a") + e("g", "a", "f"),
		"no geometry":         `<mxCell id="a" vertex="1" parent="1"/>`,
		"geometry without as": `<mxCell id="a" vertex="1" parent="1"><mxGeometry width="1" height="1"/></mxCell>`,
		"two cells in object": `<object id="a" label=""><mxCell vertex="1" parent="1"/><mxCell vertex="1" parent="1"/></object>`,
	} {
		if _, err := checkStructure([]byte(head + body + tail)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := checkStructure([]byte(strings.Replace(head, `<mxCell id="1" parent="0"/>`, "", 1) + tail)); err == nil {
		t.Error("missing layer accepted")
	}
}

// TestLargeModelGridLayout: a model over the Graphviz layout limit is
// laid out on the grid, still opens as a valid mxfile and imports back
// exactly.
func TestLargeModelGridLayout(t *testing.T) {
	n := render.MaxLayoutElements + 1
	var b strings.Builder
	b.WriteString("iotthreat: 1\nsystem: {name: Fleet}\nboundaries:\n  - {id: site, kind: local-network}\n  - {id: cloud, kind: vendor-cloud}\n")
	b.WriteString("elements:\n  - {id: api, kind: support-service, boundary: cloud}\n")
	for i := range n - 1 {
		fmt.Fprintf(&b, "  - {id: dev-%d, kind: device, boundary: site}\n", i)
	}
	b.WriteString("flows:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  - {id: f-%d, from: dev-%d, to: api, protocol: mqtt, encryption: tls}\n", i, i)
	}
	l := parseModel(t, b.String())
	start := time.Now()
	data := export(t, l, nil)
	t.Logf("exported %d elements in %v (%d bytes)", n, time.Since(start), len(data))
	if !strings.Contains(string(data), `layout="grid"`) {
		t.Error("not laid out on the grid")
	}
	roundTrip(t, l, data)
}
