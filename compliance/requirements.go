package compliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Requirement statuses of regulatory standards (the CRA's Annex I, EN
// 18031). Gap and Addressed are shared with the catalogue view; how each
// is derived is documented on AssessRequirements and in
// docs/regulatory.md.
const (
	// Partial: something implements the requirement (a declared control,
	// a mitigated finding, a product fact), yet a related finding is open.
	Partial = "partial"
	// NotApplicable: the product block justifies it, or the model's facts
	// show it cannot apply (no radio: EN 18031 does not apply).
	NotApplicable = "not-applicable"
)

// RequirementStatuses lists the requirement statuses, worst first.
var RequirementStatuses = []string{Gap, Partial, Addressed, NotApplicable}

// Requirements is the regulatory view of one analysis: every regulatory
// standard in the vocabulary, each requirement with its status and why.
type Requirements struct {
	Standards []RequirementStandard `json:"standards"`
}

// RequirementStandard is one regulatory standard's requirements.
type RequirementStandard struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
	// Applicable is false when the whole standard does not apply (an EN
	// 18031 part the product does not fall under); Reason says why.
	Applicable bool          `json:"applicable"`
	Reason     string        `json:"reason,omitempty"`
	Items      []Requirement `json:"items"`
	// Counts tallies the leaf requirements (those without sub-items) by
	// status; every status of RequirementStatuses is present.
	Counts map[string]int `json:"counts"`
}

// Requirement is one requirement, its evidence and its status.
type Requirement struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	URL         string `json:"url,omitempty"`
	Parent      string `json:"parent"`
	Restriction string `json:"restriction,omitempty"`
	Status      string `json:"status"`
	// Reason explains the status in one sentence, naming the evidence.
	Reason string `json:"reason"`
	// Justification is the product block's written reason, for an item
	// judged not applicable.
	Justification string `json:"justification,omitempty"`
	// Findings are the related findings: those a control mitigates that
	// cites this requirement. Open and Mitigated count them by status.
	Findings  []string          `json:"findings"`
	Open      int               `json:"open"`
	Mitigated int               `json:"mitigated"`
	Controls  []DeclaredControl `json:"controls"`
	// Facts are the product facts counted as evidence ("product.sbom").
	Facts []string `json:"facts"`
}

// factEvidence names the product facts that are evidence for a
// requirement: where the SBOM is kept answers Part II (1) in part, a
// contact address Part II (6).
var factEvidence = map[string]map[string]func(*model.Product) string{
	"eu-cra-annex-i": {
		"II-1": func(p *model.Product) string { return p.SBOM },
		"II-6": func(p *model.Product) string { return p.VulnerabilityContact },
	},
}

var factKeys = map[string]string{"II-1": "product.sbom", "II-6": "product.vulnerability_contact"}

// everyFindingRefs are the requirements every finding relates to,
// whatever mitigates it: Annex I Part I (1) asks for a level of
// cybersecurity fitting the risks, and every finding is one of those
// risks.
var everyFindingRefs = map[string][]string{"eu-cra-annex-i": {"I-1"}}

// AssessRequirements gives every requirement of every regulatory standard
// a status:
//
//   - not-applicable: the standard does not apply (ApplicableParts), or
//     product.not_applicable justifies the item or its parent;
//   - gap: a related finding is open and nothing implements the item, or
//     nothing in the model is evidence for it at all;
//   - partial: a related finding is open, but a declared control, a
//     mitigated related finding or a product fact implements it in part;
//   - addressed: no related finding is open and at least one declared
//     control, mitigated finding or product fact implements it.
//
// A finding relates to an item when one of the controls that mitigate it
// cites the item in its references; accepted and false-positive findings
// are not implementation, so they alone leave an item a gap.
func AssessRequirements(l *model.Loaded, rep *engine.Report) *Requirements {
	declared := Declared(l)
	out := &Requirements{Standards: []RequirementStandard{}}
	for _, std := range l.Vocab.Standards {
		if std.Regulatory {
			out.Standards = append(out.Standards, assessRequirements(l, std, rep, declared))
		}
	}
	return out
}

func assessRequirements(l *model.Loaded, std vocab.Standard, rep *engine.Report, declared []DeclaredControl) RequirementStandard {
	applies, why := StandardApplies(l, std.ID)
	out := RequirementStandard{ID: std.ID, Name: std.Name, URL: std.URL, Applicable: applies, Reason: why, Counts: map[string]int{}}
	for _, s := range RequirementStatuses {
		out.Counts[s] = 0
	}
	ids := make(map[string]bool, len(std.Items))
	for _, it := range std.Items {
		ids[it.ID] = true
	}
	index := make(map[string]int, len(std.Items))
	for _, it := range std.Items {
		index[it.ID] = len(out.Items)
		out.Items = append(out.Items, Requirement{ID: it.ID, Title: it.Title, URL: it.URL, Parent: parentOf(it.ID, ids),
			Restriction: it.Restriction, Findings: []string{}, Controls: []DeclaredControl{}, Facts: []string{}})
	}
	// chain is the item and its ancestors: evidence for "AUM-5-1" is
	// evidence for "AUM-5" too.
	chain := func(id string) []int {
		var c []int
		for ; id != ""; id = parentOf(id, ids) {
			if i, ok := index[id]; ok {
				c = append(c, i)
			}
		}
		return c
	}
	for fi := range rep.Findings {
		f := &rep.Findings[fi]
		seen := map[int]bool{}
		refs := slices.Clone(everyFindingRefs[std.ID])
		for _, cid := range f.Controls {
			if c, ok := l.Vocab.Control(cid); ok {
				refs = append(refs, c.References[std.ID]...)
			}
		}
		for _, ref := range refs {
			for _, i := range chain(ref) {
				if seen[i] {
					continue
				}
				seen[i] = true
				it := &out.Items[i]
				it.Findings = append(it.Findings, f.ID)
				switch {
				case IsOpen(f):
					it.Open++
				case f.Status == "mitigated":
					it.Mitigated++
				}
			}
		}
	}
	for _, dc := range declared {
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
	if p := l.Model.Product; p != nil {
		for id, fact := range factEvidence[std.ID] {
			if i, ok := index[id]; ok && strings.TrimSpace(fact(p)) != "" {
				out.Items[i].Facts = append(out.Items[i].Facts, factKeys[id])
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
		it.Status, it.Reason, it.Justification = requirementStatus(l.Model.Product, &out, it, ids)
		if !hasChildren[it.ID] {
			out.Counts[it.Status]++
		}
	}
	return out
}

// requirementStatus derives one item's status and its reason.
func requirementStatus(p *model.Product, std *RequirementStandard, it *Requirement, ids map[string]bool) (status, reason, justification string) {
	if !std.Applicable {
		return NotApplicable, std.Reason, ""
	}
	if p != nil {
		for id := it.ID; id != ""; id = parentOf(id, ids) {
			if j, ok := p.NotApplicable[std.ID][id]; ok && strings.TrimSpace(j) != "" {
				where := "judged not applicable in product.not_applicable"
				if id != it.ID {
					where = fmt.Sprintf("%s is judged not applicable in product.not_applicable", id)
				}
				return NotApplicable, where + ": " + strings.TrimSpace(j), strings.TrimSpace(j)
			}
		}
	}
	var evidence []string
	if len(it.Controls) > 0 {
		names := make([]string, len(it.Controls))
		for i, c := range it.Controls {
			names[i] = c.ID
		}
		evidence = append(evidence, "declared "+plural(len(names), "control", "controls")+" "+strings.Join(names, ", "))
	}
	if it.Mitigated > 0 {
		evidence = append(evidence, fmt.Sprintf("%d mitigated related %s", it.Mitigated, plural(it.Mitigated, "finding", "findings")))
	}
	if len(it.Facts) > 0 {
		evidence = append(evidence, strings.Join(it.Facts, ", "))
	}
	openNote := fmt.Sprintf("%d related %s open", it.Open, plural(it.Open, "finding is", "findings are"))
	switch {
	case it.Open > 0 && len(evidence) > 0:
		return Partial, "implemented in part (" + strings.Join(evidence, "; ") + "), but " + openNote, ""
	case it.Open > 0:
		return Gap, openNote + " and nothing in the model implements it", ""
	case len(evidence) > 0:
		return Addressed, "implemented: " + strings.Join(evidence, "; "), ""
	case len(it.Findings) > 0:
		return Gap, "related findings are only accepted or false positives; no declared control implements it", ""
	}
	return Gap, "no evidence in the model: declare a control that implements it, or justify it in product.not_applicable", ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// StandardApplies says whether a regulatory standard applies to the
// product, and why not when it does not. The CRA's Annex I always applies
// (the tool assumes the product is in its scope). An EN 18031 part
// applies when product.en_18031_parts lists it; when that list is not
// written, it is derived from the model: no radio, no part; part 1 needs
// a connection to the internet, part 2 personal or sensitive data, and
// part 3 (money) is never derived, since the model cannot tell.
func StandardApplies(l *model.Loaded, id string) (bool, string) {
	part := 0
	switch id {
	case "en-18031-1":
		part = 1
	case "en-18031-2":
		part = 2
	case "en-18031-3":
		part = 3
	default:
		return true, ""
	}
	if p := l.Model.Product; p != nil && p.Src.Has("en_18031_parts") {
		if slices.Contains(p.EN18031Parts, part) {
			return true, ""
		}
		return false, fmt.Sprintf("product.en_18031_parts does not list part %d", part)
	}
	if !hasRadio(l) {
		return false, "no element lists radios and no flow uses a radio protocol: the radio equipment directive's cybersecurity requirements do not apply"
	}
	switch part {
	case 1:
		if !reachesInternet(l) {
			return false, "the radio equipment cannot reach the internet: no boundary is internet-exposed and no flow uses a protocol of global range"
		}
	case 2:
		if !personalData(l) {
			return false, "no data asset is classified personal or sensitive"
		}
	case 3:
		return false, "the model cannot tell whether the product handles money or monetary value; list 3 in product.en_18031_parts if it does"
	}
	return true, ""
}

func hasRadio(l *model.Loaded) bool {
	for _, e := range l.Model.Elements {
		if len(e.Radios) > 0 {
			return true
		}
	}
	for _, f := range l.Model.Flows {
		if p, ok := l.Vocab.Protocol(f.Protocol); ok && p.Medium == "radio" {
			return true
		}
	}
	return false
}

func reachesInternet(l *model.Loaded) bool {
	for _, b := range l.Model.Boundaries {
		if k, ok := l.Vocab.BoundaryKind(b.Kind); ok && k.Exposure == "internet" {
			return true
		}
	}
	for _, f := range l.Model.Flows {
		if p, ok := l.Vocab.Protocol(f.Protocol); ok && p.Range == "global" {
			return true
		}
	}
	return false
}

// personalData reports whether a data asset is personal or sensitive
// (secret is the class of keys and credentials, not of people's data).
func personalData(l *model.Loaded) bool {
	for _, d := range l.Model.Data {
		if d.Classification == "personal" || d.Classification == "sensitive" {
			return true
		}
	}
	return false
}
