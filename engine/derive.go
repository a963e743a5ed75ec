package engine

import (
	"maps"
	"slices"

	"github.com/iotthreat/iotthreat/internal/prefault"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Facts holds the derived facts of a whole model, indexed like the model.
type Facts struct {
	System     SystemFacts
	Elements   []ElementFacts  // same order as Model.Elements
	Flows      []FlowFacts     // same order as Model.Flows
	Boundaries []BoundaryFacts // same order as Model.Boundaries
	Data       []DataFacts     // same order as Model.Data
}

// deriver carries the indexes used while deriving facts.
type deriver struct {
	m          *model.Model
	v          *vocab.Vocabulary
	boundaries map[string]*model.Boundary
	chains     map[string][]string // boundary id → itself and its ancestors, innermost first
	data       map[string]*model.DataAsset
	elements   map[string]int                 // element id → index
	kinds      map[string]*vocab.BoundaryKind // boundary id → its kind, looked up once
	dataRanks  map[string][3]int              // data id → classification, integrity and availability ranks
	safety     map[string]bool                // action id → marked safety-relevant
	// Classification ranks that decide derived facts, looked up once.
	personal, secret, sensitive int
}

// Derive computes the facts of a validated model. It runs in time linear in
// the size of the model (boundary chains are computed once per boundary).
func Derive(l *model.Loaded) *Facts {
	m, v := l.Model, l.Vocab
	d := &deriver{m: m, v: v,
		boundaries: make(map[string]*model.Boundary, len(m.Boundaries)),
		chains:     make(map[string][]string, len(m.Boundaries)),
		data:       make(map[string]*model.DataAsset, len(m.Data)),
		elements:   make(map[string]int, len(m.Elements)),
		kinds:      make(map[string]*vocab.BoundaryKind, len(m.Boundaries)),
		dataRanks:  make(map[string][3]int, len(m.Data)),
		safety:     map[string]bool{},
		personal:   v.Rank("classification", "personal"),
		secret:     v.Rank("classification", "secret"),
		sensitive:  v.Rank("classification", "sensitive"),
	}
	for i := range m.Boundaries {
		d.boundaries[m.Boundaries[i].ID] = &m.Boundaries[i]
	}
	for _, t := range v.Enums["action"] {
		d.safety[t.ID] = t.Safety
	}
	for i := range m.Data {
		d.data[m.Data[i].ID] = &m.Data[i]
	}
	for i := range m.Elements {
		d.elements[m.Elements[i].ID] = i
	}
	f := &Facts{Elements: prefault.Make[ElementFacts](len(m.Elements), len(m.Elements)), Flows: prefault.Make[FlowFacts](len(m.Flows), len(m.Flows))}
	for i := range m.Elements {
		f.Elements[i] = d.element(&m.Elements[i])
	}
	for i := range m.Flows {
		f.Flows[i] = d.flowOwn(&m.Flows[i], f)
	}
	d.linkFlows(f)
	f.Boundaries = d.boundaryFacts(f)
	f.Data = d.dataFacts(f)
	f.System = d.system(f)
	return f
}

// chain returns the boundary and its ancestors, innermost first.
func (d *deriver) chain(id string) []string {
	if id == "" {
		return nil
	}
	if c, ok := d.chains[id]; ok {
		return c
	}
	var c []string
	seen := map[string]bool{}
	for cur := id; cur != "" && !seen[cur]; {
		seen[cur] = true
		c = append(c, cur)
		b, ok := d.boundaries[cur]
		if !ok {
			break
		}
		cur = b.Within
	}
	d.chains[id] = c
	return c
}

func (d *deriver) kindOf(boundary string) *vocab.BoundaryKind {
	if k, ok := d.kinds[boundary]; ok {
		return k
	}
	k := &vocab.BoundaryKind{}
	if b, ok := d.boundaries[boundary]; ok {
		if bk, ok := d.v.BoundaryKind(b.Kind); ok {
			k = bk
		}
	}
	d.kinds[boundary] = k
	return k
}

func (d *deriver) rank(enum, id, fallback string) int {
	if id == "" {
		id = fallback
	}
	return d.v.Rank(enum, id)
}

// dataRank returns a data asset's classification and integrity ranks,
// -1 for an unknown asset. Ranks are computed once per asset: elements and
// flows name the few assets of a model over and over.
func (d *deriver) dataRank(id string) (class, integrity int) {
	r := d.ranks(id)
	return r[0], r[1]
}

// availability returns a data asset's availability rank, -1 when unknown.
func (d *deriver) availability(id string) int { return d.ranks(id)[2] }

func (d *deriver) ranks(id string) [3]int {
	if r, ok := d.dataRanks[id]; ok {
		return r
	}
	a, ok := d.data[id]
	if !ok {
		return [3]int{-1, -1, -1}
	}
	r := [3]int{d.rank("classification", a.Classification, "internal"), d.rank("level", a.Integrity, "medium"),
		d.rank("level", a.Availability, "medium")}
	d.dataRanks[id] = r
	return r
}

// fleetSecret reports whether a data asset is a secret shared by the whole fleet.
func (d *deriver) fleetSecret(id string) bool {
	a, ok := d.data[id]
	return ok && a.Scope == "fleet" && d.ranks(id)[0] >= d.secret
}

func isPersonal(d *deriver, rank int) bool {
	return rank >= d.personal && rank < d.secret
}

func (d *deriver) element(e *model.Element) ElementFacts {
	f := ElementFacts{
		ID: e.ID, Name: nameOr(e.Name, e.ID), Kind: e.Kind, Technology: e.Technology,
		Boundary: e.Boundary, Boundaries: d.chain(e.Boundary),
		PhysicalAccess: e.PhysicalAccess, PhysicalAccessRank: d.v.Rank("physical_access", e.PhysicalAccess),
		DebugInterfaces: nonNil(e.DebugInterfaces), FirmwareUpdate: e.FirmwareUpdate, OS: e.OS,
		FirmwareVersion: e.FirmwareVersion, Radios: nonNil(e.Radios), Sensors: nonNil(e.Sensors),
		Actuators: nonNil(e.Actuators), HardwareSecurity: e.HardwareSecurity, Credentials: e.Credentials,
		Instances: e.Instances, SafetyCritical: e.SafetyCritical, InternetFacing: e.InternetFacing != nil && *e.InternetFacing,
		MultiTenant: e.MultiTenant != nil && *e.MultiTenant, DataSubjects: e.DataSubjects, Provider: e.Provider,
		Jurisdiction: e.Jurisdiction, Platform: e.Platform, Role: e.Role, Controls: nonNil(e.Controls),
		Tags: nonNil(e.Tags), Stores: nonNil(e.Stores), Processes: nonNil(e.Processes),
		StoredRank: -1, HandledRank: -1, StoredIntegrityRank: -1, HandledIntegrity: -1, HandledAvailability: -1, StoredAvailability: -1,
		WithoutCloud: e.WithoutCloud, GrantScope: e.GrantScope, SharedAccount: e.SharedAccount,
		CanTrigger: []string{}, ReceivesActions: []string{},
	}
	if o := e.Onboarding; o != nil {
		f.OnboardingMethod, f.OnboardingAuth, f.OnboardingEncryption = o.Method, orNone(o.Authentication), orNone(o.Encryption)
		f.OnboardingCloses = o.ClosesAfterSetup != nil && *o.ClosesAfterSetup
		f.OnboardingWindow = o.WindowMinutes
		for _, id := range o.Receives {
			c, _ := d.dataRank(id)
			f.OnboardingSecrets = f.OnboardingSecrets || c >= d.secret
		}
	}
	if e.PhysicalAccess == "" {
		f.PhysicalAccessRank = -1
	}
	kind, _ := d.v.ElementKind(e.Kind)
	if kind != nil {
		f.VendorOperated = kind.VendorOperated
	}
	f.ThirdParty = e.Kind == "third-party-service"
	physicalBoundary := false
	for _, b := range f.Boundaries {
		k := d.kindOf(b)
		f.BoundaryKinds = append(f.BoundaryKinds, k.ID)
		switch k.ControlledBy {
		case "vendor":
			f.VendorOperated = true
		case "third-party":
			f.ThirdParty = true
		}
		switch k.Exposure {
		case "internet":
			f.InternetReachable = true
		case "physical":
			physicalBoundary = true
		}
	}
	f.BoundaryKinds = nonNil(f.BoundaryKinds)
	if len(f.BoundaryKinds) > 0 {
		f.BoundaryKind = f.BoundaryKinds[0]
	}
	f.InternetReachable = f.InternetReachable || f.InternetFacing
	if f.PhysicalAccessRank >= 0 {
		f.PhysicallyReachable = f.PhysicalAccessRank >= 1
	} else {
		f.PhysicallyReachable = physicalBoundary
	}
	f.RadioReachable = len(f.Radios) > 0
	for _, s := range e.Services {
		f.Services = append(f.Services, d.service(s))
	}
	f.Services = nonNilServices(f.Services)
	var accepts []string
	for _, s := range f.Services {
		accepts = append(accepts, s.Formats...)
	}
	f.Accepts = accepts // made a set with the flows' formats in linkFlows
	for _, s := range f.Services {
		if s.CredentialScope != "" {
			f.CredentialScopes = append(f.CredentialScopes, s.CredentialScope)
		}
	}
	for _, id := range e.Stores {
		if a, ok := d.data[id]; ok && a.Scope != "" && d.ranks(id)[0] >= d.secret {
			f.CredentialScopes = append(f.CredentialScopes, a.Scope)
		}
	}
	for _, id := range e.Stores {
		f.StoredAvailability = max(f.StoredAvailability, d.availability(id))
		f.HandledAvailability = max(f.HandledAvailability, d.availability(id))
		f.FleetSecrets = f.FleetSecrets || d.fleetSecret(id)
		c, i := d.dataRank(id)
		f.StoredRank = max(f.StoredRank, c)
		f.StoredIntegrityRank = max(f.StoredIntegrityRank, i)
		f.StoresPersonal = f.StoresPersonal || isPersonal(d, c)
		f.StoresSecrets = f.StoresSecrets || c >= d.secret
		f.StoresSensitive = f.StoresSensitive || c == d.sensitive
	}
	f.HandledRank = f.StoredRank
	f.HandledIntegrity = f.StoredIntegrityRank
	for _, id := range e.Processes {
		f.HandledAvailability = max(f.HandledAvailability, d.availability(id))
		f.FleetSecrets = f.FleetSecrets || d.fleetSecret(id)
		c, i := d.dataRank(id)
		f.HandledRank = max(f.HandledRank, c)
		f.HandledIntegrity = max(f.HandledIntegrity, i)
	}
	f.HandlesPersonal = f.StoresPersonal || isPersonal(d, f.HandledRank)
	return f
}

func (d *deriver) service(s model.Service) Service {
	p, _ := d.v.Protocol(s.Protocol)
	out := Service{Name: s.Name, Protocol: s.Protocol, Port: s.Port,
		Authentication: orNone(s.Authentication), Encryption: effectiveEncryption(s.Encryption, p),
		TLSVersion: s.TLSVersion, CredentialScope: s.CredentialScope, Formats: nonNil(s.Formats)}
	if p != nil {
		out.Medium = p.Medium
	}
	return out
}

// effectiveEncryption is the declared encryption, else the protocol's only
// possible one (https is always tls), else none.
func effectiveEncryption(declared string, p *vocab.Protocol) string {
	switch {
	case declared != "":
		return declared
	case p != nil && len(p.Encryption) == 1:
		return p.Encryption[0]
	}
	return "none"
}

// flowOwn computes a flow's facts that need only the flow and its two ends
// as elements; linkFlows then adds what depends on all flows.
func (d *deriver) flowOwn(fl *model.Flow, f *Facts) FlowFacts {
	p, _ := d.v.Protocol(fl.Protocol)
	out := FlowFacts{
		ID: fl.ID, Name: nameOr(fl.Name, fl.ID), Protocol: fl.Protocol, Port: fl.Port,
		Encryption: effectiveEncryption(fl.Encryption, p), Authentication: orNone(fl.Authentication),
		Options: fl.Options, Controls: nonNil(fl.Controls), Data: nonNil(fl.Data), Bidirectional: fl.Bidirectional,
		ClassificationRank: -1, IntegrityRank: -1, AvailabilityRank: -1,
		Via: nonNil(fl.Via), Actions: nonNil(fl.Actions), CredentialScope: fl.CredentialScope,
		ServerVerification: fl.ServerVerification, TLSVersion: fl.TLSVersion, Formats: nonNil(fl.Formats),
	}
	for _, a := range fl.Actions {
		out.SafetyActions = out.SafetyActions || d.safety[a]
	}
	out.ViaKinds = make([]string, len(fl.Via))
	for i, b := range fl.Via {
		out.ViaKinds[i] = d.kindOf(b).ID
	}
	if out.Options == nil {
		out.Options = map[string]string{}
	}
	if p != nil {
		out.Medium, out.Range = p.Medium, p.Range
	}
	out.Encrypted = out.Encryption != "none"
	out.EndToEnd = out.Encrypted && out.Encryption != "link"
	out.Authenticated = out.Authentication != "none"
	out.AuthDeclared = fl.Authentication != ""
	for _, id := range fl.Data {
		c, i := d.dataRank(id)
		out.ClassificationRank = max(out.ClassificationRank, c)
		out.IntegrityRank = max(out.IntegrityRank, i)
		out.Personal = out.Personal || isPersonal(d, c)
		out.Secrets = out.Secrets || c >= d.secret
		out.AvailabilityRank = max(out.AvailabilityRank, d.availability(id))
	}
	from, to := d.endpoint(fl.From, f), d.endpoint(fl.To, f)
	d.crossing(&out, from, to)
	out.IntoVendor = to.VendorOperated && !from.VendorOperated
	out.ToThirdParty = to.ThirdParty && !from.ThirdParty
	out.FromThirdParty = from.ThirdParty && !to.ThirdParty
	return out
}

func (d *deriver) endpoint(id string, f *Facts) *ElementFacts {
	if i, ok := d.elements[id]; ok {
		return &f.Elements[i]
	}
	return &ElementFacts{}
}

// crossing fills the boundary facts of a flow: the boundaries that contain
// exactly one end are crossed; a flow travels over the internet when it
// uses IP (or a global radio such as cellular) and its ends share no
// boundary that keeps traffic local (a site, a cloud, a device).
//
// Boundary chains are a few entries long, so they are searched rather than
// indexed: building sets for them cost more than the searches.
func (d *deriver) crossing(out *FlowFacts, from, to *ElementFacts) {
	sharedLocal := false
	for _, b := range from.Boundaries {
		if slices.Contains(to.Boundaries, b) {
			if d.kindOf(b).Exposure != "internet" {
				sharedLocal = true
			}
			continue
		}
		out.Crossed = append(out.Crossed, b)
	}
	for _, b := range to.Boundaries {
		if !slices.Contains(from.Boundaries, b) {
			out.Crossed = append(out.Crossed, b)
		}
	}
	out.Crossed = nonNil(out.Crossed)
	kinds := make([]string, len(out.Crossed))
	for i, b := range out.Crossed {
		kinds[i] = d.kindOf(b).ID
	}
	out.CrossedKinds = sortedSet(kinds)
	out.CrossesBoundary = len(out.Crossed) > 0
	out.OverInternet = !sharedLocal && !d.sameOperatorSite(from, to) && (out.Medium == "ip" || out.Range == "global")
	if len(out.Via) > 0 {
		// The model says where the flow travels: believe it over the guess
		// from the ends' boundaries.
		out.OverInternet = (out.Medium == "ip" || out.Range == "global") && slices.ContainsFunc(out.Via, func(b string) bool {
			return d.kindOf(b).Exposure == "internet"
		})
	}
}

// sameOperatorSite reports whether both ends sit in the customer's site
// networks (an office network and a plant network), and neither is run by
// the vendor or a third party: one operator's networks are joined inside
// the site, not across the internet. The vendor's own office network is
// another company's, reached over the internet. A model whose sites
// really talk over the internet says so with via.
func (d *deriver) sameOperatorSite(from, to *ElementFacts) bool {
	site := func(e *ElementFacts) bool {
		if e.VendorOperated || e.ThirdParty {
			return false
		}
		return slices.ContainsFunc(e.Boundaries, func(b string) bool {
			k := d.kindOf(b)
			return k.Exposure == "local" && k.ControlledBy == "site-operator"
		})
	}
	return site(from) && site(to)
}

// linkFlows adds per-element facts that depend on the flows, then copies
// the finished element facts into each flow's source and destination.
func (d *deriver) linkFlows(f *Facts) {
	m := d.m
	// Per element, the values seen on its flows, made sets (sorted,
	// unique) at the end: appending and sorting once is much cheaper
	// than seven maps per element.
	inProto := make([][]string, len(m.Elements))
	outProto := make([][]string, len(m.Elements))
	peers := make([][]string, len(m.Elements))
	roles := make([][]string, len(m.Elements))
	inAuth := make([][]string, len(m.Elements))
	outAuth := make([][]string, len(m.Elements))
	devices := make([][]string, len(m.Elements))
	triggers := make([][]string, len(m.Elements))
	receives := make([][]string, len(m.Elements))
	accepts := make([][]string, len(m.Elements))
	scopes := make([][]string, len(m.Elements))
	// Per element: sends to a server, and some such flow is not pinned.
	toServer, unpinned := make([]bool, len(m.Elements)), make([]bool, len(m.Elements))
	critical := d.v.Rank("level", "critical")
	for i := range m.Flows {
		fl, ff := &m.Flows[i], &f.Flows[i]
		fi, okF := d.elements[fl.From]
		ti, okT := d.elements[fl.To]
		if !okF || !okT {
			continue
		}
		src, dst := &f.Elements[fi], &f.Elements[ti]
		src.FlowsOut++
		dst.FlowsIn++
		outProto[fi] = append(outProto[fi], fl.Protocol)
		inProto[ti] = append(inProto[ti], fl.Protocol)
		peers[fi] = append(peers[fi], dst.Kind)
		peers[ti] = append(peers[ti], src.Kind)
		outAuth[fi] = append(outAuth[fi], ff.Authentication)
		inAuth[ti] = append(inAuth[ti], ff.Authentication)
		if isDevice(dst.Kind) {
			devices[fi] = append(devices[fi], dst.ID)
		}
		if isDevice(src.Kind) {
			devices[ti] = append(devices[ti], src.ID)
		}
		if src.Kind == "user" && src.Role != "" {
			roles[ti] = append(roles[ti], src.Role)
		}
		if dst.Kind == "user" && dst.Role != "" {
			roles[fi] = append(roles[fi], dst.Role)
		}
		if ff.Medium == "radio" {
			src.RadioReachable, dst.RadioReachable = true, true
		}
		if ff.OverInternet {
			src.SendsOverInternet = true
			dst.ReceivesFromInternet = true
			if fl.Bidirectional {
				src.ReceivesFromInternet = true
			}
		}
		if ff.OverInternet && !ff.EndToEnd && (ff.IntegrityRank >= critical || carriesFirmware(ff)) {
			// A server's data crosses the internet in the clear: whoever
			// is on the path rewrites it. A bidirectional flow also
			// answers its source (a unit polling an update server).
			dst.CleartextCritical = dst.CleartextCritical || isServer(src)
			src.CleartextCritical = src.CleartextCritical || (fl.Bidirectional && isServer(dst))
		}
		if ff.ToThirdParty {
			src.SendsToThirdParty = true
			src.ThirdPartyPersonal = src.ThirdPartyPersonal || ff.Personal
		}
		if src.Kind == "device" || src.Kind == "gateway" {
			dst.ReceivesFromDevices = true
		}
		if dst.Kind == "device" || dst.Kind == "gateway" {
			src.CommandsDevices = true
		}
		triggers[fi] = append(triggers[fi], ff.Actions...)
		receives[ti] = append(receives[ti], ff.Actions...)
		accepts[ti] = append(accepts[ti], ff.Formats...)
		if ff.CredentialScope != "" {
			scopes[fi] = append(scopes[fi], ff.CredentialScope)
		}
		if isServer(dst) {
			toServer[fi] = true
			unpinned[fi] = unpinned[fi] || ff.ServerVerification != "pinned"
		}
		src.TriggersSafety = src.TriggersSafety || ff.SafetyActions
		dst.ReceivesSafety = dst.ReceivesSafety || ff.SafetyActions
		src.HandledAvailability = max(src.HandledAvailability, ff.AvailabilityRank)
		dst.HandledAvailability = max(dst.HandledAvailability, ff.AvailabilityRank)
		src.HandledIntegrity = max(src.HandledIntegrity, ff.IntegrityRank)
		dst.HandledIntegrity = max(dst.HandledIntegrity, ff.IntegrityRank)
		src.HandledRank = max(src.HandledRank, ff.ClassificationRank)
		dst.HandledRank = max(dst.HandledRank, ff.ClassificationRank)
		src.HandlesPersonal = src.HandlesPersonal || ff.Personal
		dst.HandlesPersonal = dst.HandlesPersonal || ff.Personal
	}
	for i := range f.Elements {
		e := &f.Elements[i]
		e.InboundProtocols = sortedSet(inProto[i])
		e.OutboundProtocols = sortedSet(outProto[i])
		e.PeerKinds = sortedSet(peers[i])
		e.UsedBy = sortedSet(roles[i])
		e.InboundAuth = sortedSet(inAuth[i])
		e.OutboundAuth = sortedSet(outAuth[i])
		e.DevicePeers = len(sortedSet(devices[i]))
		e.CanTrigger = sortedSet(triggers[i])
		e.ReceivesActions = sortedSet(receives[i])
		e.Accepts = sortedSet(append(e.Accepts, accepts[i]...))
		e.CredentialScopes = sortedSet(append(e.CredentialScopes, scopes[i]...))
		e.BackEndPinned = toServer[i] && !unpinned[i]
	}
	d.fleetCommand(f)
	for i := range m.Flows {
		fl := &m.Flows[i]
		f.Flows[i].Source = d.endpoint(fl.From, f)
		f.Flows[i].Destination = d.endpoint(fl.To, f)
	}
}

// fleetCommand marks the vendor-run services whose commands reach devices
// or gateways, directly or relayed (a cloud sending set-points to a
// building-management PC that writes them to the controllers, an
// application server whose valve commands pass through a network server):
// such a service commands every unit. It walks the flows that carry
// actions backwards from the devices, once each: linear in the flows.
func (d *deriver) fleetCommand(f *Facts) {
	m := d.m
	senders := make([][]int, len(m.Elements)) // element → elements sending it actions
	for i := range m.Flows {
		fi, okF := d.elements[m.Flows[i].From]
		ti, okT := d.elements[m.Flows[i].To]
		if okF && okT && len(f.Flows[i].Actions) > 0 {
			senders[ti] = append(senders[ti], fi)
		}
	}
	reached := make([]bool, len(m.Elements))
	var queue []int
	for i := range f.Elements {
		if isDevice(f.Elements[i].Kind) {
			reached[i] = true
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, s := range senders[i] {
			if !reached[s] {
				reached[s] = true
				queue = append(queue, s)
			}
		}
	}
	for i := range f.Elements {
		e := &f.Elements[i]
		e.FleetCommand = reached[i] && e.VendorOperated && !isDevice(e.Kind) && len(e.CanTrigger) > 0
	}
}

func (d *deriver) boundaryFacts(f *Facts) []BoundaryFacts {
	m := d.m
	out := make([]BoundaryFacts, len(m.Boundaries))
	index := make(map[string]int, len(m.Boundaries))
	kinds := make([]map[string]bool, len(m.Boundaries))
	for i := range m.Boundaries {
		b := &m.Boundaries[i]
		k := d.kindOf(b.ID)
		chain := d.chain(b.ID)
		out[i] = BoundaryFacts{ID: b.ID, Name: nameOr(b.Name, b.ID), Kind: b.Kind, Exposure: k.Exposure,
			ControlledBy: k.ControlledBy, Within: nonNil(append([]string{}, chain[1:]...)), HandledRank: -1}
		index[b.ID] = i
		kinds[i] = map[string]bool{}
	}
	for i := range f.Elements {
		e := &f.Elements[i]
		for _, b := range e.Boundaries {
			if i, ok := index[b]; ok {
				out[i].Elements++
				kinds[i][e.Kind] = true
				out[i].HandledRank = max(out[i].HandledRank, e.HandledRank)
			}
		}
	}
	for i := range f.Flows {
		fl := &f.Flows[i]
		for _, b := range fl.Crossed {
			i, ok := index[b]
			if !ok {
				continue
			}
			inSrc, inDst := slices.Contains(fl.Source.Boundaries, b), slices.Contains(fl.Destination.Boundaries, b)
			switch {
			case inDst && !inSrc:
				out[i].FlowsIn++
				if fl.Medium == "radio" {
					out[i].RadioIn++
				}
				if fl.Medium == "human" {
					break // people pressing buttons are not unauthenticated traffic
				}
				if !fl.Encrypted {
					out[i].UnencryptedIn++
				}
				if !fl.Authenticated {
					out[i].UnauthenticatedIn++
				}
			case inSrc && !inDst:
				out[i].FlowsOut++
			}
		}
	}
	for i := range out {
		out[i].ElementKinds = slices.Sorted(maps.Keys(kinds[i]))
	}
	return out
}

func (d *deriver) dataFacts(f *Facts) []DataFacts {
	m := d.m
	out := make([]DataFacts, len(m.Data))
	index := make(map[string]int, len(m.Data))
	for i := range m.Data {
		a := &m.Data[i]
		out[i] = DataFacts{ID: a.ID, Name: nameOr(a.Name, a.ID),
			ClassificationRank: d.rank("classification", a.Classification, "internal"),
			IntegrityRank:      d.rank("level", a.Integrity, "medium"),
			AvailabilityRank:   d.rank("level", a.Availability, "medium"), Scope: a.Scope}
		index[a.ID] = i
	}
	for i := range f.Elements {
		e := &f.Elements[i]
		for _, id := range e.Stores {
			if i, ok := index[id]; ok {
				out[i].StoredBy++
				out[i].ThirdPartyStores = out[i].ThirdPartyStores || e.ThirdParty
			}
		}
		for _, id := range e.Processes {
			if i, ok := index[id]; ok {
				out[i].ProcessedBy++
			}
		}
	}
	for i := range f.Flows {
		for _, id := range f.Flows[i].Data {
			if i, ok := index[id]; ok {
				out[i].CarriedBy++
			}
		}
	}
	// What a unit receives while it is set up travels to it too.
	for i := range m.Elements {
		if o := m.Elements[i].Onboarding; o != nil {
			for _, id := range o.Receives {
				if i, ok := index[id]; ok {
					out[i].CarriedBy++
				}
			}
		}
	}
	return out
}

func (d *deriver) system(f *Facts) SystemFacts {
	s := d.m.System
	out := SystemFacts{Name: s.Name, Criticality: s.Criticality, Deployment: s.Deployment,
		Controls: nonNil(s.Controls), Elements: len(f.Elements), Flows: len(f.Flows)}
	kinds := map[string]bool{}
	for i := range f.Elements {
		e := &f.Elements[i]
		kinds[e.Kind] = true
		out.Personal = out.Personal || e.HandlesPersonal
		if e.ThirdParty {
			out.ThirdParties++
		}
		if e.Kind == "device" || e.Kind == "gateway" {
			out.Devices++
			if fu := d.m.Elements[i].FirmwareUpdate; fu == "ota" || fu == "manual" {
				out.Updatable = true
			}
		}
		if e.Kind == "mobile-client" || e.Kind == "web-client" {
			out.HasClients = true
		}
	}
	out.ElementKinds = slices.Sorted(maps.Keys(kinds))
	return out
}

func isDevice(kind string) bool { return kind == "device" || kind == "gateway" }

// isServer reports whether an element is run by the vendor or a third
// party: where firmware and commands come from, unlike a phone or a
// browser, whose flows a model often places on the internet only because
// it does not say the phone is at home.
func isServer(e *ElementFacts) bool { return (e.VendorOperated || e.ThirdParty) && !isDevice(e.Kind) }

// carriesFirmware reports whether a flow says it delivers firmware.
func carriesFirmware(ff *FlowFacts) bool {
	return slices.Contains(ff.Formats, "firmware-image") || slices.Contains(ff.Actions, "firmware-update")
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// nonNil makes empty lists empty rather than nil, so CEL sees [] and JSON
// prints [] (the findings contract has no omitted fields).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilServices(s []Service) []Service {
	if s == nil {
		return []Service{}
	}
	return s
}

// sortedSet sorts list and removes repeats, in place; never nil.
func sortedSet(list []string) []string {
	if list == nil {
		return []string{}
	}
	slices.Sort(list)
	return slices.Compact(list)
}
