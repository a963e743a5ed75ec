package engine

import (
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/model"
)

// applyTracking sets each finding's status from the model's triage
// decisions: an exact RULE@target entry wins over a RULE@* wildcard. An
// acceptance whose until date has passed reopens the finding and says so.
// It returns the entries that matched no finding, which callers report.
func applyTracking(fs []Finding, m *model.Model, today string) []OrphanedEntry {
	used := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		key := f.ID
		t, ok := m.Tracking[key]
		if !ok {
			key = f.Rule + "@*"
			t, ok = m.Tracking[key]
		}
		if !ok {
			continue
		}
		used[key] = true
		f.Tracking = Triage{Entry: key, Reason: t.Reason, Ticket: t.Ticket, By: t.By, Date: t.Date, Until: t.Until}
		if t.Status == "accepted" && t.Until != "" && t.Until < today {
			f.Status = "open"
			f.Tracking.Expired = true
			f.Why = append(f.Why, "acceptance expired on "+t.Until+": the finding is open again")
			continue
		}
		f.Status = t.Status
		f.Why = append(f.Why, "status "+t.Status+" from tracking entry "+key+reasonSuffix(t.Reason))
	}
	var orphaned []OrphanedEntry
	for key, t := range m.Tracking {
		if !used[key] {
			orphaned = append(orphaned, OrphanedEntry{ID: key, Status: t.Status,
				Source: Source{File: t.Src.KeyPos().File, Line: t.Src.KeyPos().Line}})
		}
	}
	sort.Slice(orphaned, func(i, j int) bool { return orphaned[i].ID < orphaned[j].ID })
	if orphaned == nil {
		orphaned = []OrphanedEntry{}
	}
	return orphaned
}

func reasonSuffix(reason string) string {
	if r := strings.TrimSpace(reason); r != "" {
		return ": " + r
	}
	return ""
}
