package model

import (
	"fmt"
	"slices"
	"sort"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

func (c *checker) flow(f *Flow, field string) {
	from, fromOK := c.endpoint(f, "from", f.From, field)
	to, toOK := c.endpoint(f, "to", f.To, field)
	if f.From != "" && f.From == f.To {
		c.add(f.Src.At("to"), field+".to", "a flow joins two different elements; model internal processing with processes:",
			"flow from %q to itself", f.From)
	}
	p, protoOK := c.v.Protocol(f.Protocol)
	if (f.Protocol != "" || writtenEmpty(f.Src, "protocol", f.Protocol)) && !protoOK {
		c.add(f.Src.At("protocol"), field+".protocol", protocolHint(c.v, f.Protocol), "unknown protocol %q", f.Protocol)
	}
	c.term(f.Src, "encryption", field+".encryption", "encryption", f.Encryption)
	c.term(f.Src, "authentication", field+".authentication", "authentication", f.Authentication)
	if protoOK {
		c.consistent(f.Src, field, p, f.Encryption, f.Authentication)
		c.options(f, field, p)
	}
	if fromOK && toOK && f.From != f.To {
		c.peers(f, field, from, to)
		if protoOK {
			c.humanProtocol(f, field, from, to, p)
			c.radioPresent(f, field, from, to, p)
		}
	}
	if f.Src.Has("port") && (f.Port < 1 || f.Port > 65535) {
		c.add(f.Src.At("port"), field+".port", "ports run from 1 to 65535", "invalid port %d", f.Port)
	}
	for i, d := range f.Data {
		ref(c, f.Src.At(fmt.Sprintf("data[%d]", i)), field+".data", "data asset", d, c.data)
	}
	c.controls(f.Src, field, "flow", f.Controls)
	c.flowFacts(f, field, p)
}

// flowFacts checks the facts a flow may state about its path, the
// commands it carries and its credentials.
func (c *checker) flowFacts(f *Flow, field string, p *vocab.Protocol) {
	for i, b := range f.Via {
		ref(c, f.Src.At(fmt.Sprintf("via[%d]", i)), field+".via", "boundary", b, c.boundaries)
	}
	c.terms(f.Src, "actions", field+".actions", "action", f.Actions)
	c.term(f.Src, "credential_scope", field+".credential_scope", "scope", f.CredentialScope)
	c.terms(f.Src, "formats", field+".formats", "format", f.Formats)
	enc := orDefault(f.Encryption, onlyEncryption(p))
	c.tlsVersion(f.Src, field, f.TLSVersion, enc)
	if f.ServerVerification != "" {
		c.term(f.Src, "server_verification", field+".server_verification", "server_verification", f.ServerVerification)
		if enc == "" || enc == "none" || enc == "link" {
			c.add(f.Src.At("server_verification"), field+".server_verification", "server certificates are checked in TLS, DTLS or an application protocol; set encryption, or remove server_verification",
				"server_verification needs an end-to-end encrypted flow, not encryption %s", orDefault(enc, "none"))
		}
	}
}

func protocolHint(v *vocab.Vocabulary, id string) string {
	if s := diag.Suggest(id, v.ProtocolIDs()); s != "" {
		return fmt.Sprintf("did you mean %q? New protocols can be declared under vocabulary: protocols:", s)
	}
	return "see `iotthreat schema` or docs/model.md for protocol ids; declare new ones under vocabulary: protocols:"
}

func (c *checker) endpoint(f *Flow, key, id, field string) (*Element, bool) {
	if id == "" && !writtenEmpty(f.Src, key, id) {
		return nil, false // missing: reported by the decoder
	}
	if !ref(c, f.Src.At(key), field+"."+key, "element", id, c.elements) {
		return nil, false
	}
	return c.elements[id], true
}

// consistent checks encryption and authentication against what the
// protocol can carry: https with encryption none is a contradiction.
func (c *checker) consistent(src strictyaml.Source, field string, p *vocab.Protocol, enc, auth string) {
	if enc != "" && len(p.Encryption) > 0 && c.v.HasTerm("encryption", enc) && !slices.Contains(p.Encryption, enc) {
		hint := "for " + p.ID + " use encryption: " + joinComma(p.Encryption)
		if p.ID == "http" && enc == "tls" {
			hint = "HTTP over TLS is protocol https"
		}
		c.add(src.At("encryption"), field+".encryption", hint,
			"encryption %s contradicts protocol %s (%s)", enc, p.ID, p.Name)
	}
	if auth != "" && len(p.Authentication) > 0 && c.v.HasTerm("authentication", auth) && !slices.Contains(p.Authentication, auth) {
		c.add(src.At("authentication"), field+".authentication", "for "+p.ID+" use authentication: "+joinComma(p.Authentication),
			"authentication %s is not available with protocol %s", auth, p.ID)
	}
}

func (c *checker) options(f *Flow, field string, p *vocab.Protocol) {
	keys := make([]string, 0, len(f.Options))
	for k := range f.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		opt, ok := p.Option(k)
		if !ok {
			pos := f.Src.NameAt("options." + k)
			hint := diag.DidYouMean(k, p.OptionIDs())
			if len(p.Options) == 0 {
				hint = "protocol " + p.ID + " has no options"
			}
			c.add(pos, field+".options", hint, "unknown option %q for protocol %s", k, p.ID)
			continue
		}
		if val := f.Options[k]; !slices.Contains(opt.ValueIDs(), val) {
			c.add(f.Src.At("options."+k), field+".options."+k, diag.DidYouMean(val, opt.ValueIDs()), "invalid value %q for %s option %s", val, p.ID, k)
		}
	}
}

// peers checks that the two kinds can talk to each other at all.
func (c *checker) peers(f *Flow, field string, from, to *Element) {
	fk, ok1 := c.v.ElementKind(from.Kind)
	tk, ok2 := c.v.ElementKind(to.Kind)
	if !ok1 || !ok2 {
		return
	}
	if len(fk.ConnectsTo) > 0 && !slices.Contains(fk.ConnectsTo, to.Kind) {
		c.add(f.Src.At("to"), field+".to", "a "+from.Kind+" connects to: "+joinComma(fk.ConnectsTo),
			"a flow from %s %q to %s %q makes no sense", from.Kind, from.ID, to.Kind, to.ID)
	} else if len(tk.ConnectsTo) > 0 && !slices.Contains(tk.ConnectsTo, from.Kind) {
		c.add(f.Src.At("from"), field+".from", "a "+to.Kind+" connects to: "+joinComma(tk.ConnectsTo),
			"a flow from %s %q to %s %q makes no sense", from.Kind, from.ID, to.Kind, to.ID)
	}
}

// humanProtocol checks that people, and only people, use human-interface
// protocols: a user does not speak MQTT, and a device does not use voice
// with a server.
func (c *checker) humanProtocol(f *Flow, field string, from, to *Element, p *vocab.Protocol) {
	human := c.isHuman(from) || c.isHuman(to)
	switch {
	case human && p.Medium != "human":
		c.add(f.Src.At("protocol"), field+".protocol", "flows with a user use a human-interface protocol: "+joinComma(c.humanProtocols()),
			"a person cannot use protocol %s", p.ID)
	case !human && p.Medium == "human":
		c.add(f.Src.At("protocol"), field+".protocol", "use a network or radio protocol, or make one end a user",
			"protocol %s is for people, but neither %q nor %q is a user", p.ID, from.ID, to.ID)
	}
}

func (c *checker) isHuman(e *Element) bool {
	k, ok := c.v.ElementKind(e.Kind)
	return ok && k.Human
}

func (c *checker) humanProtocols() []string {
	var ids []string
	for _, p := range c.v.Protocols {
		if p.Medium == "human" {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// radioPresent checks a radio flow against the radios an endpoint lists:
// a device declaring radios [ble] cannot send over Zigbee.
func (c *checker) radioPresent(f *Flow, field string, from, to *Element, p *vocab.Protocol) {
	if p.Medium != "radio" {
		return
	}
	for _, e := range []*Element{from, to} {
		if len(e.Radios) > 0 && !slices.Contains(e.Radios, p.ID) {
			c.add(f.Src.At("protocol"), field+".protocol", fmt.Sprintf("add %s to the radios of %q, or fix the protocol", p.ID, e.ID),
				"%q uses radio %s, but %q lists radios %s only", f.ID, p.ID, e.ID, joinComma(e.Radios))
		}
	}
}
