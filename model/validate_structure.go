package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// boundaryChecks validates boundary kinds and nesting, including cycles.
func (c *checker) boundaryChecks() {
	for i := range c.m.Boundaries {
		b := &c.m.Boundaries[i]
		field := itemField("boundaries", b.ID, i)
		if b.Kind != "" || writtenEmpty(b.Src, "kind", b.Kind) {
			if _, ok := c.v.BoundaryKind(b.Kind); !ok {
				c.add(b.Src.At("kind"), field+".kind", diag.DidYouMean(b.Kind, c.v.BoundaryKindIDs()), "unknown boundary kind %q", b.Kind)
			}
		}
		if b.Within == "" {
			if writtenEmpty(b.Src, "within", b.Within) {
				ref(c, b.Src.At("within"), field+".within", "boundary", b.Within, c.boundaries)
			}
			continue
		}
		if b.Within == b.ID {
			c.add(b.Src.At("within"), field+".within", "remove within, or name the enclosing boundary", "boundary %q is within itself", b.ID)
			continue
		}
		ref(c, b.Src.At("within"), field+".within", "boundary", b.Within, c.boundaries)
	}
	c.nestingCycles()
}

// nestingCycles reports each cycle of within once, at its member with the
// smallest id, in model order: "a within c within b within a" from a.
// Each boundary is within one other at most, so following within from
// every boundary in turn, and never again from one already settled, finds
// every cycle in time linear in the boundaries (following the whole chain
// from each boundary took minutes for a hostile chain of 100,000).
//
// The same pass finds how deep each boundary is nested, and refuses
// nesting deeper than MaxBoundaryDepth at the first boundary past it:
// every element's facts list the boundaries around it and a diagram
// draws them as nested boxes, so a chain of 20,000 took minutes and
// gigabytes to analyse and draw.
func (c *checker) nestingCycles() {
	depth, loops := nesting(c.m.Boundaries, c.boundaries)
	for i := range c.m.Boundaries {
		b := &c.m.Boundaries[i]
		if loop, ok := loops[b.ID]; ok {
			delete(loops, b.ID)
			c.add(b.Src.At("within"), "boundaries["+b.ID+"].within", "a boundary cannot enclose itself; remove one within",
				"boundary nesting cycle: %s within %s", strings.Join(loop, " within "), b.ID)
		}
		if depth[b.ID] == MaxBoundaryDepth+1 {
			c.add(b.Src.At("within"), "boundaries["+b.ID+"].within", "a model never needs this depth; nest boundaries only as the networks and places they stand for do",
				"boundaries are nested more than %d deep here", MaxBoundaryDepth)
		}
	}
}

// TooDeep returns the id of the first boundary, in model order, nested
// more than MaxBoundaryDepth deep, or "": importers check it before they
// write a model, so that a deep source is refused as such.
func TooDeep(m *Model) string {
	index := make(map[string]*Boundary, len(m.Boundaries))
	for i := range m.Boundaries {
		if _, ok := index[m.Boundaries[i].ID]; !ok {
			index[m.Boundaries[i].ID] = &m.Boundaries[i]
		}
	}
	depth, _ := nesting(m.Boundaries, index)
	for i := range m.Boundaries {
		if depth[m.Boundaries[i].ID] > MaxBoundaryDepth {
			return m.Boundaries[i].ID
		}
	}
	return ""
}

// nesting follows within from every boundary and returns how deep each
// is nested (1 for an outermost one, 0 in or behind a cycle) and each
// cycle, keyed by the member it is reported at.
func nesting(bs []Boundary, index map[string]*Boundary) (depth map[string]int, loops map[string][]string) {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]int, len(bs))
	depth = make(map[string]int, len(bs))
	loops = map[string][]string{}
	for i := range bs {
		var path []*Boundary
		base, known := 0, true // the depth of what the walk stopped at
		for cur := &bs[i]; state[cur.ID] == unseen; {
			state[cur.ID] = onPath
			path = append(path, cur)
			next, ok := index[cur.Within]
			if cur.Within == "" || cur.Within == cur.ID || !ok {
				break
			}
			if state[next.ID] == onPath {
				loop := cycleFrom(path, next.ID)
				loops[loop[0]] = loop
				known = false // no depth for the cycle and what leads into it
				break
			}
			if state[next.ID] == done {
				base = depth[next.ID]
				known = base > 0
				break
			}
			cur = next
		}
		for k := len(path) - 1; k >= 0; k-- {
			state[path[k].ID] = done
			if known {
				base++
				depth[path[k].ID] = base
			}
		}
	}
	return depth, loops
}

// MaxBoundaryDepth is how deep boundaries may nest (within): the
// internet, a cloud, a network, a site, a cabinet, a device's enclosure
// is six; 32 leaves room and bounds what each element's facts hold.
const MaxBoundaryDepth = 32

// cycleFrom returns the ids of the cycle at the end of path that starts
// at id, beginning with its smallest id and following within from there.
func cycleFrom(path []*Boundary, id string) []string {
	k := len(path) - 1
	for path[k].ID != id {
		k--
	}
	ids := make([]string, 0, len(path)-k)
	for _, b := range path[k:] {
		ids = append(ids, b.ID)
	}
	least := 0
	for i, x := range ids {
		if x < ids[least] {
			least = i
		}
	}
	return append(append(make([]string, 0, len(ids)), ids[least:]...), ids[:least]...)
}

// kindSpecific lists the element attributes that only some kinds accept,
// as YAML keys. The element-kinds vocabulary says which kind takes which.
var kindSpecific = []string{
	"physical_access", "debug_interfaces", "firmware_update", "os", "firmware_version", "radios",
	"sensors", "actuators", "services", "hardware_security", "credentials", "instances",
	"safety_critical", "internet_facing", "multi_tenant", "data_subjects", "provider",
	"jurisdiction", "platform", "role", "onboarding", "without_cloud", "grant_scope", "shared_account",
}

func (c *checker) element(e *Element, field string) {
	kind, kindOK := c.v.ElementKind(e.Kind)
	if (e.Kind != "" || writtenEmpty(e.Src, "kind", e.Kind)) && !kindOK {
		c.add(e.Src.At("kind"), field+".kind", diag.DidYouMean(e.Kind, c.v.ElementKindIDs()), "unknown element kind %q", e.Kind)
	}
	if (e.Boundary != "" || writtenEmpty(e.Src, "boundary", e.Boundary)) && ref(c, e.Src.At("boundary"), field+".boundary", "boundary", e.Boundary, c.boundaries) && kindOK {
		b := c.boundaries[e.Boundary]
		_, known := c.v.BoundaryKind(b.Kind)
		if len(kind.BoundaryKinds) > 0 && known && !slices.Contains(kind.BoundaryKinds, b.Kind) {
			c.add(e.Src.At("boundary"), field+".boundary",
				fmt.Sprintf("a %s belongs in a boundary of kind %s", e.Kind, joinComma(kind.BoundaryKinds)),
				"a %s cannot be placed in %s boundary %q", e.Kind, b.Kind, b.ID)
		}
	}
	if kindOK {
		for _, attr := range kindSpecific {
			if e.Src.Written(attr) && !slices.Contains(kind.Attributes, attr) {
				c.add(e.Src.NameAt(attr), field+"."+attr, attributeHint(c, attr),
					"%s does not apply to a %s", attr, e.Kind)
			}
		}
	}
	for i, d := range e.Stores {
		ref(c, e.Src.At(fmt.Sprintf("stores[%d]", i)), field+".stores", "data asset", d, c.data)
	}
	for i, d := range e.Processes {
		ref(c, e.Src.At(fmt.Sprintf("processes[%d]", i)), field+".processes", "data asset", d, c.data)
	}
	if kindOK {
		c.controls(e.Src, field, e.Kind, e.Controls)
	}
	c.deviceAttributes(e, field)
}

func attributeHint(c *checker, attr string) string {
	var kinds []string
	for _, k := range c.v.ElementKinds {
		if slices.Contains(k.Attributes, attr) {
			kinds = append(kinds, k.ID)
		}
	}
	if len(kinds) == 0 {
		return "remove it"
	}
	return "it applies to: " + joinComma(kinds)
}

// deviceAttributes checks the values of kind-specific attributes and the
// contradictions between them and the declared controls.
func (c *checker) deviceAttributes(e *Element, field string) {
	c.term(e.Src, "physical_access", field+".physical_access", "physical_access", e.PhysicalAccess)
	for i, d := range e.DebugInterfaces {
		c.term(e.Src, fmt.Sprintf("debug_interfaces[%d]", i), field+".debug_interfaces", "debug_interface", d)
	}
	c.term(e.Src, "firmware_update", field+".firmware_update", "firmware_update", e.FirmwareUpdate)
	c.term(e.Src, "hardware_security", field+".hardware_security", "hardware_security", e.HardwareSecurity)
	c.term(e.Src, "credentials", field+".credentials", "credentials", e.Credentials)
	c.term(e.Src, "platform", field+".platform", "platform", e.Platform)
	c.term(e.Src, "role", field+".role", "role", e.Role)
	c.term(e.Src, "without_cloud", field+".without_cloud", "without_cloud", e.WithoutCloud)
	c.term(e.Src, "grant_scope", field+".grant_scope", "grant_scope", e.GrantScope)
	if e.Onboarding != nil {
		c.onboarding(e.Onboarding, field+".onboarding")
	}
	for i, r := range e.Radios {
		pos := e.Src.At(fmt.Sprintf("radios[%d]", i))
		p, ok := c.v.Protocol(r)
		if !ok {
			c.add(pos, field+".radios", diag.DidYouMean(r, c.radioIDs()), "unknown radio %q", r)
		} else if p.Medium != "radio" {
			c.add(pos, field+".radios", diag.DidYouMean(r, c.radioIDs()), "%s is not a radio protocol", r)
		}
	}
	for i := range e.Services {
		c.service(&e.Services[i], fmt.Sprintf("%s.services[%d]", field, i))
	}
	if e.Instances < 0 {
		c.add(e.Src.At("instances"), field+".instances", "write 0 when unknown", "instances must not be negative, got %d", e.Instances)
	}
	if e.DataSubjects < 0 {
		c.add(e.Src.At("data_subjects"), field+".data_subjects", "write 0 when unknown", "data_subjects must not be negative, got %d", e.DataSubjects)
	}
	if (e.Credentials == "shared-default" || e.Credentials == "hard-coded") && slices.Contains(e.Controls, "unique-credentials") {
		c.add(e.Src.At("credentials"), field+".credentials", "change credentials to unique or user-defined, or remove the unique-credentials control",
			"credentials %s contradicts the declared control unique-credentials", e.Credentials)
	}
	if e.FirmwareUpdate == "none" {
		for _, ctl := range []string{"signed-firmware", "automatic-updates", "rollback-protection"} {
			if slices.Contains(e.Controls, ctl) {
				c.add(e.Src.At("firmware_update"), field+".firmware_update", "set firmware_update to ota or manual, or remove the control",
					"firmware_update none contradicts the declared control %s", ctl)
			}
		}
	}
}

func (c *checker) radioIDs() []string {
	var ids []string
	for _, p := range c.v.Protocols {
		if p.Medium == "radio" {
			ids = append(ids, p.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

func (c *checker) service(s *Service, field string) {
	p, ok := c.v.Protocol(s.Protocol)
	if (s.Protocol != "" || writtenEmpty(s.Src, "protocol", s.Protocol)) && !ok {
		c.add(s.Src.At("protocol"), field+".protocol", diag.DidYouMean(s.Protocol, c.v.ProtocolIDs()), "unknown protocol %q", s.Protocol)
	}
	if s.Src.Has("port") && (s.Port < 1 || s.Port > 65535) {
		c.add(s.Src.At("port"), field+".port", "ports run from 1 to 65535", "invalid port %d", s.Port)
	}
	c.term(s.Src, "authentication", field+".authentication", "authentication", s.Authentication)
	c.term(s.Src, "encryption", field+".encryption", "encryption", s.Encryption)
	if ok {
		c.consistent(s.Src, field, p, s.Encryption, s.Authentication)
	}
	c.term(s.Src, "credential_scope", field+".credential_scope", "scope", s.CredentialScope)
	c.tlsVersion(s.Src, field, s.TLSVersion, orDefault(s.Encryption, onlyEncryption(p)))
	c.terms(s.Src, "formats", field+".formats", "format", s.Formats)
}

// onboarding checks a device's setup description.
func (c *checker) onboarding(o *Onboarding, field string) {
	c.term(o.Src, "method", field+".method", "onboarding_method", o.Method)
	c.term(o.Src, "authentication", field+".authentication", "authentication", o.Authentication)
	c.term(o.Src, "encryption", field+".encryption", "encryption", o.Encryption)
	if o.WindowMinutes < 0 || o.WindowMinutes > maxWindowMinutes {
		c.add(o.Src.At("window_minutes"), field+".window_minutes", "write the minutes setup mode stays open, or 0 when it has no limit",
			"window_minutes must be between 0 and %d, got %d", maxWindowMinutes, o.WindowMinutes)
	}
	for i, d := range o.Receives {
		ref(c, o.Src.At(fmt.Sprintf("receives[%d]", i)), field+".receives", "data asset", d, c.data)
	}
}

// maxWindowMinutes is a year: a longer setup window is a typing mistake,
// and a window with no limit is written 0.
const maxWindowMinutes = 525600

// terms checks each value of a list against an enumeration.
func (c *checker) terms(src strictyaml.Source, key, field, enum string, values []string) {
	for i, v := range values {
		c.term(src, fmt.Sprintf("%s[%d]", key, i), field, enum, v)
	}
}

// tlsVersion checks a TLS version and that something is encrypted with TLS
// or DTLS for it to apply to.
func (c *checker) tlsVersion(src strictyaml.Source, field, version, encryption string) {
	if version == "" {
		return
	}
	c.term(src, "tls_version", field+".tls_version", "tls_version", version)
	if encryption != "tls" && encryption != "dtls" {
		c.add(src.At("tls_version"), field+".tls_version", "set encryption: tls or dtls, or remove tls_version",
			"tls_version %s needs encryption tls or dtls, not %s", version, orDefault(encryption, "none"))
	}
}

// onlyEncryption is the one encryption a protocol allows (https: tls), or "".
func onlyEncryption(p *vocab.Protocol) string {
	if p != nil && len(p.Encryption) == 1 {
		return p.Encryption[0]
	}
	return ""
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// KindSpecificAttributes lists the element keys that only some kinds accept.
func KindSpecificAttributes() []string { return append([]string{}, kindSpecific...) }
