package regulatory

import (
	"slices"

	"github.com/iotthreat/iotthreat/engine"
)

// findingRefs finds the analysis findings the documents cite by id.
type findingRefs struct {
	list []engine.Finding
	byID map[string]int
}

func newFindingRefs(findings []engine.Finding) *findingRefs {
	f := &findingRefs{list: findings, byID: make(map[string]int, len(findings))}
	for i := range findings {
		f.byID[findings[i].ID] = i
	}
	return f
}

// refs returns the findings named by ids, in the engine's order (worst
// first); ids that name no finding are skipped. Never nil.
func (f *findingRefs) refs(ids []string) []FindingRef {
	idx := make([]int, 0, len(ids))
	for _, id := range ids {
		if i, ok := f.byID[id]; ok {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	out := make([]FindingRef, 0, len(idx))
	for _, i := range idx {
		out = append(out, f.ref(i))
	}
	return out
}

// ref cites the finding at index i of the analysis.
func (f *findingRefs) ref(i int) FindingRef {
	x := &f.list[i]
	return FindingRef{
		Index: i, ID: x.ID, Title: x.Title, Severity: x.Severity, Status: x.Status,
		Reason: x.Tracking.Reason, Until: x.Tracking.Until, Source: x.Source,
	}
}
