package regulatory

import (
	"strings"
)

// checkAccess decides access control (ACM-1, ACM-2): every interface that
// delivers the asset to the equipment authenticates the sender (access
// control needs to know who asks), and debug interfaces of the equipment
// holding it are closed by a declared control.
func (sc *enScope) checkAccess(a *enAsset, req *enReq, ev *enEvidence) {
	sc.checkAuthentication(a, false, ev)
	controlled := sc.controlled(a, req)
	for _, ei := range a.equip {
		e := &sc.l.Model.Elements[ei]
		if len(e.DebugInterfaces) > 0 && !controlled(ei) {
			ev.miss(e.ID, " has debug interfaces (", strings.Join(e.DebugInterfaces, ", "), ") and no declared control restricts access on it (for example debug-disabled)")
		}
	}
}

// checkAuthentication decides AUM-1 to AUM-3 (and the authentication part
// of ACM): each interface delivering the asset to the equipment
// authenticates the sender. fit (AUM-2) also asks that the credential is
// not the same on every unit, nor a shared default or hard-coded one.
func (sc *enScope) checkAuthentication(a *enAsset, fit bool, ev *enEvidence) {
	for _, l := range a.inbound() {
		to := sc.l.Model.Elements[l.into].ID
		switch {
		case l.authentication == "none" || l.authentication == "":
			switch {
			case l.authStated && l.flow < 0:
				ev.miss(l.label, " accepts callers without authentication")
			case l.authStated:
				ev.miss(l.label, " reaches ", to, " without authentication")
			default:
				ev.miss(l.label, " does not say how ", to, " authenticates the sender")
			}
			continue
		case fit && l.scope == "fleet":
			ev.miss(l.label, ": the sender's credential is the same on every unit (credential_scope fleet)")
			continue
		}
		if fit && l.from >= 0 {
			if c := sc.l.Model.Elements[l.from].Credentials; c == "shared-default" || c == "hard-coded" {
				ev.miss(l.label, ": the sender's credentials are ", c)
				continue
			}
		}
		ev.ok(l.label, ": ", to, " authenticates the sender by ", l.authentication)
	}
}

// checkTransit decides secure communication (SCM): every interface of
// the equipment that carries the asset encrypts it and authenticates the
// sender. Link encryption (a radio's own) counts, and is named as such.
func (sc *enScope) checkTransit(a *enAsset, ev *enEvidence) {
	for _, l := range a.links {
		switch {
		case l.encryption == "none" || l.encryption == "":
			ev.miss(l.label, " carries it unencrypted")
		case l.authentication == "none" || l.authentication == "":
			ev.miss(l.label, " encrypts it (", l.encryption, ") but does not authenticate the sender")
		case l.endToEnd:
			ev.ok(l.label, " carries it with ", l.encryption, ", sender authenticated by ", l.authentication)
		default:
			ev.ok(l.label, " protects it with ", l.encryption, " encryption only (not end to end), sender authenticated by ", l.authentication)
		}
	}
}

// checkCrypto decides cryptography (CRY): the encrypted interfaces
// carrying the asset do not accept TLS versions below 1.2. Versions the
// model does not state are named, not assumed.
func (sc *enScope) checkCrypto(a *enAsset, ev *enEvidence) {
	for _, l := range a.links {
		switch {
		case l.encryption == "none" || l.encryption == "":
			continue
		case l.tls == "1.0" || l.tls == "1.1":
			ev.miss(l.label, " accepts TLS ", l.tls, ", below best practice (1.2)")
		case l.tls != "":
			ev.ok(l.label, " uses ", l.encryption, ", TLS ", l.tls, " at least")
		case l.encryption == "tls" || l.encryption == "dtls":
			ev.ok(l.label, " uses ", l.encryption, " (the model does not state the lowest version it accepts)")
		case l.encryption == "link":
			ev.ok(l.label, " uses the radio's link-layer encryption")
		default:
			ev.ok(l.label, " uses ", l.encryption, " encryption")
		}
	}
}

// checkElements decides the requirements about the equipment rather than
// one interface (secure storage, update, authenticators, keys, logging,
// resilience, monitoring, traffic control, deletion, notification, the
// children's access controls, general capabilities): each piece of
// equipment the asset is on (for storage and deletion, each that stores
// it) needs a declared control for the requirement or a stated attribute
// that meets it; an attribute that contradicts it fails it.
func (sc *enScope) checkElements(std string, a *enAsset, req *enReq, ev *enEvidence) {
	fam := enFamily(req.ID)
	targets := a.equip
	if fam == "SSM" || fam == "DLM" {
		targets = a.stored
	}
	controlled := sc.controlled(a, req)
	for _, ei := range targets {
		good, bad := sc.elementFact(a, req.ID, fam, ei)
		switch {
		case bad != "":
			ev.miss(bad)
		case good != "":
			ev.ok(good)
		case controlled(ei):
		case fam == "ACM":
			ev.miss("the model does not say whether ", sc.l.Model.Elements[ei].ID, " is a toy or childcare equipment: justify ", req.ID, " in product.not_applicable if it is not, or declare its parent or guardian access controls")
		default:
			ev.miss("nothing on ", sc.l.Model.Elements[ei].ID, " meets it", sc.examples(std, req.ID))
		}
	}
}

// elementFact reads the attribute of an element that meets (good) or
// contradicts (bad) a requirement, if it has one.
func (sc *enScope) elementFact(a *enAsset, id, fam string, ei int) (good, bad string) {
	e := &sc.l.Model.Elements[ei]
	switch {
	case (id == "SSM-1" || id == "SSM-3" || fam == "CCK") && a.category == enSecurity:
		if hs := e.HardwareSecurity; hs != "" && hs != "none" {
			return e.ID + " protects keys in hardware (hardware_security " + hs + ")", ""
		}
	case id == "SUM-1":
		switch e.FirmwareUpdate {
		case "ota", "manual":
			return e.ID + " can be updated (firmware_update " + e.FirmwareUpdate + ")", ""
		case "none":
			return "", e.ID + " cannot be updated (firmware_update none)"
		}
	case id == "SUM-3":
		switch e.FirmwareUpdate {
		case "manual", "none":
			return "", e.ID + " is not updated automatically (firmware_update " + e.FirmwareUpdate + ")"
		}
	case fam == "AUM":
		switch e.Credentials {
		case "shared-default", "hard-coded":
			return "", e.ID + "'s credentials are " + e.Credentials
		case "unique":
			if id == "AUM-5" || id == "AUM-5-1" {
				return e.ID + "'s credentials are unique per unit, set at manufacture", ""
			}
		case "user-defined":
			if id == "AUM-4" {
				return e.ID + "'s credentials are set by the user", ""
			}
		}
	case id == "RLM-1":
		if e.WithoutCloud == "works" {
			return e.ID + " keeps its essential function without the cloud (without_cloud works)", ""
		}
	}
	return "", ""
}
