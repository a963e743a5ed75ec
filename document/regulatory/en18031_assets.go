package regulatory

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// The asset categories of EN 18031.
const (
	enSecurity  = "security"
	enNetwork   = "network"
	enPrivacy   = "privacy"
	enFinancial = "financial"
)

// enScope holds what every EN 18031 decision looks up: which elements are
// the radio equipment, and which elements and flows hold and carry each
// data asset.
type enScope struct {
	l     *model.Loaded
	facts *engine.Facts
	// equipment marks, by element index, the radio equipment: elements
	// of a kind that can have radios (devices and gateways).
	equipment []bool
	elemIdx   map[string]int
	// holds, stores and carries index the data assets: the elements that
	// store, process or receive them at setup, those that store them,
	// and the flows that carry them (by index).
	holds, stores, carries map[string][]int
	// firmware names the flow that delivers a data asset as firmware.
	firmware map[string]string
	// hints caches, by standard and requirement, the controls a failed
	// decision suggests.
	hints map[string]string
	// flowsOf lists, by element index, the flows that start or end there.
	flowsOf [][]int
}

// newENScope indexes the model for the decisions; facts nil derives them.
func newENScope(l *model.Loaded, facts *engine.Facts) *enScope {
	m := l.Model
	if facts == nil {
		facts = engine.Derive(l)
	}
	sc := &enScope{l: l, facts: facts, equipment: make([]bool, len(m.Elements)), elemIdx: map[string]int{},
		holds: map[string][]int{}, stores: map[string][]int{}, carries: map[string][]int{}, firmware: map[string]string{}, hints: map[string]string{},
		flowsOf: make([][]int, len(m.Elements))}
	// Indices come in increasing order: a repeat can only be the last.
	add := func(idx map[string][]int, id string, i int) {
		if l := idx[id]; len(l) == 0 || l[len(l)-1] != i {
			idx[id] = append(idx[id], i)
		}
	}
	for i := range m.Elements {
		e := &m.Elements[i]
		sc.elemIdx[e.ID] = i
		if k, ok := l.Vocab.ElementKind(e.Kind); ok && slices.Contains(k.Attributes, "radios") {
			sc.equipment[i] = true
		}
		for _, d := range e.Stores {
			add(sc.holds, d, i)
			add(sc.stores, d, i)
		}
		for _, d := range e.Processes {
			add(sc.holds, d, i)
		}
		if e.Onboarding != nil {
			for _, d := range e.Onboarding.Receives {
				add(sc.holds, d, i)
			}
		}
	}
	high := l.Vocab.Rank("level", "high")
	for i := range m.Flows {
		f := &m.Flows[i]
		ff := &sc.facts.Flows[i]
		for _, d := range f.Data {
			add(sc.carries, d, i)
		}
		from, to := sc.endIndex(i, true), sc.endIndex(i, false)
		if from >= 0 {
			sc.flowsOf[from] = append(sc.flowsOf[from], i)
		}
		if to >= 0 && to != from {
			sc.flowsOf[to] = append(sc.flowsOf[to], i)
		}
		if !slices.Contains(ff.Formats, "firmware-image") && !slices.Contains(ff.Actions, "firmware-update") {
			continue
		}
		for _, d := range f.Data {
			if _, seen := sc.firmware[d]; !seen && sc.integrity(d) >= high {
				sc.firmware[d] = f.ID
			}
		}
	}
	return sc
}

// integrity is a data asset's integrity level as a rank, medium when the
// model does not say.
func (sc *enScope) integrity(id string) int {
	for i := range sc.l.Model.Data {
		if d := &sc.l.Model.Data[i]; d.ID == id {
			level := d.Integrity
			if level == "" {
				level = "medium"
			}
			return sc.l.Vocab.Rank("level", level)
		}
	}
	return -1
}

// enAsset is one asset as the decisions see it: a data asset, or the
// network functions of one piece of equipment.
type enAsset struct {
	id, name, category, why string
	data                    *model.DataAsset // nil for network functions
	// equip are the equipment elements the asset is on: those holding
	// it and the equipment ends of the flows carrying it; stored those
	// storing it (element indices).
	equip, stored []int
	links         []enLink
	// places are where findings about the asset sit: "element device",
	// "flow app-to-api", "data firmware-image", "system".
	places map[string]bool
	sorted []string // places in order, filled by placeList
	in     []enLink // the inbound links, filled by inbound
}

// enLink is one interface of the equipment the asset passes: a flow, a
// listening service or the setup (onboarding) of a unit.
type enLink struct {
	label string // "flow app-to-api", "service Local setup API on gateway", "setup of device"
	flow  int    // flow index, -1 for services and setup
	into  int    // the equipment element it delivers to, -1 when it leaves the equipment
	from  int    // the sending element, -1 for services and setup
	// encryption and authentication are the effective values (none when
	// not stated); authStated says whether the model states the latter.
	encryption, authentication string
	authStated, endToEnd       bool
	tls, scope                 string
}

// assetsFor lists the assets a part assesses, with the data assets it
// leaves out and why. product.assets, when written, is the list (in its
// order); otherwise every data asset the equipment handles. The part's
// network functions follow when it covers network assets.
func (sc *enScope) assetsFor(std string, cats []string) ([]*enAsset, []string) {
	m := sc.l.Model
	var data []*model.DataAsset
	explicit := m.Product != nil && len(m.Product.Assets) > 0
	if explicit {
		for _, id := range m.Product.Assets {
			for i := range m.Data {
				if m.Data[i].ID == id {
					data = append(data, &m.Data[i])
					break
				}
			}
		}
	} else {
		for i := range m.Data {
			data = append(data, &m.Data[i])
		}
	}
	var out []*enAsset
	excluded := []string{}
	for _, d := range data {
		cat, why := sc.category(d, explicit)
		switch {
		case cat == "":
			excluded = append(excluded, d.ID+": no EN 18031 category follows from the model (it is not secret, firmware, personal or sensitive, nor configuration or commands of high integrity sent to the equipment); tag it security-asset, network-asset, privacy-asset or financial-asset to assess it")
			continue
		case !slices.Contains(cats, cat):
			excluded = append(excluded, d.ID+": "+cat+" asset, assessed under "+enCategoryPart[cat])
			continue
		}
		a := sc.dataAsset(d, cat, why)
		if len(a.equip) == 0 && !explicit {
			excluded = append(excluded, d.ID+": the equipment (devices and gateways) neither stores, processes, receives nor sends it")
			continue
		}
		out = append(out, a)
	}
	if slices.Contains(cats, enNetwork) {
		for i := range m.Elements {
			if a := sc.networkFunctions(i); a != nil {
				out = append(out, a)
			}
		}
	}
	return out, excluded
}

// category derives a data asset's category, and says from which fact.
// A tag <category>-asset states it; then a secret is a security asset (a
// key, credential or token), as is firmware; personal and sensitive data
// are privacy assets; configuration and commands of high integrity sent
// to the equipment are network assets (they set what its network
// functions do). Nothing derives a financial asset: tag it.
func (sc *enScope) category(d *model.DataAsset, explicit bool) (string, string) {
	for _, c := range []string{enFinancial, enSecurity, enPrivacy, enNetwork} {
		if slices.Contains(d.Tags, c+"-asset") {
			return c, "tagged " + c + "-asset"
		}
	}
	switch {
	case d.Classification == "secret":
		return enSecurity, "classified secret: a key, credential or token"
	case sc.firmware[d.ID] != "":
		return enSecurity, "firmware: flow " + sc.firmware[d.ID] + " delivers it as a firmware image"
	case d.Classification == "personal" || d.Classification == "sensitive":
		return enPrivacy, "classified " + d.Classification
	}
	if to := sc.deliveredTo(d.ID); len(to) > 0 && sc.integrity(d.ID) >= sc.l.Vocab.Rank("level", "high") {
		return enNetwork, "integrity " + d.Integrity + ", sent to the equipment (" + strings.Join(to, ", ") + "): configuration or commands that set what it does on the network"
	}
	if explicit {
		return enSecurity, "listed in product.assets; no category follows from the model, so it is assessed as a security asset (tag it network-asset, privacy-asset or financial-asset to say otherwise)"
	}
	return "", ""
}

// deliveredTo lists the equipment elements a flow or a setup delivers the
// data asset to.
func (sc *enScope) deliveredTo(id string) []string {
	var out []string
	for _, fi := range sc.carries[id] {
		to := sc.l.Model.Flows[fi].To
		if i, ok := sc.elemIdx[to]; ok && sc.equipment[i] && !slices.Contains(out, to) {
			out = append(out, to)
		}
	}
	for _, ei := range sc.holds[id] {
		e := &sc.l.Model.Elements[ei]
		if sc.equipment[ei] && e.Onboarding != nil && slices.Contains(e.Onboarding.Receives, id) && !slices.Contains(out, e.ID) {
			out = append(out, e.ID)
		}
	}
	return out
}

// dataAsset gathers where a data asset is on the equipment.
func (sc *enScope) dataAsset(d *model.DataAsset, cat, why string) *enAsset {
	name := d.Name
	if name == "" {
		name = d.ID
	}
	a := &enAsset{id: d.ID, name: name, category: cat, why: why, data: d,
		places: map[string]bool{"system": true, "data " + d.ID: true}}
	for _, ei := range sc.holds[d.ID] {
		if sc.equipment[ei] {
			a.addEquip(ei)
			e := &sc.l.Model.Elements[ei]
			if e.Onboarding != nil && slices.Contains(e.Onboarding.Receives, d.ID) {
				a.links = append(a.links, sc.setupLink(ei))
			}
		}
	}
	for _, ei := range sc.stores[d.ID] {
		if sc.equipment[ei] {
			a.stored = append(a.stored, ei)
		}
	}
	for _, fi := range sc.carries[d.ID] {
		if l, ok := sc.flowLink(fi); ok {
			a.links = append(a.links, l)
			a.places["flow "+sc.l.Model.Flows[fi].ID] = true
			for _, ei := range []int{l.into, sc.endIndex(fi, true)} {
				if ei >= 0 && sc.equipment[ei] {
					a.addEquip(ei)
				}
			}
		}
	}
	for _, ei := range a.equip {
		a.places["element "+sc.l.Model.Elements[ei].ID] = true
	}
	return a
}

// networkFunctions is the network-functions asset of one piece of
// equipment: its radios, services and the flows it sends and receives.
// Nil for elements that are not equipment or have no network function.
func (sc *enScope) networkFunctions(ei int) *enAsset {
	if !sc.equipment[ei] {
		return nil
	}
	e := &sc.l.Model.Elements[ei]
	name := e.Name
	if name == "" {
		name = e.ID
	}
	a := &enAsset{id: "network-functions@" + e.ID, name: "Network functions of " + name, category: enNetwork,
		equip: []int{ei}, places: map[string]bool{"system": true, "element " + e.ID: true}}
	for i, s := range sc.facts.Elements[ei].Services {
		a.links = append(a.links, enLink{label: "service " + s.Name + " (" + s.Protocol + ") on " + e.ID, flow: -1, into: ei, from: -1,
			encryption: s.Encryption, authentication: s.Authentication, authStated: e.Services[i].Authentication != "",
			endToEnd: s.Encryption != "none" && s.Encryption != "link", tls: s.TLSVersion, scope: s.CredentialScope})
	}
	if e.Onboarding != nil {
		a.links = append(a.links, sc.setupLink(ei))
	}
	for _, fi := range sc.flowsOf[ei] {
		f := &sc.l.Model.Flows[fi]
		if l, ok := sc.flowLink(fi); ok {
			if f.From == e.ID {
				l.into = -1 // what the equipment sends is not an access path into it
			}
			a.links = append(a.links, l)
			a.places["flow "+f.ID] = true
		}
	}
	var what []string
	if len(e.Radios) > 0 {
		what = append(what, "radios "+strings.Join(e.Radios, ", "))
	}
	if len(e.Services) > 0 {
		what = append(what, enCount(len(e.Services), "listening service", "listening services"))
	}
	if n := len(a.links) - len(e.Services); n > 0 {
		what = append(what, enCount(n, "interface in use", "interfaces in use"))
	}
	if len(what) == 0 {
		return nil
	}
	a.why = "the " + e.Kind + "'s network functions: " + strings.Join(what, "; ")
	return a
}

func (a *enAsset) addEquip(ei int) {
	if !slices.Contains(a.equip, ei) {
		a.equip = append(a.equip, ei)
	}
}

// flowLink describes a flow that starts or ends at the equipment; false
// for other flows and for people's (a person at a screen is not a
// network interface).
func (sc *enScope) flowLink(fi int) (enLink, bool) {
	ff := &sc.facts.Flows[fi]
	from, to := sc.endIndex(fi, true), sc.endIndex(fi, false)
	onEquip := (from >= 0 && sc.equipment[from]) || (to >= 0 && sc.equipment[to])
	if !onEquip || ff.Medium == "human" {
		return enLink{}, false
	}
	into := -1
	if to >= 0 && sc.equipment[to] {
		into = to
	}
	return enLink{label: "flow " + ff.ID, flow: fi, into: into, from: from, encryption: ff.Encryption,
		authentication: ff.Authentication, authStated: ff.AuthDeclared, endToEnd: ff.EndToEnd,
		tls: ff.TLSVersion, scope: ff.CredentialScope}, true
}

// endIndex is the element index of a flow's source (from) or
// destination; -1 when the id names no element.
func (sc *enScope) endIndex(fi int, from bool) int {
	f := &sc.l.Model.Flows[fi]
	id := f.To
	if from {
		id = f.From
	}
	if i, ok := sc.elemIdx[id]; ok {
		return i
	}
	return -1
}

// setupLink describes the setup (onboarding) of a unit as an interface.
func (sc *enScope) setupLink(ei int) enLink {
	ef := &sc.facts.Elements[ei]
	return enLink{label: "setup of " + ef.ID + " (" + ef.OnboardingMethod + ")", flow: -1, into: ei, from: -1,
		encryption: ef.OnboardingEncryption, authentication: ef.OnboardingAuth,
		authStated: sc.l.Model.Elements[ei].Onboarding.Authentication != "",
		endToEnd:   ef.OnboardingEncryption != "none" && ef.OnboardingEncryption != "link"}
}

// enCount is n with the singular or plural noun.
func enCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
