package regulatory

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/paths"
)

// craStandard is the vocabulary's id of the CRA's Annex I.
const craStandard = "eu-cra-annex-i"

// MaxItemFindings is the most findings an item (an Annex I requirement's
// evidence or residual risk, an EN 303 645 provision) cites, the worst
// first; the document counts the rest. Annex I Part I point (1) relates
// to every finding, and the findings report lists them all: a reviewer
// reads the worst, and a huge model must not make the document grow
// with findings × items.
const MaxItemFindings = 50

// maxSuggested is how many of the vocabulary's controls a gap names as
// candidates to declare.
const maxSuggested = 5

// buildCRA works out the risk assessment of CRA Article 13: each Annex I
// item with its applicability, implementation, evidence, residual risk
// and gaps, then the attack paths and the risk summary.
func buildCRA(l *model.Loaded, facts *engine.Facts, rep *engine.Report, reqs *compliance.Requirements, refs *findingRefs) *CRAAssessment {
	out := &CRAAssessment{Items: []CRAItem{}, Counts: map[string]int{}, Paths: []paths.Path{}, ChokePoints: []paths.Choke{}}
	for _, s := range compliance.RequirementStatuses {
		out.Counts[s] = 0
	}
	for i := range reqs.Standards {
		if reqs.Standards[i].ID == craStandard {
			out.Standard = reqs.Standards[i]
		}
	}
	scope := newCRAScope(l, facts, rep)
	for i := range out.Standard.Items {
		out.Items = append(out.Items, craItem(l, scope, &out.Standard.Items[i], refs))
	}
	for s, n := range out.Standard.Counts {
		out.Counts[s] = n
	}
	a := document.NewAttackPaths(l, facts, rep)
	out.PathsSummary = a.Summary()
	if len(a.Paths) > 0 {
		out.Paths = a.Paths
	}
	for _, c := range a.ChokePoints {
		if c.Controls == nil {
			c.Controls = []string{}
		}
		out.ChokePoints = append(out.ChokePoints, c)
	}
	out.RiskSummary = riskSummary(rep.Findings)
	return out
}

// craItem is one Annex I item of the assessment.
func craItem(l *model.Loaded, sc *craScope, it *compliance.Requirement, refs *findingRefs) CRAItem {
	out := CRAItem{
		ID: it.ID, Title: it.Title, URL: it.URL, Status: it.Status, Reason: it.Reason,
		Implementation: it.Controls, Facts: it.Facts,
		Evidence: []FindingRef{}, Residual: []FindingRef{}, Gaps: []string{},
	}
	if out.Implementation == nil {
		out.Implementation = []compliance.DeclaredControl{}
	}
	if out.Facts == nil {
		out.Facts = []string{}
	}
	switch {
	case it.Status == compliance.NotApplicable && it.Justification != "":
		out.Applicability = "Not applicable, justified in product.not_applicable: " + it.Justification
	case it.Status == compliance.NotApplicable:
		out.Applicability = "Not applicable: " + it.Reason
	default:
		out.Applicability = "Applies; from the model: " + sc.applies(it.ID)
	}
	for _, r := range refs.refs(it.Findings) {
		switch r.Status {
		case "mitigated":
			out.EvidenceCount++
			if len(out.Evidence) < MaxItemFindings {
				out.Evidence = append(out.Evidence, r)
			}
		case "open", "in-progress", "accepted":
			out.ResidualCount++
			if len(out.Residual) < MaxItemFindings {
				out.Residual = append(out.Residual, r)
			}
		}
	}
	if it.Status == compliance.Gap || it.Status == compliance.Partial {
		out.Gaps = craGaps(l, it, out.Residual)
	}
	return out
}

// craGaps says in words what the model must declare or justify for an
// item that is a gap or implemented only in part.
func craGaps(l *model.Loaded, it *compliance.Requirement, residual []FindingRef) []string {
	gaps := []string{}
	if it.Open > 0 {
		var open []string
		for _, r := range residual {
			if r.Status != "accepted" && len(open) < 3 {
				open = append(open, r.ID+" ("+r.Severity+")")
			}
		}
		more := ""
		if it.Open > len(open) {
			more = fmt.Sprintf(" and %d more", it.Open-len(open))
		}
		gaps = append(gaps, fmt.Sprintf("%s still open: %s%s. Mitigate them, or record a decision on each in tracking.",
			plural(it.Open, "1 related finding is", fmt.Sprintf("%d related findings are", it.Open)), strings.Join(open, ", "), more))
	}
	if fact, ok := craFactGaps[it.ID]; ok && !slices.Contains(it.Facts, fact.key) {
		gaps = append(gaps, fact.text)
	}
	if len(it.Controls) == 0 && it.Mitigated == 0 && len(it.Facts) == 0 {
		names := suggestedControls(l, it.ID)
		switch {
		case len(names) > 0:
			g := "No declared control implements it; controls of the vocabulary that would: " + strings.Join(names, ", ") + "."
			if it.Open == 0 && len(it.Findings) > 0 {
				g += " Its related findings are only accepted or false positives: carrying a risk is a decision, not an implementation."
			}
			gaps = append(gaps, g+" Declare one where it is implemented, or write in product.not_applicable."+craStandard+"."+it.ID+" why the requirement does not apply.")
		case it.Open == 0:
			// Nothing in the model or its vocabulary can show it (an item a
			// model's vocabulary adds, or I-1 with no finding at all).
			gaps = append(gaps, "No control of the vocabulary cites it and no related finding is mitigated: add a control that cites it to the model's vocabulary and declare it, or write in product.not_applicable."+craStandard+"."+it.ID+" why the requirement does not apply.")
		}
		// With open findings and no control citing the item (I-1, which
		// every finding relates to), closing those findings is the way.
	}
	return gaps
}

// craFactGaps are the product facts an item asks for, and what to write.
var craFactGaps = map[string]struct{ key, text string }{
	"II-1": {"product.sbom", "State where the software bill of materials is kept in product.sbom."},
	"II-6": {"product.vulnerability_contact", "State where vulnerabilities are reported in product.vulnerability_contact."},
}

// suggestedControls names the vocabulary's controls that cite the item,
// by id, at most maxSuggested (then how many more).
func suggestedControls(l *model.Loaded, id string) []string {
	var names []string
	for _, c := range l.Vocab.Controls {
		if slices.Contains(c.References[craStandard], id) {
			names = append(names, c.ID)
		}
	}
	slices.Sort(names)
	if len(names) > maxSuggested {
		names = append(names[:maxSuggested], fmt.Sprintf("and %d more", len(names)-maxSuggested))
	}
	return names
}

// riskSummary counts findings by severity (outer key) and status, every
// level and status present.
func riskSummary(findings []engine.Finding) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, sev := range engine.Levels {
		out[sev] = map[string]int{}
		for _, st := range engine.Statuses {
			out[sev][st] = 0
		}
	}
	for i := range findings {
		f := &findings[i]
		if out[f.Severity] == nil {
			out[f.Severity] = map[string]int{}
		}
		out[f.Severity][f.Status]++
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
