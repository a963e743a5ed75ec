package regulatory

import (
	"slices"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
)

// enEvidence collects what a decision found: what is missing (any makes
// the outcome fail) and the stated facts that meet the requirement (at
// least one is needed to pass). Each list keeps MaxDecisionFacts entries
// and counts the rest, so that an asset on thousands of interfaces gives
// a readable decision of bounded size.
type enEvidence struct {
	missing, have         []string
	moreMissing, moreHave int
	// notes say what the decision leaves out; they neither fail nor
	// pass it.
	notes []string
}

// miss records what is missing, given as parts joined only when kept.
func (ev *enEvidence) miss(parts ...string) {
	if len(ev.missing) < MaxDecisionFacts {
		ev.missing = append(ev.missing, strings.Join(parts, ""))
	} else {
		ev.moreMissing++
	}
}

// ok records a stated fact that meets the requirement.
func (ev *enEvidence) ok(parts ...string) {
	if len(ev.have) < MaxDecisionFacts {
		ev.have = append(ev.have, strings.Join(parts, ""))
	} else {
		ev.moreHave++
	}
}

// facts lists what is missing, then what is stated, each with a note of
// how many more there are.
func (ev *enEvidence) facts() []string {
	out := slices.Clone(ev.missing)
	if ev.moreMissing > 0 {
		out = append(out, enCount(ev.moreMissing, "more shortcoming", "more shortcomings")+" of the same kinds, not listed")
	}
	out = append(out, ev.have...)
	if ev.moreHave > 0 {
		out = append(out, enCount(ev.moreHave, "more fact", "more facts")+" of the same kinds, not listed")
	}
	out = append(out, ev.notes...)
	if out == nil {
		out = []string{}
	}
	return out
}

// decide works out one requirement for one asset, in this order: the
// requirement is not applicable to the product (compliance says so, with
// its reason); the requirement does not concern this asset (its family
// and the asset's category or place say so); else the family's check of
// the model facts, where an open, in-progress or accepted related finding
// on the asset's places, or any missing protection, fails it, and a
// pass needs at least one stated fact.
func (sc *enScope) decide(std string, a *enAsset, req *enReq, refs *findingRefs) Decision {
	fam := enFamily(req.ID)
	d := Decision{Requirement: req.ID, Title: req.Title, Family: fam, Restriction: req.Restriction,
		Facts: []string{}, Findings: []FindingRef{}}
	if req.Status == compliance.NotApplicable {
		d.Outcome, d.Facts = NotApplicable, []string{req.Reason}
		return d
	}
	if why := sc.notConcerned(a, req.ID, fam); why != "" {
		d.Outcome, d.Facts = NotApplicable, []string{why}
		return d
	}
	var ev enEvidence
	d.Findings = sc.relatedFindings(a, req, refs, &ev)
	switch {
	case req.ID == "ACM-1" || req.ID == "ACM-2":
		sc.checkAccess(a, req, &ev)
	case fam == "AUM" && (req.ID == "AUM-1" || req.ID == "AUM-2" || req.ID == "AUM-3"):
		sc.checkAuthentication(a, req.ID == "AUM-2", &ev)
	case fam == "SCM":
		sc.checkTransit(a, &ev)
	case fam == "CRY":
		sc.checkCrypto(a, &ev)
	default:
		sc.checkElements(std, a, req, &ev)
	}
	if fam == "CCK" && a.data != nil {
		switch a.data.Scope {
		case "fleet":
			ev.miss("it is the same on every unit (scope fleet): one opened unit reveals it for all")
		case "unit":
			ev.ok("it is unique per unit (scope unit)")
		}
	}
	if fam != "SCM" && fam != "CRY" {
		for _, c := range sc.controlsAt(a, req) {
			ev.ok(c)
		}
	}
	switch {
	case len(ev.missing) > 0:
		d.Outcome, d.Facts = Fail, ev.facts()
	case len(ev.have) > 0:
		d.Outcome, d.Facts = Pass, ev.facts()
	default:
		d.Outcome = Fail
		d.Facts = append([]string{"the model states nothing that meets it for " + a.id + sc.examples(std, req.ID)}, ev.notes...)
	}
	return d
}

// relatedFindings cites the requirement's related findings on the
// asset's places, worst first, at most MaxDecisionFindings of them (a
// fact says how many more), and records each open, in-progress or
// accepted one, all of them, as missing.
func (sc *enScope) relatedFindings(a *enAsset, req *enReq, refs *findingRefs, ev *enEvidence) []FindingRef {
	ids := a.findings(req.related)
	idx := make([]int, 0, len(ids))
	for _, id := range ids {
		if i, ok := refs.byID[id]; ok {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	for _, i := range idx {
		f := &refs.list[i]
		switch f.Status {
		case "open", "in-progress":
			ev.miss("finding ", f.ID, " is ", f.Status, ": ", f.Title)
		case "accepted":
			s := "finding " + f.ID + " is accepted, not fixed"
			if r := f.Tracking.Reason; r != "" {
				s += ": " + r
			}
			if u := f.Tracking.Until; u != "" {
				s += " (until " + u + ")"
			}
			ev.miss(s)
		}
	}
	out := make([]FindingRef, 0, min(len(idx), MaxDecisionFindings))
	for _, i := range idx[:min(len(idx), MaxDecisionFindings)] {
		out = append(out, refs.ref(i))
	}
	if more := len(idx) - len(out); more > 0 {
		ev.notes = append(ev.notes, enCount(more, "more related finding is", "more related findings are")+" not listed here; the findings report has them all")
	}
	return out
}

// enFamily is a requirement's family: its identifier up to the first
// hyphen (ACM-1 → ACM).
func enFamily(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}

// notConcerned says why a requirement does not concern an asset, or ""
// when it does.
func (sc *enScope) notConcerned(a *enAsset, id, fam string) string {
	if len(a.equip) == 0 && len(a.links) == 0 {
		return "the equipment (devices and gateways) neither stores, processes, receives nor sends it"
	}
	what := a.id + " is a " + a.category + " asset"
	switch {
	case fam == "ACM" && id != "ACM-1" && id != "ACM-2" && a.category != enPrivacy:
		return "concerns children's privacy assets on toys and childcare equipment; " + what
	case fam == "CCK" && a.category != enSecurity:
		return "concerns confidential cryptographic keys (security assets); " + what
	case (fam == "RLM" || fam == "NMM" || fam == "TCM") && a.category != enNetwork:
		return "concerns network assets (network functions and their configuration); " + what
	case (fam == "DLM" || fam == "UNM") && a.category != enPrivacy:
		return "concerns personal data (privacy assets); " + what
	case (fam == "SSM" || fam == "DLM") && len(a.stored) == 0:
		if a.data == nil {
			return "the network functions are not data at rest; their configuration is assessed as a data asset when the model lists one"
		}
		return "no device or gateway stores it"
	case id == "SSM-3" && a.data != nil && a.data.Classification == "public":
		return "classified public: it needs no confidentiality"
	case (fam == "SCM" || fam == "CRY") && len(a.links) == 0:
		return "no flow, service or setup of the equipment carries it"
	case (id == "AUM-1" || id == "AUM-2" || id == "AUM-3") && len(a.inbound()) == 0:
		return "no flow, service or setup delivers it to the equipment: nothing asks for access to it over an interface"
	case fam == "AUM" && !(id == "AUM-1" || id == "AUM-2" || id == "AUM-3"):
		return sc.noAuthenticators(a, id)
	case fam == "CRY" && !slices.ContainsFunc(a.links, func(l enLink) bool { return l.encryption != "none" && l.encryption != "" }):
		return "no interface of the equipment protects it with cryptography (SCM-1 says what is missing)"
	}
	return ""
}

// noAuthenticators says why the authenticator requirements (AUM-4 and
// up) do not concern an asset: the equipment holding it has no login
// credentials and nothing reaches it by password or PIN. AUM-5-2 (passwords
// the user sets) does not concern equipment whose credentials are all set
// per unit at manufacture.
func (sc *enScope) noAuthenticators(a *enAsset, id string) string {
	var creds []string
	allUnique := true
	for _, ei := range a.equip {
		e := &sc.l.Model.Elements[ei]
		if e.Credentials != "" && e.Credentials != "none" {
			creds = append(creds, e.ID+": "+e.Credentials)
		}
		if e.Credentials != "unique" {
			allUnique = false
		}
	}
	byPassword := slices.ContainsFunc(a.inbound(), func(l enLink) bool { return l.authentication == "password" || l.authentication == "pin" })
	if len(creds) == 0 && !byPassword {
		return "the equipment holding it states no login credentials (credentials none or not set) and no interface to it authenticates by password or PIN"
	}
	if id == "AUM-5-2" && allUnique && !byPassword {
		return "passwords are set per unit at manufacture (credentials unique on " + sc.names(a.equip) + "), not by the user"
	}
	return ""
}

// inbound are the links that deliver to the equipment: the access paths.
func (a *enAsset) inbound() []enLink {
	if a.in == nil {
		a.in = []enLink{}
		for _, l := range a.links {
			if l.into >= 0 {
				a.in = append(a.in, l)
			}
		}
	}
	return a.in
}

// findings are the ids of the requirement's related findings that sit on
// the asset's places, deduplicated.
func (a *enAsset) findings(related map[string][]string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, p := range a.placeList() {
		for _, id := range related[p] {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// placeList is the asset's places in a stable order: the system first,
// then the elements and flows by name.
func (a *enAsset) placeList() []string {
	if len(a.sorted) == len(a.places) {
		return a.sorted
	}
	a.sorted = a.sorted[:0]
	for p := range a.places {
		if p != "system" {
			a.sorted = append(a.sorted, p)
		}
	}
	sort.Strings(a.sorted)
	if a.places["system"] {
		a.sorted = append([]string{"system"}, a.sorted...)
	}
	return a.sorted
}

// controlsAt lists the declared controls for the requirement at the
// asset's places, as "control secure-boot declared on system, device".
func (sc *enScope) controlsAt(a *enAsset, req *enReq) []string {
	on := make([][]string, len(req.Controls))
	more := make([]int, len(req.Controls))
	for _, p := range a.placeList() {
		for _, ci := range req.controls[p] {
			if len(on[ci]) < maxPlacesNamed {
				on[ci] = append(on[ci], strings.TrimPrefix(p, "element "))
			} else {
				more[ci]++
			}
		}
	}
	var out []string
	for ci, places := range on {
		if len(places) == 0 {
			continue
		}
		s := "control " + req.Controls[ci].ID + " declared on " + strings.Join(places, ", ")
		if more[ci] > 0 {
			s += " and " + enCount(more[ci], "more place", "more places")
		}
		out = append(out, s)
	}
	return out
}

// controlled lists the elements (by index) where a control for the
// requirement counts for the asset: every element when the system
// declares one, else the elements that declare one and the ends of the
// asset's flows that do.
func (sc *enScope) controlled(a *enAsset, req *enReq) func(ei int) bool {
	if len(req.controls["system"]) > 0 {
		return func(int) bool { return true }
	}
	byFlow := map[int]bool{}
	for _, l := range a.links {
		if l.flow >= 0 && len(req.controls["flow "+sc.l.Model.Flows[l.flow].ID]) > 0 {
			byFlow[l.into], byFlow[l.from] = true, true
		}
	}
	return func(ei int) bool {
		return byFlow[ei] || len(req.controls["element "+sc.l.Model.Elements[ei].ID]) > 0
	}
}

// examples names up to three vocabulary controls that cite the
// requirement, as a hint of what to declare.
func (sc *enScope) examples(std, id string) string {
	key := std + " " + id
	if s, ok := sc.hints[key]; ok {
		return s
	}
	s := sc.hint(std, id)
	sc.hints[key] = s
	return s
}

func (sc *enScope) hint(std, id string) string {
	var ids []string
	for _, c := range sc.l.Vocab.Controls {
		if slices.Contains(c.References[std], id) {
			ids = append(ids, c.ID)
		}
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return ": no control in the vocabulary cites it; justify it in product.not_applicable or add a control that does"
	}
	return ": declare, for example, " + strings.Join(ids[:min(3, len(ids))], ", ")
}

// names lists elements by id.
func (sc *enScope) names(idx []int) string {
	ids := make([]string, len(idx))
	for i, ei := range idx {
		ids[i] = sc.l.Model.Elements[ei].ID
	}
	return strings.Join(ids, ", ")
}

// mechanisms lists the protections the model states for an asset: how
// each interface of the equipment carries it, hardware key protection of
// the equipment holding it, and the declared controls at its places that
// cite any requirement of the part; at most MaxAssetMechanisms, the last
// entry counting the rest.
func (sc *enScope) mechanisms(a *enAsset, reqs []enReq) []string {
	out := []string{}
	total := 0
	add := func(s string) {
		total++
		if len(out) < MaxAssetMechanisms {
			out = append(out, s)
		}
	}
	for _, l := range a.links {
		if len(out) == MaxAssetMechanisms {
			total++ // counted, not described
			continue
		}
		s := l.label + ": " + l.encryption + " encryption"
		if l.encryption == "none" || l.encryption == "" {
			s = l.label + ": unencrypted"
		}
		if l.authentication != "" && l.authentication != "none" {
			s += ", authenticated by " + l.authentication
		}
		add(s)
	}
	for _, ei := range a.equip {
		if hs := sc.l.Model.Elements[ei].HardwareSecurity; hs != "" && hs != "none" {
			add("hardware security " + hs + " on " + sc.l.Model.Elements[ei].ID)
		}
	}
	seen := map[string]bool{}
	var controls []string
	for i := range reqs {
		for _, s := range sc.controlsAt(a, &reqs[i]) {
			if !seen[s] {
				seen[s] = true
				controls = append(controls, s)
			}
		}
	}
	sort.Strings(controls)
	for _, c := range controls {
		add(c)
	}
	if total > len(out) {
		out = append(out[:MaxAssetMechanisms-1], enCount(total-(MaxAssetMechanisms-1), "more mechanism", "more mechanisms")+", not listed")
	}
	return out
}
