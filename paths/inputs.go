package paths

import (
	"cmp"
	"slices"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// inputs indexes what the graph is built from: the model, its derived
// facts and the analysis's findings, each in id order so that nothing
// depends on the order of the YAML.
type inputs struct {
	m        *model.Model
	elements []int // indexes into m.Elements / facts.Elements, by id
	flows    []int // indexes into m.Flows / facts.Flows, by id
	facts    *engine.Facts
	element  map[string]int   // element id → index
	out, in  map[string][]int // element id → flows it sends / receives, by flow id
	exposure map[string]string
	data     map[string]engine.DataFacts
	findings map[string][]*engine.Finding // "element:ID" / "flow:ID" → counted findings, by id
	// sensitive and secret are the classification ranks that make data a
	// target.
	sensitive, secret int
}

// counts reports whether a finding's status lets it justify a step. A
// mitigated finding is a threat the model says is handled, and a
// false-positive one does not apply: neither is a way in. An accepted
// finding is still there, only tolerated, so it counts.
func counts(status string) bool {
	return status != "mitigated" && status != "false-positive"
}

func newInputs(l *model.Loaded, facts *engine.Facts, rep *engine.Report) *inputs {
	m := l.Model
	in := &inputs{m: m, facts: facts,
		element:   make(map[string]int, len(m.Elements)),
		out:       map[string][]int{},
		in:        map[string][]int{},
		exposure:  map[string]string{},
		data:      map[string]engine.DataFacts{},
		findings:  map[string][]*engine.Finding{},
		sensitive: l.Vocab.Rank("classification", "sensitive"),
		secret:    l.Vocab.Rank("classification", "secret"),
	}
	in.elements = sortedIndexes(len(m.Elements), func(i int) string { return m.Elements[i].ID })
	in.flows = sortedIndexes(len(m.Flows), func(i int) string { return m.Flows[i].ID })
	for _, i := range in.elements {
		in.element[m.Elements[i].ID] = i
	}
	for _, i := range in.flows {
		f := &m.Flows[i]
		in.out[f.From] = append(in.out[f.From], i)
		in.in[f.To] = append(in.in[f.To], i)
	}
	for _, b := range facts.Boundaries {
		in.exposure[b.ID] = b.Exposure
	}
	for _, d := range facts.Data {
		in.data[d.ID] = d
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if !counts(f.Status) {
			continue
		}
		key := f.Target.Type + ":" + f.Target.ID
		in.findings[key] = append(in.findings[key], f)
	}
	for _, list := range in.findings {
		slices.SortFunc(list, func(a, b *engine.Finding) int { return cmp.Compare(a.ID, b.ID) })
	}
	return in
}

func sortedIndexes(n int, id func(int) string) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(id(a), id(b)) })
	return idx
}

// elementAt returns the location of an element's definition.
func (in *inputs) elementAt(i int) string { return pos(in.m.Elements[i].Src.Pos) }

// elementKeyAt returns where an element's key was written, or the element.
func (in *inputs) elementKeyAt(i int, key string) string {
	return pos(in.m.Elements[i].Src.At(key))
}

func (in *inputs) flowAt(i int) string { return pos(in.m.Flows[i].Src.Pos) }

// findingAt locates a finding at its target's definition, with a column
// when the target is an element or a flow; a hand-written threat keeps its
// own lines.
func (in *inputs) findingAt(f *engine.Finding) string {
	if f.Origin == "" {
		switch f.Target.Type {
		case "element":
			if i, ok := in.element[f.Target.ID]; ok {
				return in.elementAt(i)
			}
		case "flow":
			if i, ok := in.flowIndex(f.Target.ID); ok {
				return in.flowAt(i)
			}
		}
	}
	return pos(diag.Pos{File: f.Source.File, Line: f.Source.Line})
}

func (in *inputs) flowIndex(id string) (int, bool) {
	i, ok := slices.BinarySearchFunc(in.flows, id, func(x int, id string) int { return cmp.Compare(in.m.Flows[x].ID, id) })
	if !ok {
		return 0, false
	}
	return in.flows[i], true
}

func pos(p diag.Pos) string { return p.String() }
