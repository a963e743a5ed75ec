package drawio

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/modeldiff"
)

// xcell is a cell as the structure check reads it.
type xcell struct {
	id, parent, source, target string
	vertex, edge               bool
	geometry                   bool // has <mxGeometry as="geometry">
	attrs                      map[string]string
}

// checkStructure parses an exported file with encoding/xml and checks the
// rules draw.io relies on to open it: the mxfile > diagram > mxGraphModel
// > root nesting; cells 0 (the root) and 1 (the default layer, child of
// 0) first; unique ids; every parent defined before its children (draw.io
// builds the tree in one pass, so a container comes before what it
// holds); vertices and edges with an mxGeometry as="geometry", edges
// with relative="1"; every edge's source and target an existing vertex;
// an <object> wrapping exactly one mxCell without an id of its own.
func checkStructure(data []byte) ([]xcell, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var path []string
	var cells []xcell
	var cur *xcell
	var object map[string]string
	objectCells := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attrs := map[string]string{}
			for _, a := range t.Attr {
				attrs[a.Name.Local] = a.Value
			}
			want := map[int]string{0: "mxfile", 1: "diagram", 2: "mxGraphModel", 3: "root"}
			if w, ok := want[len(path)]; ok && t.Name.Local != w {
				return nil, fmt.Errorf("<%s> at depth %d, want <%s>", t.Name.Local, len(path), w)
			}
			switch {
			case len(path) == 4 && t.Name.Local == "object":
				object, objectCells = attrs, 0
				if attrs["id"] == "" {
					return nil, fmt.Errorf("object without id")
				}
				if _, ok := attrs["label"]; !ok {
					return nil, fmt.Errorf("object %s without label", attrs["id"])
				}
			case t.Name.Local == "mxCell" && (len(path) == 4 || len(path) == 5 && path[4] == "object"):
				c := xcell{id: attrs["id"], parent: attrs["parent"], source: attrs["source"], target: attrs["target"],
					vertex: attrs["vertex"] == "1", edge: attrs["edge"] == "1", attrs: attrs}
				if len(path) == 5 {
					if objectCells++; objectCells > 1 {
						return nil, fmt.Errorf("object %s wraps two cells", object["id"])
					}
					if c.id != "" {
						return nil, fmt.Errorf("cell inside object %s has its own id", object["id"])
					}
					c.id, c.attrs = object["id"], object
				}
				cells = append(cells, c)
				cur = &cells[len(cells)-1]
			case t.Name.Local == "mxGeometry":
				if cur == nil || attrs["as"] != "geometry" {
					return nil, fmt.Errorf("mxGeometry outside a cell or without as=\"geometry\"")
				}
				if cur.edge && attrs["relative"] != "1" {
					return nil, fmt.Errorf("edge %s geometry not relative", cur.id)
				}
				if cur.vertex && (attrs["width"] == "" || attrs["height"] == "") {
					return nil, fmt.Errorf("vertex %s without a size", cur.id)
				}
				cur.geometry = true
			}
			path = append(path, t.Name.Local)
		case xml.EndElement:
			path = path[:len(path)-1]
		}
	}
	if len(cells) < 2 || cells[0].id != "0" || cells[0].parent != "" || cells[1].id != "1" || cells[1].parent != "0" {
		return nil, fmt.Errorf("cells 0 and 1 are not first")
	}
	seen := map[string]*xcell{}
	for i := range cells {
		c := &cells[i]
		if seen[c.id] != nil {
			return nil, fmt.Errorf("duplicate id %s", c.id)
		}
		if i > 0 && seen[c.parent] == nil {
			return nil, fmt.Errorf("cell %s: parent %q not defined before it", c.id, c.parent)
		}
		if (c.vertex || c.edge) && !c.geometry {
			return nil, fmt.Errorf("cell %s without geometry", c.id)
		}
		if c.vertex == c.edge && i > 1 {
			return nil, fmt.Errorf("cell %s is neither or both vertex and edge", c.id)
		}
		seen[c.id] = c
	}
	for _, c := range cells {
		if !c.edge {
			continue
		}
		for _, end := range []string{c.source, c.target} {
			if v := seen[end]; v == nil || !v.vertex {
				return nil, fmt.Errorf("edge %s: end %q is not a vertex", c.id, end)
			}
		}
	}
	return cells, nil
}

// canonical is a model with every field, for an exact comparison
// (CompareModels leaves out vocabulary and rule examples).
func canonical(t *testing.T, m *model.Model) string {
	t.Helper()
	c := *m
	c.Include = nil
	s, err := compactJSON(&c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// roundTrip exports l, checks the file's structure, imports it and
// checks that the model is the same, that the import has no notes but
// the head, and that the written model parses back to it.
func roundTrip(t *testing.T, l *model.Loaded, data []byte) {
	t.Helper()
	if _, err := checkStructure(data); err != nil {
		t.Fatalf("structure: %v", err)
	}
	imp, diags := Import("x.drawio", data)
	if len(diags) > 0 {
		t.Fatalf("import: %v", diags)
	}
	if ch := modeldiff.CompareModels(l.Model, imp.Model); !ch.Empty() {
		t.Errorf("CompareModels: %+v", ch)
	}
	if a, b := canonical(t, l.Model), canonical(t, imp.Model); a != b {
		t.Errorf("models differ:\n%s\n%s", a, b)
	}
	for k, v := range imp.Notes {
		if k != "" || len(v) != 2 {
			t.Errorf("unexpected note %s: %q", k, v)
		}
	}
	y, err := modelyaml.Marshal(imp)
	if err != nil {
		t.Fatal(err)
	}
	back, pd := model.Parse("back.yaml", y, model.Options{})
	if len(pd) > 0 {
		t.Fatalf("written model does not parse: %v\n%s", pd, y)
	}
	if a, b := canonical(t, l.Model), canonical(t, back.Model); a != b {
		t.Errorf("written model differs:\n%s\n%s", a, b)
	}
}

// TestExamplesRoundTrip exports every example model with its findings,
// checks the mxfile structure and imports it back to the same model.
func TestExamplesRoundTrip(t *testing.T) {
	paths, _ := filepath.Glob("../../examples/*.yaml")
	if len(paths) < 5 {
		t.Fatalf("found %d examples", len(paths))
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			l, rep := load(t, p)
			data := export(t, l, rep)
			roundTrip(t, l, data)
			if again := export(t, l, rep); !bytes.Equal(data, again) {
				t.Error("two exports of one model differ")
			}
		})
	}
}

// TestSmallRoundTrip covers what the examples may not: an empty nested
// boundary, markup characters in names, options maps, a pointer set to
// false, tracking and hand-written threats; and the export without an
// analysis.
func TestSmallRoundTrip(t *testing.T) {
	l := parseModel(t, small)
	roundTrip(t, l, export(t, l, nil))
	data := export(t, l, nil)
	for _, want := range []string{
		`<object label="" id="0" iotthreat_kind="model" iotthreat_format="1"`,
		`name="Small &lt;home&gt; &amp; &quot;co&quot;"`,
		`id="boundary-spare"`, `parent="boundary-cloud"`,
		`&quot;internet_facing&quot;:false`,
		// the cleartext flow crossing into the cloud is dashed red
		`id="flow-clear" iotthreat_kind="flow" iotthreat_id="clear" iotthreat_index="2" protocol="http"`,
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("export lacks %s", want)
		}
	}
	if !strings.Contains(string(data), "dashed=1;strokeWidth=2;strokeColor=#d50000") {
		t.Error("no dashed red edge")
	}
}

// TestGridFallback checks the layout for models too large for Graphviz:
// every element and boundary placed, children inside their parents, no
// two siblings overlapping; and the file still round-trips.
func TestGridFallback(t *testing.T) {
	l := parseModel(t, small)
	pos := gridLayout(l.Model)
	for _, e := range l.Model.Elements {
		box, ok := pos.Elements[e.ID]
		if !ok {
			t.Fatalf("%s not placed", e.ID)
		}
		if e.Boundary != "" {
			p := pos.Boundaries[e.Boundary]
			if box.X < p.X || box.Y < p.Y || box.X+box.W > p.X+p.W || box.Y+box.H > p.Y+p.H {
				t.Errorf("%s %v outside %s %v", e.ID, box, e.Boundary, p)
			}
		}
	}
	for _, b := range l.Model.Boundaries {
		if _, ok := pos.Boundaries[b.ID]; !ok {
			t.Fatalf("boundary %s not placed", b.ID)
		}
	}
	v := pos.Boundaries["vpc"]
	s := pos.Boundaries["spare"]
	if v.X < s.X+s.W && s.X < v.X+v.W && v.Y < s.Y+s.H && s.Y < v.Y+v.H {
		t.Errorf("siblings overlap: %v %v", v, s)
	}
}
