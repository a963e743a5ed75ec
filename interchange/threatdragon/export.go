package threatdragon

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/render"
)

// exportVersion is the Threat Dragon version written: the one of its
// current demo models.
const exportVersion = "2.3.0"

// placeholderPrefix starts the ids of the placeholders drawn in empty
// boundaries; a model id has no colon, so none is taken.
const placeholderPrefix = "iotthreat:empty:"

// scale enlarges Graphviz's points to Threat Dragon's canvas units, whose
// shapes draw their labels larger.
const scale = 1.3

// Export writes the model and its findings as a Threat Dragon v2 model
// with one diagram laid out like iotthreat's own. Findings on elements,
// flows and boundaries become threats on their cells; findings on data
// assets and on the system have no cell and are left out. The layout has
// the diagram command's limits (render.MaxLayoutElements).
func Export(w io.Writer, e interchange.Export) error {
	l := e.Loaded
	pos, err := render.Layout(drawn(l), nil, render.Options{Plain: true, Direction: "LR"})
	if err != nil {
		return err
	}
	m := l.Model
	x := &exporter{m: m, pos: pos, threats: findingsByTarget(e.Report)}
	var cells []any
	cells = append(cells, x.boxes()...)
	cells = append(cells, x.shapes()...)
	cells = append(cells, x.flows()...)
	doc := map[string]any{
		"version": exportVersion,
		"summary": map[string]any{"title": m.System.Name, "owner": m.System.Owner, "description": m.System.Description, "id": 0,
			itemKey: interchange.CarriedTree(rest(m))},
		"detail": map[string]any{
			"contributors": []any{},
			"diagrams": []any{map[string]any{
				"id": 0, "title": m.System.Name, "diagramType": "STRIDE", "version": exportVersion,
				"placeholder": "Exported by " + producer(e), "thumbnail": "./public/content/images/thumbnail.stride.jpg",
				"description": "Laid out by iotthreat; findings are threats on their elements and flows.",
				"cells":       cells,
			}},
			"diagramTop": 1, "reviewer": "", "threatTop": x.number,
		},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func producer(e interchange.Export) string {
	if e.Producer != "" {
		return e.Producer
	}
	return "iotthreat"
}

type exporter struct {
	m       *model.Model
	pos     *render.Positions
	threats map[string][]*engine.Finding // by target id
	number  int                          // threats written so far
	z       int
}

// cellID is a stable UUID-shaped id for an iotthreat id, so that exports
// of one model are identical and a flow names its ends.
func cellID(kind, id string) string {
	h := sha1.Sum([]byte(kind + "\x00" + id))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func round(v float64) float64 { return math.Round(v*scale*10) / 10 }

// geometry is a cell's position and size, never under the schema's
// minimum size of 10.
func geometry(b render.Box) (map[string]any, map[string]any) {
	return map[string]any{"x": round(b.X), "y": round(b.Y)},
		map[string]any{"width": math.Max(10, round(b.W)), "height": math.Max(10, round(b.H))}
}

func (x *exporter) next() int { x.z++; return x.z }

// boxes writes the boundaries outermost first, so that inner boxes lie
// on top; each box's data says the boundary's place in the model
// (iotthreatIndex), which import puts the boundaries back in.
func (x *exporter) boxes() []any {
	depth := map[string]int{}
	within := map[string]string{}
	for _, b := range x.m.Boundaries {
		within[b.ID] = b.Within
	}
	for _, b := range x.m.Boundaries {
		seen := map[string]bool{}
		for id := b.Within; id != "" && !seen[id]; id = within[id] {
			seen[id] = true
			depth[b.ID]++
		}
	}
	var out []any
	order := make([]int, len(x.m.Boundaries))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return depth[x.m.Boundaries[order[i]].ID] < depth[x.m.Boundaries[order[j]].ID] })
	for _, i := range order {
		b := &x.m.Boundaries[i]
		r, ok := x.pos.Boundaries[b.ID]
		if !ok {
			continue
		}
		p, s := geometry(r)
		name := nameOr(b.Name, b.ID)
		out = append(out, map[string]any{
			"id": cellID("boundary", b.ID), "shape": "trust-boundary-box", "zIndex": -100 + depth[b.ID], "visible": true,
			"position": p, "size": s,
			"attrs": map[string]any{"label": map[string]any{"text": name}},
			"data": x.data("tm.BoundaryBox", name, b.Description, b.ID, b.Kind,
				map[string]any{"isTrustBoundary": true, itemKey: interchange.CarriedTree(b), indexKey: i}),
		})
	}
	return out
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// shapeOf is the Threat Dragon shape for an element kind: people and
// other companies' services are external entities (actors), stores are
// stores, the rest processes.
func shapeOf(kind string) (shape, typ string) {
	switch kind {
	case "user", "third-party-service":
		return "actor", "tm.Actor"
	case "datastore":
		return "store", "tm.Store"
	}
	return "process", "tm.Process"
}

func (x *exporter) shapes() []any {
	var out []any
	for i := range x.m.Elements {
		e := &x.m.Elements[i]
		r, ok := x.pos.Elements[e.ID]
		if !ok {
			continue
		}
		shape, typ := shapeOf(e.Kind)
		p, s := geometry(r)
		name := nameOr(e.Name, e.ID)
		extra := map[string]any{"outOfScope": false, "reasonOutOfScope": "", itemKey: interchange.CarriedTree(e)}
		switch typ {
		case "tm.Actor":
			extra["providesAuthentication"] = false
		case "tm.Process":
			extra["handlesCardPayment"] = false
			extra["handlesGoodsOrServices"] = false
			extra["isWebApplication"] = e.Kind == "web-client"
			extra["privilegeLevel"] = ""
		case "tm.Store":
			extra["isALog"] = false
			extra["isEncrypted"] = false
			extra["isSigned"] = false
			extra["storesCredentials"] = false
			extra["storesInventory"] = false
		}
		data := x.data(typ, name, e.Description, e.ID, e.Kind, extra)
		out = append(out, map[string]any{
			"id": cellID("element", e.ID), "shape": shape, "zIndex": x.next(), "visible": true,
			"position": p, "size": s,
			"attrs": map[string]any{"text": map[string]any{"text": name},
				"body": map[string]any{"stroke": "#333333", "strokeWidth": 1.5, "strokeDasharray": ""}},
			"data": data,
		})
	}
	return out
}

func (x *exporter) flows() []any {
	var out []any
	internet := map[string]bool{}
	for _, b := range x.m.Boundaries {
		internet[b.ID] = b.Kind == "internet"
	}
	for i := range x.m.Flows {
		f := &x.m.Flows[i]
		r, ok := x.pos.Flows[f.ID]
		if !ok {
			continue
		}
		public := false
		for _, v := range f.Via {
			public = public || internet[v]
		}
		name := nameOr(f.Name, f.ID)
		source := ""
		if f.Bidirectional {
			source = "block"
		}
		data := x.data("tm.Flow", name, f.Description, f.ID, "", map[string]any{
			"outOfScope": false, "reasonOutOfScope": "", "protocol": f.Protocol,
			"isEncrypted": f.Encryption != "" && f.Encryption != "none", "isPublicNetwork": public, "isBidirectional": f.Bidirectional,
			itemKey: interchange.CarriedTree(f),
		})
		if f.Encryption != "" {
			data["iotthreatEncryption"] = f.Encryption
		}
		out = append(out, map[string]any{
			"id": cellID("flow", f.ID), "shape": "flow", "zIndex": x.next(), "connector": "smooth",
			"attrs": map[string]any{"line": map[string]any{"stroke": "#333333", "strokeWidth": 1, "strokeDasharray": "",
				"targetMarker": map[string]any{"name": "block"}, "sourceMarker": map[string]any{"name": source}}},
			"labels":   []any{map[string]any{"position": 0.5, "attrs": map[string]any{"label": map[string]any{"text": name}}}},
			"source":   map[string]any{"cell": cellID("element", f.From)},
			"target":   map[string]any{"cell": cellID("element", f.To)},
			"vertices": []any{map[string]any{"x": round(r.Label.X), "y": round(r.Label.Y)}},
			"data":     data,
		})
	}
	return out
}

// data is a cell's data: its type, name and description, the iotthreat
// id and kind (so that importing the file back is exact), its findings as
// threats, and the type's own flags.
func (x *exporter) data(typ, name, description, id, kind string, extra map[string]any) map[string]any {
	threats := x.threatList(id)
	open := false
	for _, t := range threats {
		open = open || t["status"] == "Open"
	}
	d := map[string]any{"type": typ, "name": name, "description": description, "hasOpenThreats": open,
		"threats": threats, "iotthreatId": id}
	if kind != "" {
		d["iotthreatKind"] = kind
	}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

// findingsByTarget groups the report's findings by target id, each group
// by finding id.
func findingsByTarget(rep *engine.Report) map[string][]*engine.Finding {
	out := map[string][]*engine.Finding{}
	if rep == nil {
		return out
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		switch f.Target.Type {
		case "element", "flow", "boundary":
			out[f.Target.ID] = append(out[f.Target.ID], f)
		}
	}
	for _, fs := range out {
		sort.Slice(fs, func(i, j int) bool { return fs[i].ID < fs[j].ID })
	}
	return out
}

// statusNames maps tracking statuses to Threat Dragon's.
var statusNames = map[string]string{"open": "Open", "in-progress": "Open", "mitigated": "Mitigated",
	"accepted": "NotApplicable", "false-positive": "NotApplicable"}

// strideNames are Threat Dragon's names for STRIDE and LINDDUN categories.
var strideNames = map[string]string{
	"spoofing": "Spoofing", "tampering": "Tampering", "repudiation": "Repudiation",
	"information-disclosure": "Information disclosure", "denial-of-service": "Denial of service",
	"elevation-of-privilege": "Elevation of privilege",
	"linking":                "Linkability", "identifying": "Identifiability", "non-repudiation": "Non-repudiation",
	"detecting": "Detectability", "data-disclosure": "Disclosure of information", "unawareness": "Unawareness",
	"non-compliance": "Non-compliance",
}

func (x *exporter) threatList(target string) []map[string]any {
	out := []map[string]any{}
	for _, f := range x.threats[target] {
		x.number++
		model, typ := "STRIDE", ""
		if len(f.STRIDE) > 0 {
			typ = strideNames[f.STRIDE[0]]
		} else if len(f.LINDDUN) > 0 {
			model, typ = "LINDDUN", strideNames[f.LINDDUN[0]]
		}
		status := statusNames[f.Status]
		if status == "" {
			status = "Open"
		}
		desc := f.Rule + ": " + f.Description
		if f.Tracking.Reason != "" {
			desc += "\n\nTriage (" + f.Status + "): " + f.Tracking.Reason
		}
		out = append(out, map[string]any{
			"id": cellID("finding", f.ID), "title": f.Title, "status": status,
			"severity": strings.ToUpper(f.Severity[:min(1, len(f.Severity))]) + f.Severity[min(1, len(f.Severity)):],
			"type":     typ, "modelType": model, "description": desc, "mitigation": strings.Join(f.Mitigations, "\n\n"),
			"number": x.number, "score": "", "new": false, "iotthreatFinding": f.ID, "iotthreatStatus": f.Status,
		})
	}
	return out
}

// drawn is the part of the model the drawing shows: elements, boundaries
// and flows with their names, kinds, protocol and protection. The layout
// is made from it alone, so that it depends on nothing else. Graphviz
// draws no empty cluster, so each boundary that holds neither an element
// nor another boundary gets a placeholder element (never written as a
// shape): every boundary is drawn as a box, and an empty one imports
// back even without the iotthreat data.
func drawn(l *model.Loaded) *model.Loaded {
	m := l.Model
	out := &model.Model{Version: m.Version, System: model.System{Name: m.System.Name}}
	out.Boundaries = append(out.Boundaries, m.Boundaries...)
	for _, e := range m.Elements {
		out.Elements = append(out.Elements, model.Element{ID: e.ID, Name: e.Name, Kind: e.Kind, Boundary: e.Boundary})
	}
	holds := map[string]bool{}
	for _, e := range m.Elements {
		holds[e.Boundary] = true
	}
	for _, b := range m.Boundaries {
		holds[b.Within] = true
	}
	for _, b := range m.Boundaries {
		if !holds[b.ID] {
			out.Elements = append(out.Elements, model.Element{ID: placeholderPrefix + b.ID, Name: " ", Kind: "support-service", Boundary: b.ID})
		}
	}
	for _, f := range m.Flows {
		out.Flows = append(out.Flows, model.Flow{ID: f.ID, Name: f.Name, From: f.From, To: f.To, Protocol: f.Protocol,
			Encryption: f.Encryption, Bidirectional: f.Bidirectional})
	}
	return &model.Loaded{Model: out, Vocab: l.Vocab}
}
