package regulatory

import (
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// buildEN18031 works out the EN 18031 pre-fill: for each part of the
// standard in reqs (en-18031-1, -2, -3, or a part a model adds), the
// assets the part covers and, for each asset and requirement, an outcome
// with the model facts behind it.
//
// EN 18031 assesses the radio equipment: the model's elements of a kind
// that can have radios (devices and gateways). An asset is in a part's
// scope when its category is one the part covers (part 1: security and
// network assets; part 2: security and privacy; part 3: security and
// financial) and the equipment stores, processes, receives or sends it.
// docs/regulatory.md tabulates the decisions.
func buildEN18031(l *model.Loaded, facts *engine.Facts, rep *engine.Report, reqs *compliance.Requirements, refs *findingRefs) *EN18031Prefill {
	out := &EN18031Prefill{Parts: []EN18031Part{}}
	if l == nil || reqs == nil {
		return out
	}
	if refs == nil {
		var findings []engine.Finding
		if rep != nil {
			findings = rep.Findings
		}
		refs = newFindingRefs(findings)
	}
	sc := newENScope(l, facts)
	for i := range reqs.Standards {
		std := &reqs.Standards[i]
		if !strings.HasPrefix(std.ID, "en-18031-") {
			continue
		}
		out.Parts = append(out.Parts, sc.part(std, refs))
	}
	return out
}

// Bounds on the size of the pre-fill, so that an asset carried by
// thousands of flows or a place with thousands of findings still gives
// decisions a reader can take in, and a document of bounded size.
const (
	// MaxDecisionFacts is the most facts of each kind (missing, stated)
	// a decision lists; a last fact counts the rest.
	MaxDecisionFacts = 30
	// MaxDecisionFindings is the most related findings a decision cites,
	// the worst first; a fact counts the rest. All of them decide the
	// outcome.
	MaxDecisionFindings = 30
	// MaxAssetMechanisms is the most mechanisms an asset lists; a last
	// entry counts the rest.
	MaxAssetMechanisms = 60
	// maxPlacesNamed is the most places a fact names for one control.
	maxPlacesNamed = 10
)

// enPartCategories are the asset categories each part covers; a part a
// model adds covers every category.
var enPartCategories = map[string][]string{
	"en-18031-1": {enSecurity, enNetwork},
	"en-18031-2": {enSecurity, enPrivacy},
	"en-18031-3": {enSecurity, enFinancial},
}

// enCategoryPart names the part that covers a category, for the reason an
// asset is left out of another part.
var enCategoryPart = map[string]string{enNetwork: "EN 18031-1", enPrivacy: "EN 18031-2", enFinancial: "EN 18031-3"}

// part assesses one part of EN 18031.
func (sc *enScope) part(std *compliance.RequirementStandard, refs *findingRefs) EN18031Part {
	p := EN18031Part{
		Standard: std.ID, Name: std.Name, Applicable: std.Applicable,
		Requirements: slices.Clone(std.Items), Assets: []AssetAssessment{}, Excluded: []string{},
		Counts: map[string]int{Pass: 0, Fail: 0, NotApplicable: 0},
	}
	if p.Requirements == nil {
		p.Requirements = []compliance.Requirement{}
	}
	if !std.Applicable {
		p.Reason = std.Reason
		return p
	}
	p.Reason = sc.appliesBecause(std.ID)
	cats, ok := enPartCategories[std.ID]
	if !ok {
		cats = []string{enSecurity, enNetwork, enPrivacy, enFinancial}
	}
	assets, excluded := sc.assetsFor(std.ID, cats)
	p.Excluded = excluded
	reqs := enIndex(std, refs)
	for _, a := range assets {
		aa := AssetAssessment{ID: a.id, Name: a.name, Category: a.category, CategoryReason: a.why,
			Mechanisms: sc.mechanisms(a, reqs), Decisions: make([]Decision, 0, len(reqs))}
		for j := range reqs {
			d := sc.decide(std.ID, a, &reqs[j], refs)
			aa.Decisions = append(aa.Decisions, d)
			p.Counts[d.Outcome]++
		}
		p.Assets = append(p.Assets, aa)
	}
	return p
}

// appliesBecause says why an applicable part applies: the product block
// lists it, or the model facts compliance.StandardApplies derived it from.
func (sc *enScope) appliesBecause(id string) string {
	part := strings.TrimPrefix(id, "en-18031-")
	if p := sc.l.Model.Product; p != nil && p.Src.Has("en_18031_parts") {
		return "product.en_18031_parts lists part " + part
	}
	radios := sc.radioElements()
	switch id {
	case "en-18031-1":
		return "derived: radio equipment (" + radios + ") that can reach the internet"
	case "en-18031-2":
		return "derived: radio equipment (" + radios + ") in a system that handles personal data (" + strings.Join(sc.personalData(), ", ") + ")"
	}
	return "applies"
}

// radioElements names the elements that list radios, or says that the
// radio is known from a flow's protocol.
func (sc *enScope) radioElements() string {
	var ids []string
	for _, e := range sc.l.Model.Elements {
		if len(e.Radios) > 0 {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		return "a flow uses a radio protocol"
	}
	return "radios on " + strings.Join(ids, ", ")
}

func (sc *enScope) personalData() []string {
	var ids []string
	for _, d := range sc.l.Model.Data {
		if d.Classification == "personal" || d.Classification == "sensitive" {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// enReq is one requirement of a part, indexed by place ("element
// device", "flow app-to-api", "system") so that a decision looks up what
// sits on the asset's places without walking every finding and control.
type enReq struct {
	*compliance.Requirement
	related  map[string][]string // place → related finding ids
	controls map[string][]int    // place → indices into Controls declared there
}

// enIndex indexes a part's requirements.
func enIndex(std *compliance.RequirementStandard, refs *findingRefs) []enReq {
	out := make([]enReq, len(std.Items))
	for i := range std.Items {
		it := &std.Items[i]
		r := enReq{Requirement: it, related: map[string][]string{}, controls: map[string][]int{}}
		for _, id := range it.Findings {
			fi, ok := refs.byID[id]
			if !ok {
				continue
			}
			t := refs.list[fi].Target
			key := t.Type + " " + t.ID
			if t.Type == "system" {
				key = "system"
			}
			r.related[key] = append(r.related[key], id)
		}
		for ci, c := range it.Controls {
			for _, where := range c.On {
				r.controls[where] = append(r.controls[where], ci)
			}
		}
		out[i] = r
	}
	return out
}
