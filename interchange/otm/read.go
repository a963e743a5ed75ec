package otm

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// The parts of an OTM file the importer reads. Each keeps where it was
// written, for the diagnostics about it. Keys the importer does not use
// (representations, positions, extension keys) are skipped: OTM lets
// tools add their own.
type (
	document struct {
		version     string
		project     project
		zones       []zone
		components  []component
		flows       []dataflow
		assets      []asset
		threats     []threatDef
		mitigations []mitigationDef
		pos         diag.Pos
	}
	project struct {
		id, name, description, owner, ownerContact string
		attrs                                      map[string]string
	}
	zone struct {
		id, name, typ, description string
		trust                      float64
		hasTrust                   bool
		parent                     parentRef
		attrs                      map[string]string
		pos                        diag.Pos
	}
	parentRef struct {
		zone, component string
		pos             diag.Pos
	}
	ref struct {
		id  string
		pos diag.Pos
	}
	component struct {
		id, name, typ, description string
		parent                     parentRef
		tags                       []string
		attrs                      map[string]string
		processed, stored          []ref
		threats                    []threatRef
		pos                        diag.Pos
	}
	dataflow struct {
		id, name, description string
		bidirectional         bool
		source, destination   ref
		assets                []ref
		tags                  []string
		attrs                 map[string]string
		threats               []threatRef
		pos                   diag.Pos
	}
	asset struct {
		id, name, description string
		c, i, a               float64
		attrs                 map[string]string
		pos                   diag.Pos
	}
	threatRef struct {
		threat      ref
		state       string
		mitigations []mitigationRef
		pos         diag.Pos
	}
	mitigationRef struct {
		mitigation ref
		state      string
	}
	threatDef struct {
		id, name, description  string
		categories, cwes, tags []string
		likelihood, impact     float64
		hasLikelihood          bool
		attrs                  map[string]string
		pos                    diag.Pos
	}
	mitigationDef struct {
		id, name, description string
		riskReduction         float64
		attrs                 map[string]string
		pos                   diag.Pos
	}
)

// reader walks the tree of an OTM file, collecting every problem.
type reader struct {
	diags position.Capped
	nrefs int // threat and mitigation references read so far
}

// errorf records a problem; past position.MaxProblems they are only
// counted, and the last line of the list says how many more there were.
func (r *reader) errorf(pos diag.Pos, field, hint, format string, args ...any) {
	r.diags.Add(pos, field, hint, format, args...)
}

// obj checks that n is a mapping and returns its pairs; a null is an
// empty mapping. Each key may appear once.
func (r *reader) obj(n *strictyaml.Node, field string) []strictyaml.Pair {
	if n == nil || n.Kind == strictyaml.Null {
		return nil
	}
	if n.Kind != strictyaml.Mapping {
		r.errorf(n.Pos, field, "see the OTM schema", "expected an object, got %s", n.Describe())
		return nil
	}
	return n.Pairs
}

// list checks that n is a list (or null) of at most limit items.
func (r *reader) list(n *strictyaml.Node, field string, limit int) []*strictyaml.Node {
	if n == nil || n.Kind == strictyaml.Null {
		return nil
	}
	if n.Kind != strictyaml.Sequence {
		r.errorf(n.Pos, field, "see the OTM schema", "expected a list, got %s", n.Describe())
		return nil
	}
	if len(n.Items) > limit {
		r.errorf(n.Pos, field, "split the model; the limits are in docs/interchange.md",
			"%d items: over the OTM import limit of %d", len(n.Items), limit)
		return nil
	}
	return n.Items
}

// str reads a scalar as text: OTM ids are strings, but a YAML file may
// well write id: 55, which is kept as "55". A null is "".
func (r *reader) str(n *strictyaml.Node, field string) string {
	if n == nil || n.Kind == strictyaml.Null {
		return ""
	}
	if n.Kind != strictyaml.Scalar {
		r.errorf(n.Pos, field, "see the OTM schema", "expected a string, got %s", n.Describe())
		return ""
	}
	if len(n.Value) > maxText {
		r.errorf(n.Pos, field, "an OTM value is a name or a paragraph", "text of %d bytes: over the limit of %d", len(n.Value), maxText)
		return ""
	}
	return n.Value
}

// strs reads a list of strings, skipping nulls (the schema allows them).
func (r *reader) strs(n *strictyaml.Node, field string) []string {
	var out []string
	for i, item := range r.list(n, field, maxItems) {
		if s := r.str(item, fmt.Sprintf("%s[%d]", field, i)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// num reads a number; ok is false for a null or a missing value.
func (r *reader) num(n *strictyaml.Node, field string) (v float64, ok bool) {
	if n == nil || n.Kind == strictyaml.Null {
		return 0, false
	}
	if n.Kind == strictyaml.Scalar && (n.Tag == strictyaml.TagInt || n.Tag == strictyaml.TagFloat) {
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f, true
		}
	}
	r.errorf(n.Pos, field, "OTM ratings are numbers, such as 0 to 100", "expected a number, got %s", n.Describe())
	return 0, false
}

// boolean reads true or false; null is false.
func (r *reader) boolean(n *strictyaml.Node, field string) bool {
	if n == nil || n.Kind == strictyaml.Null {
		return false
	}
	if n.Kind == strictyaml.Scalar && n.Tag == strictyaml.TagBool {
		return n.Value == "true"
	}
	r.errorf(n.Pos, field, "write true or false", "expected true or false, got %s", n.Describe())
	return false
}

// attrs reads an attributes (or properties) object as text: nested
// values are kept only when they are scalars.
func (r *reader) attrs(n *strictyaml.Node, field string) map[string]string {
	pairs := r.obj(n, field)
	if len(pairs) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, p := range pairs {
		if p.Value != nil && p.Value.Kind == strictyaml.Scalar && len(p.Value.Value) <= maxText {
			out[p.Key.Value] = p.Value.Value
		}
	}
	return out
}

// fields splits an object's pairs by key, reporting keys written twice.
func (r *reader) fields(n *strictyaml.Node, field string) map[string]*strictyaml.Node {
	out := map[string]*strictyaml.Node{}
	for _, p := range r.obj(n, field) {
		if _, dup := out[p.Key.Value]; dup {
			r.errorf(p.Key.Pos, field+"."+p.Key.Value, "keep one", "key %q is written twice", p.Key.Value)
			continue
		}
		out[p.Key.Value] = p.Value
	}
	return out
}

// required reads a required string key of an object at pos.
func (r *reader) required(f map[string]*strictyaml.Node, key string, pos diag.Pos, field string) string {
	n, ok := f[key]
	if !ok || n == nil || n.Kind == strictyaml.Null {
		r.errorf(pos, field+"."+key, "the OTM schema requires it", "missing %s", key)
		return ""
	}
	s := r.str(n, field+"."+key)
	if strings.TrimSpace(s) == "" && n.Kind == strictyaml.Scalar {
		r.errorf(n.Pos, field+"."+key, "the OTM schema requires it", "empty %s", key)
	}
	return s
}

// refOf reads an id reference.
func (r *reader) refOf(n *strictyaml.Node, field string) ref {
	if n == nil {
		return ref{}
	}
	return ref{id: r.str(n, field), pos: n.Pos}
}

// read walks the whole document.
func (r *reader) read(root *strictyaml.Node) *document {
	d := &document{pos: root.Pos}
	if root.Kind != strictyaml.Mapping {
		r.errorf(root.Pos, "", "an OTM file is an object with otmVersion and project", "expected an object, got %s", root.Describe())
		return d
	}
	f := r.fields(root, "")
	if v, ok := f["otmVersion"]; !ok {
		r.errorf(root.Pos, "otmVersion", "an OTM file starts with otmVersion: 0.2.0", "missing otmVersion: not an Open Threat Model file")
	} else {
		d.version = r.str(v, "otmVersion")
		if d.version != "" && !strings.HasPrefix(d.version, "0.") {
			r.errorf(v.Pos, "otmVersion", "this reads OTM 0.1 and 0.2", "unsupported OTM version %q", d.version)
		}
	}
	if p, ok := f["project"]; !ok {
		r.errorf(root.Pos, "project", "an OTM file names its project: project: {id: ..., name: ...}", "missing project")
	} else {
		pf := r.fields(p, "project")
		d.project = project{id: r.required(pf, "id", p.Pos, "project"), name: r.required(pf, "name", p.Pos, "project"),
			description: r.str(pf["description"], "project.description"), owner: r.str(pf["owner"], "project.owner"),
			ownerContact: r.str(pf["ownerContact"], "project.ownerContact"), attrs: r.attributes(pf, "project")}
	}
	for i, n := range r.list(f["trustZones"], "trustZones", maxItems) {
		d.zones = append(d.zones, r.zone(n, fmt.Sprintf("trustZones[%d]", i)))
	}
	for i, n := range r.list(f["components"], "components", maxItems) {
		d.components = append(d.components, r.component(n, fmt.Sprintf("components[%d]", i)))
	}
	for i, n := range r.list(f["dataflows"], "dataflows", maxItems) {
		d.flows = append(d.flows, r.dataflow(n, fmt.Sprintf("dataflows[%d]", i)))
	}
	for i, n := range r.list(f["assets"], "assets", maxItems) {
		d.assets = append(d.assets, r.asset(n, fmt.Sprintf("assets[%d]", i)))
	}
	for i, n := range r.list(f["threats"], "threats", maxItems) {
		d.threats = append(d.threats, r.threatDef(n, fmt.Sprintf("threats[%d]", i)))
	}
	for i, n := range r.list(f["mitigations"], "mitigations", maxItems) {
		field := fmt.Sprintf("mitigations[%d]", i)
		mf := r.fields(n, field)
		m := mitigationDef{id: r.required(mf, "id", n.Pos, field), name: r.required(mf, "name", n.Pos, field),
			description: r.str(mf["description"], field+".description"), attrs: r.attrs(mf["attributes"], field+".attributes"), pos: n.Pos}
		m.riskReduction, _ = r.num(mf["riskReduction"], field+".riskReduction")
		d.mitigations = append(d.mitigations, m)
	}
	return d
}

func (r *reader) parent(n *strictyaml.Node, field string) parentRef {
	if n == nil || n.Kind == strictyaml.Null {
		return parentRef{}
	}
	f := r.fields(n, field)
	p := parentRef{zone: r.str(f["trustZone"], field+".trustZone"), component: r.str(f["component"], field+".component"), pos: n.Pos}
	if p.zone != "" && p.component != "" {
		r.errorf(n.Pos, field, "keep trustZone or component", "a parent names both a trust zone and a component")
	}
	return p
}

// attributes reads attributes, or properties as Threat Dragon's OTM
// files call them.
func (r *reader) attributes(f map[string]*strictyaml.Node, field string) map[string]string {
	if n, ok := f["attributes"]; ok && n != nil && n.Kind != strictyaml.Null {
		return r.attrs(n, field+".attributes")
	}
	return r.attrs(f["properties"], field+".properties")
}

func (r *reader) zone(n *strictyaml.Node, field string) zone {
	f := r.fields(n, field)
	z := zone{id: r.required(f, "id", n.Pos, field), name: r.str(f["name"], field+".name"), typ: r.str(f["type"], field+".type"),
		description: r.str(f["description"], field+".description"), parent: r.parent(f["parent"], field+".parent"),
		attrs: r.attributes(f, field), pos: n.Pos}
	if risk := r.fields(f["risk"], field+".risk"); risk["trustRating"] != nil {
		z.trust, z.hasTrust = r.num(risk["trustRating"], field+".risk.trustRating")
	}
	return z
}

func (r *reader) component(n *strictyaml.Node, field string) component {
	f := r.fields(n, field)
	c := component{id: r.required(f, "id", n.Pos, field), name: r.str(f["name"], field+".name"), typ: r.str(f["type"], field+".type"),
		description: r.str(f["description"], field+".description"), parent: r.parent(f["parent"], field+".parent"),
		tags: r.strs(f["tags"], field+".tags"), attrs: r.attributes(f, field), pos: n.Pos}
	af := r.fields(f["assets"], field+".assets")
	c.processed = r.refs(af["processed"], field+".assets.processed")
	c.stored = r.refs(af["stored"], field+".assets.stored")
	c.threats = r.threatRefs(f["threats"], field+".threats")
	return c
}

func (r *reader) refs(n *strictyaml.Node, field string) []ref {
	var out []ref
	for i, item := range r.list(n, field, maxItems) {
		if item.Kind == strictyaml.Null {
			continue
		}
		out = append(out, r.refOf(item, fmt.Sprintf("%s[%d]", field, i)))
	}
	return out
}

func (r *reader) dataflow(n *strictyaml.Node, field string) dataflow {
	f := r.fields(n, field)
	fl := dataflow{id: r.required(f, "id", n.Pos, field), name: r.str(f["name"], field+".name"),
		description: r.str(f["description"], field+".description"), bidirectional: r.boolean(f["bidirectional"], field+".bidirectional"),
		tags: r.strs(f["tags"], field+".tags"), attrs: r.attributes(f, field), pos: n.Pos}
	r.required(f, "source", n.Pos, field)
	r.required(f, "destination", n.Pos, field)
	fl.source = r.refOf(f["source"], field+".source")
	fl.destination = r.refOf(f["destination"], field+".destination")
	fl.assets = r.refs(f["assets"], field+".assets")
	fl.threats = r.threatRefs(f["threats"], field+".threats")
	return fl
}

func (r *reader) asset(n *strictyaml.Node, field string) asset {
	f := r.fields(n, field)
	a := asset{id: r.required(f, "id", n.Pos, field), name: r.str(f["name"], field+".name"),
		description: r.str(f["description"], field+".description"), attrs: r.attributes(f, field), pos: n.Pos,
		c: -1, i: -1, a: -1}
	risk := r.fields(f["risk"], field+".risk")
	for key, dst := range map[string]*float64{"confidentiality": &a.c, "integrity": &a.i, "availability": &a.a} {
		if v, ok := r.num(risk[key], field+".risk."+key); ok {
			*dst = v
		}
	}
	return a
}

func (r *reader) threatRefs(n *strictyaml.Node, field string) []threatRef {
	var out []threatRef
	for i, item := range r.list(n, field, maxItems) {
		if r.nrefs++; r.nrefs > maxReferences {
			r.errorf(item.Pos, field, "split the model; the limits are in docs/interchange.md",
				"more than %d threat references: over the OTM import limit", maxReferences)
			return out
		}
		tf := fmt.Sprintf("%s[%d]", field, i)
		f := r.fields(item, tf)
		r.required(f, "threat", item.Pos, tf)
		t := threatRef{threat: r.refOf(f["threat"], tf+".threat"), state: r.str(f["state"], tf+".state"), pos: item.Pos}
		for j, m := range r.list(f["mitigations"], tf+".mitigations", maxItems) {
			mf := r.fields(m, fmt.Sprintf("%s.mitigations[%d]", tf, j))
			if mf["mitigation"] == nil || mf["mitigation"].Kind == strictyaml.Null {
				continue
			}
			t.mitigations = append(t.mitigations, mitigationRef{
				mitigation: r.refOf(mf["mitigation"], fmt.Sprintf("%s.mitigations[%d].mitigation", tf, j)),
				state:      r.str(mf["state"], fmt.Sprintf("%s.mitigations[%d].state", tf, j))})
		}
		out = append(out, t)
	}
	return out
}

func (r *reader) threatDef(n *strictyaml.Node, field string) threatDef {
	f := r.fields(n, field)
	t := threatDef{id: r.required(f, "id", n.Pos, field), name: r.required(f, "name", n.Pos, field),
		description: r.str(f["description"], field+".description"), categories: r.strs(f["categories"], field+".categories"),
		cwes: r.strs(f["cwes"], field+".cwes"), tags: r.strs(f["tags"], field+".tags"), attrs: r.attributes(f, field), pos: n.Pos}
	risk := r.fields(f["risk"], field+".risk")
	t.likelihood, t.hasLikelihood = r.num(risk["likelihood"], field+".risk.likelihood")
	var ok bool
	if t.impact, ok = r.num(risk["impact"], field+".risk.impact"); !ok {
		t.impact = -1
	}
	return t
}
