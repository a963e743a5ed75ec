package html

import (
	"maps"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/vocab"
)

// The htmlView methods arrange a document for the HTML template: chart
// bars, table rows with the data filters match on, element sections,
// checklist and compliance tables.

func (v *htmlView) summaryBars() {
	d := v.D
	maxTotal := 0
	for _, l := range engine.Levels {
		if t := sum(d.Matrix[l]); t > maxTotal {
			maxTotal = t
		}
	}
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		l := engine.Levels[i]
		v.SeverityBars = append(v.SeverityBars, bar{
			Label: l, Class: "sev-" + l, Value: d.Matrix[l]["open"] + d.Matrix[l]["in-progress"],
			Total: sum(d.Matrix[l]), Max: maxTotal,
		})
	}
	for _, st := range engine.Statuses {
		v.StatusBars = append(v.StatusBars, bar{Label: st, Class: "st-" + st, Value: d.Summary.ByStatus[st], Max: d.Summary.Total})
	}
	maxStride := 0
	for _, n := range d.ByStride {
		maxStride = max(maxStride, n)
	}
	for _, c := range d.StrideCategories() {
		v.StrideBars = append(v.StrideBars, bar{Label: c, Class: "stride", Value: d.ByStride[c], Max: maxStride})
	}
}

func sum(m map[string]int) int {
	t := 0
	for _, n := range m {
		t += n
	}
	return t
}

func (v *htmlView) rows() {
	d := v.D
	elementsOf := map[int][]string{}
	for _, s := range d.Sections {
		if s.ID == "" {
			continue
		}
		for _, i := range s.Findings {
			elementsOf[i] = append(elementsOf[i], s.ID)
		}
		for _, i := range s.FlowFindings {
			elementsOf[i] = append(elementsOf[i], s.ID)
		}
	}
	parents := map[string]map[string]string{}
	for _, std := range d.Compliance.Standards {
		p := map[string]string{}
		for _, it := range std.Items {
			p[it.ID] = it.Parent
		}
		parents[std.ID] = p
	}
	cats := map[string]bool{}
	refCount := map[string]bool{}
	v.Rows = make([]findingRow, len(d.Findings))
	for i := range d.Findings {
		f := &d.Findings[i]
		var refs []string
		for _, std := range d.Compliance.Standards {
			for _, id := range compliance.FindingRefs(std.ID, f) {
				for id != "" {
					tok := std.ID + ":" + id
					if !slices.Contains(refs, tok) {
						refs = append(refs, tok)
						refCount[tok] = true
					}
					id = parents[std.ID][id]
				}
			}
		}
		categories := append(append([]string{}, f.STRIDE...), f.LINDDUN...)
		for _, c := range categories {
			cats[c] = true
		}
		v.Rows[i] = findingRow{
			F: f, Detailed: i < d.Detailed, Rank: engine.LevelRank(f.Severity), Open: compliance.IsOpen(f),
			Elements: strings.Join(elementsOf[i], " "), Categories: strings.Join(categories, " "),
			Refs: strings.Join(refs, " "),
		}
	}
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		v.Filters.Severities = append(v.Filters.Severities, engine.Levels[i])
	}
	v.Filters.Statuses = engine.Statuses
	stride := optionGroup{Label: "STRIDE"}
	for _, c := range vocab.Builtin().TermIDs("stride") {
		if cats[c] {
			stride.Options = append(stride.Options, option{c, c})
			delete(cats, c)
		}
	}
	linddun := optionGroup{Label: "LINDDUN"}
	for _, c := range slices.Sorted(maps.Keys(cats)) {
		linddun.Options = append(linddun.Options, option{c, c})
	}
	for _, g := range []optionGroup{stride, linddun} {
		if len(g.Options) > 0 {
			v.Filters.Categories = append(v.Filters.Categories, g)
		}
	}
	for _, s := range d.Sections {
		if s.ID != "" && len(s.Findings)+len(s.FlowFindings) > 0 {
			v.Filters.Elements = append(v.Filters.Elements, option{s.ID, s.Name + " (" + s.ID + ")"})
		}
	}
	for _, std := range d.Compliance.Standards {
		g := optionGroup{Label: std.Name}
		for _, it := range std.Items {
			tok := std.ID + ":" + it.ID
			if refCount[tok] {
				g.Options = append(g.Options, option{tok, stdShort(std.ID) + " " + it.ID + " " + it.Title})
			}
		}
		if len(g.Options) > 0 {
			v.Filters.Standards = append(v.Filters.Standards, g)
		}
	}
}

func (v *htmlView) sections() {
	written := map[int]bool{}
	for _, s := range v.D.Sections {
		if len(s.Findings)+len(s.FlowFindings) == 0 {
			continue
		}
		sv := sectionView{Section: s}
		// Findings beyond the detailed ones are only counted here; the
		// findings table lists them, filtered by element.
		entries := func(idx []int) []sectionEntry {
			var out []sectionEntry
			for _, i := range idx {
				if !v.Rows[i].Detailed {
					sv.More++
					continue
				}
				out = append(out, sectionEntry{Row: &v.Rows[i], Full: !written[i]})
				written[i] = true
			}
			return out
		}
		sv.Own, sv.Flows = entries(s.Findings), entries(s.FlowFindings)
		v.Sections = append(v.Sections, sv)
	}
}

func (v *htmlView) checklist() {
	refs := func(idx []int) []findingRef {
		out := make([]findingRef, len(idx))
		for k, i := range idx {
			out[k] = findingRef{F: &v.D.Findings[i], Detailed: i < v.D.Detailed}
		}
		return out
	}
	for _, it := range v.D.Checklist {
		v.Checklist = append(v.Checklist, checkView{ChecklistItem: it, Findings: refs(it.Findings)})
	}
	v.Unguided = refs(v.D.Unguided)
}

func (v *htmlView) standards() {
	listed := map[string]bool{}
	for _, c := range v.D.Checklist {
		listed[c.ID] = true
	}
	for _, std := range v.D.Compliance.Standards {
		sv := standardView{Standard: std}
		groups := map[string]bool{}
		for _, it := range std.Items {
			groups[it.Parent] = true
		}
		for _, n := range std.Counts {
			sv.Total += n
		}
		for _, it := range std.Items {
			depth := 0
			if it.Parent != "" {
				depth = 1
			}
			iv := itemView{Item: it, Token: std.ID + ":" + it.ID, Depth: depth, Group: groups[it.ID]}
			for _, c := range it.Controls {
				iv.Controls = append(iv.Controls, controlLink{ID: c.ID, Name: c.Name, Linked: listed[c.ID]})
			}
			sv.Items = append(sv.Items, iv)
		}
		v.Standards = append(v.Standards, sv)
	}
}
