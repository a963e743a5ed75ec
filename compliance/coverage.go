package compliance

import (
	"slices"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Provision statuses, from worst to best.
const (
	// Gap: at least one related finding is open or in progress.
	Gap = "gap"
	// Addressed: related findings are all resolved (mitigated, accepted,
	// false positive) or a declared control helps satisfy the provision,
	// and nothing related is open.
	Addressed = "addressed"
	// NotCovered: the model holds no evidence either way; the provision
	// needs evidence from outside the threat model.
	NotCovered = "not-covered"
)

// Statuses lists the provision statuses in report order.
var Statuses = []string{Gap, Addressed, NotCovered}

// Coverage is the compliance view of one analysis.
type Coverage struct {
	Standards []Standard `json:"standards"`
}

// Standard is one standard's provisions with their evidence.
type Standard struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	URL   string `json:"url"`
	Items []Item `json:"items"`
	// Counts tallies the leaf provisions (those without sub-provisions)
	// by status, and a provision with sub-provisions when a finding or a
	// declared control cites it without citing any of its
	// sub-provisions, by that direct evidence alone (a custom rule may
	// cite "5.1" as a whole). Every status is present.
	Counts map[string]int `json:"counts"`
}

// Item is one provision, category or capability.
type Item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Parent is the id of the enclosing provision ("5.1" for ETSI "5.1-3"),
	// or "" at the top level. A parent's findings and controls include its
	// children's.
	Parent   string            `json:"parent"`
	Findings []string          `json:"findings"` // ids of related findings, report order
	Open     int               `json:"open"`     // how many of them are open or in progress
	Controls []DeclaredControl `json:"controls"` // declared controls that help satisfy it
	Status   string            `json:"status"`
}

// DeclaredControl is a control the model declares, and where.
type DeclaredControl struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	On   []string `json:"on"` // "system", "element gateway", "flow app-to-api"
	// References are the provisions it helps satisfy, by standard id.
	References map[string][]string `json:"references"`
}

// FindingRefs returns the provisions of a built-in standard that a finding
// cites. Standards a model adds are cited by controls only.
func FindingRefs(standard string, f *engine.Finding) []string {
	switch standard {
	case "etsi-en-303-645":
		return f.ETSI
	case "owasp-iot-2018":
		return f.OWASPIoT
	case "nistir-8259a":
		return f.NISTIR8259A
	case "owasp-isvs":
		return f.ISVS
	}
	return nil
}

// IsOpen says whether a finding still needs work.
func IsOpen(f *engine.Finding) bool {
	return f.Status == "open" || f.Status == "in-progress"
}

// Assess builds the coverage of every catalogue standard in the model's
// vocabulary. Regulatory standards (vocab.Standard.Regulatory) have
// requirements rather than provisions, and their own statuses: see
// AssessRequirements.
func Assess(l *model.Loaded, rep *engine.Report) *Coverage {
	declared := Declared(l)
	cov := &Coverage{Standards: []Standard{}}
	for _, std := range l.Vocab.Standards {
		if std.Regulatory {
			continue // see AssessRequirements
		}
		cov.Standards = append(cov.Standards, assessStandard(std, rep, declared))
	}
	return cov
}

func assessStandard(std vocab.Standard, rep *engine.Report, declared []DeclaredControl) Standard {
	out := Standard{ID: std.ID, Name: std.Name, URL: std.URL, Counts: map[string]int{}}
	for _, s := range Statuses {
		out.Counts[s] = 0
	}
	ids := make(map[string]bool, len(std.Items))
	for _, it := range std.Items {
		ids[it.ID] = true
	}
	index := make(map[string]int, len(std.Items))
	for _, it := range std.Items {
		index[it.ID] = len(out.Items)
		out.Items = append(out.Items, Item{
			ID: it.ID, Title: it.Title, Parent: parentOf(it.ID, ids),
			Findings: []string{}, Controls: []DeclaredControl{},
		})
	}
	// Each finding and control counts on the provision it cites and on
	// that provision's ancestors.
	chain := func(id string) []int {
		var out []int
		for id != "" {
			i, ok := index[id]
			if !ok {
				break
			}
			out = append(out, i)
			id = parentOf(id, ids)
		}
		return out
	}
	// direct is the evidence cited on a provision with sub-provisions by
	// a finding or control that cites none of them.
	type evidence struct{ open, any int }
	direct := map[int]*evidence{}
	addDirect := func(refs []string, open bool) {
		for _, ref := range refs {
			i, ok := index[ref]
			if !ok || citesChildOf(refs, ref, ids) {
				continue
			}
			e := direct[i]
			if e == nil {
				e = &evidence{}
				direct[i] = e
			}
			e.any++
			if open {
				e.open++
			}
		}
	}
	for fi := range rep.Findings {
		f := &rep.Findings[fi]
		addDirect(FindingRefs(std.ID, f), IsOpen(f))
		seen := map[int]bool{}
		for _, ref := range FindingRefs(std.ID, f) {
			for _, i := range chain(ref) {
				if seen[i] {
					continue
				}
				seen[i] = true
				out.Items[i].Findings = append(out.Items[i].Findings, f.ID)
				if IsOpen(f) {
					out.Items[i].Open++
				}
			}
		}
	}
	for _, dc := range declared {
		addDirect(dc.References[std.ID], false)
		seen := map[int]bool{}
		for _, ref := range dc.References[std.ID] {
			for _, i := range chain(ref) {
				if !seen[i] {
					seen[i] = true
					out.Items[i].Controls = append(out.Items[i].Controls, dc)
				}
			}
		}
	}
	hasChildren := map[string]bool{}
	for _, it := range out.Items {
		if it.Parent != "" {
			hasChildren[it.Parent] = true
		}
	}
	for i := range out.Items {
		it := &out.Items[i]
		it.Status = statusOf(it.Open, len(it.Findings)+len(it.Controls))
		if !hasChildren[it.ID] {
			out.Counts[it.Status]++
		} else if e := direct[i]; e != nil {
			out.Counts[statusOf(e.open, e.any)]++
		}
	}
	return out
}

// statusOf is a provision's status from how many open findings and how
// many findings and controls in all relate to it.
func statusOf(open, evidence int) string {
	switch {
	case open > 0:
		return Gap
	case evidence > 0:
		return Addressed
	}
	return NotCovered
}

// citesChildOf reports whether refs cite a provision inside parent.
func citesChildOf(refs []string, parent string, ids map[string]bool) bool {
	for _, r := range refs {
		for p := parentOf(r, ids); p != ""; p = parentOf(p, ids) {
			if p == parent {
				return true
			}
		}
	}
	return false
}

// parentOf finds the enclosing provision of an ETSI-style id: "5.1-3" is
// inside "5.1", "6-2" inside "6". Ids without a known parent are top level.
func parentOf(id string, ids map[string]bool) string {
	if i := strings.LastIndexByte(id, '-'); i > 0 && ids[id[:i]] {
		return id[:i]
	}
	return ""
}

// Declared lists every control the model declares, on the system, an
// element or a flow, sorted by id, each with the places it is declared.
func Declared(l *model.Loaded) []DeclaredControl {
	where := map[string][]string{}
	add := func(ids []string, on string) {
		for _, id := range ids {
			if !slices.Contains(where[id], on) {
				where[id] = append(where[id], on)
			}
		}
	}
	m := l.Model
	add(m.System.Controls, "system")
	for _, e := range m.Elements {
		add(e.Controls, "element "+e.ID)
	}
	for _, f := range m.Flows {
		add(f.Controls, "flow "+f.ID)
	}
	ids := make([]string, 0, len(where))
	for id := range where {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]DeclaredControl, 0, len(ids))
	for _, id := range ids {
		dc := DeclaredControl{ID: id, Name: id, On: where[id], References: map[string][]string{}}
		if c, ok := l.Vocab.Control(id); ok {
			dc.Name = c.Name
			dc.References = c.References
		}
		out = append(out, dc)
	}
	return out
}
