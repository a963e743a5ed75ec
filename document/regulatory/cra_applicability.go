package regulatory

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// craScope holds the model facts that say why each Annex I item applies
// to the product: the CRA asks for every item to be met or justified as
// not applicable (Art. 13(4)), and the reviewer wants to see what in the
// product the item is about.
type craScope struct {
	elements, flows, data, findings, open int
	devices                               int // devices and gateways
	updated                               int // elements stating how their firmware is updated
	credentials                           int // elements stating their credentials
	crossings, overInternet               int // flows crossing a boundary, travelling the internet
	internet, radio, physical             int // elements reachable that way
	services, debug                       int // listening services, debug interfaces
	commands                              int // flows that trigger actions
	confidential, personal                int // data assets classified confidential or above, personal or sensitive
	stored, storedPersonal                int // data assets stored somewhere, of them personal or sensitive
	available                             int // data assets rated high or critical for availability
	supportUntil                          string
}

func newCRAScope(l *model.Loaded, facts *engine.Facts, rep *engine.Report) *craScope {
	m := l.Model
	sc := &craScope{elements: len(m.Elements), flows: len(m.Flows), data: len(m.Data), findings: len(rep.Findings)}
	for i := range rep.Findings {
		if compliance.IsOpen(&rep.Findings[i]) {
			sc.open++
		}
	}
	for _, e := range facts.Elements {
		if e.Kind == "device" || e.Kind == "gateway" {
			sc.devices++
		}
		if e.FirmwareUpdate != "" {
			sc.updated++
		}
		if e.Credentials != "" {
			sc.credentials++
		}
		if e.InternetReachable {
			sc.internet++
		}
		if e.RadioReachable {
			sc.radio++
		}
		if e.PhysicallyReachable {
			sc.physical++
		}
		sc.services += len(e.Services)
		sc.debug += len(e.DebugInterfaces)
	}
	for _, f := range facts.Flows {
		if f.CrossesBoundary {
			sc.crossings++
		}
		if f.OverInternet {
			sc.overInternet++
		}
	}
	for _, f := range m.Flows {
		if len(f.Actions) > 0 {
			sc.commands++
		}
	}
	for i, d := range m.Data {
		personal := d.Classification == "personal" || d.Classification == "sensitive"
		if personal || d.Classification == "confidential" || d.Classification == "secret" {
			sc.confidential++
		}
		if personal {
			sc.personal++
		}
		if i < len(facts.Data) && facts.Data[i].StoredBy > 0 {
			sc.stored++
			if personal {
				sc.storedPersonal++
			}
		}
		if d.Availability == "high" || d.Availability == "critical" {
			sc.available++
		}
	}
	if p := m.Product; p != nil {
		sc.supportUntil = strings.TrimSpace(p.SupportUntil)
	}
	return sc
}

// applies says, for an item that applies, what in the model it is
// about, as counts a reviewer can check against the architecture.
func (sc *craScope) applies(id string) string {
	n := func(k int, one, many string) string { return fmt.Sprintf("%d %s", k, plural(k, one, many)) }
	switch id {
	case "I-1":
		return fmt.Sprintf("every product with digital elements needs a level of cybersecurity that fits its risks; the model has %s, %s and %s, and the analysis found %s (%d open).",
			n(sc.elements, "element", "elements"), n(sc.flows, "flow", "flows"), n(sc.data, "data asset", "data assets"), n(sc.findings, "risk", "risks"), sc.open)
	case "I-2a":
		return fmt.Sprintf("the product is made available with the software of its %s; %s of the analysis %s open.",
			n(sc.elements, "element", "elements"), n(sc.open, "finding", "findings"), plural(sc.open, "is", "are"))
	case "I-2b":
		return fmt.Sprintf("the product ships %s with a configuration of their own; the credentials of %s are stated.",
			n(sc.devices, "device or gateway", "devices and gateways"), n(sc.credentials, "element", "elements"))
	case "I-2c":
		return fmt.Sprintf("the software of %s is to be kept free of vulnerabilities by updates; the model states how the firmware of %s is updated.",
			n(sc.devices, "device or gateway", "devices and gateways"), n(sc.updated, "element", "elements"))
	case "I-2d":
		return fmt.Sprintf("%s a trust boundary; elements reachable from the internet: %d, by radio: %d.",
			n(sc.crossings, "flow crosses", "flows cross"), sc.internet, sc.radio)
	case "I-2e":
		return fmt.Sprintf("the product stores, sends or processes %s, %d of them classified confidential or above.",
			n(sc.data, "data asset", "data assets"), sc.confidential)
	case "I-2f":
		return fmt.Sprintf("%s, %s that trigger actions, and the software and configuration of %d elements must be protected against unauthorised change.",
			n(sc.data, "data asset", "data assets"), n(sc.commands, "flow", "flows"), sc.elements)
	case "I-2g":
		if sc.personal == 0 {
			return fmt.Sprintf("the product processes %s; none is classified personal or sensitive, which a reviewer may weigh.", n(sc.data, "data asset", "data assets"))
		}
		return fmt.Sprintf("%d of the product's %s %s classified personal or sensitive.", sc.personal, n(sc.data, "data asset", "data assets"), plural(sc.personal, "is", "are"))
	case "I-2h":
		return fmt.Sprintf("the essential functions of %s must stay available; data assets rated high or critical for availability: %d.",
			n(sc.elements, "element", "elements"), sc.available)
	case "I-2i":
		return fmt.Sprintf("%s over the internet, and the product has %s that can send traffic to other networks.",
			n(sc.overInternet, "flow travels", "flows travel"), n(sc.devices, "device or gateway", "devices and gateways"))
	case "I-2j":
		return fmt.Sprintf("the attack surface is: elements reachable from the internet %d, by radio %d, physically %d; %s, %s and %s.",
			sc.internet, sc.radio, sc.physical, n(sc.services, "listening service", "listening services"),
			n(sc.debug, "debug interface", "debug interfaces"), n(sc.crossings, "boundary-crossing flow", "boundary-crossing flows"))
	case "I-2k":
		return fmt.Sprintf("the software of %s runs where an incident can start (%d reachable from the internet).",
			n(sc.elements, "element", "elements"), sc.internet)
	case "I-2l":
		return fmt.Sprintf("security-relevant activity on %s and %s is to be recorded and monitored.",
			n(sc.elements, "element", "elements"), n(sc.crossings, "boundary-crossing flow", "boundary-crossing flows"))
	case "I-2m":
		return fmt.Sprintf("%s stored on the product's elements, %d of them personal or sensitive.",
			n(sc.stored, "data asset is", "data assets are"), sc.storedPersonal)
	}
	if strings.HasPrefix(id, "II-") {
		if sc.supportUntil == "" {
			return "the manufacturer handles vulnerabilities for the whole support period, which product.support_until does not state."
		}
		return "the manufacturer handles vulnerabilities for the whole support period, until " + sc.supportUntil + " (product.support_until)."
	}
	// An item a model's vocabulary adds: Annex I applies in full.
	return "Annex I applies in full unless a requirement is justified as not applicable."
}
