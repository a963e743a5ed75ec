package threagile

import (
	"regexp"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// nonAlnum is what Threagile replaces by hyphens when it makes a link id
// from the link's title.
var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]+`)

// linkID is Threagile's own id of a link: source asset id, ">", the
// title in lower case with runs of other characters as hyphens. Risks
// and risk tracking name links by it.
func linkID(source, title string) string {
	return source + ">" + strings.Trim(nonAlnum.ReplaceAllString(strings.ToLower(title), "-"), "- ")
}

// communicationLinks converts each asset's communication_links into
// flows from that asset. Threagile has no bidirectional flag: a link
// that receives data is bidirectional.
func (c *converter) communicationLinks() {
	for _, a := range c.assetList {
		field := a.field + ".communication_links"
		var loops counted
		for _, p := range c.mapping(a.f["communication_links"], field) {
			if c.link(a, p, field+"["+short(p.Key.Value)+"]") {
				loops.add(clean(p.Key.Value))
			}
		}
		switch {
		case loops.Len() == 1:
			c.imp.Note("elements["+a.id+"]", "Threagile link %s goes from the asset to itself; iotthreat models internal processing with processes:, so it is left out.",
				loops.some())
		case loops.Len() > 1:
			c.imp.Note("elements["+a.id+"]", "%d Threagile links (%s) go from the asset to itself; iotthreat models internal processing with processes:, so they are left out.",
				loops.Len(), loops.some())
		}
	}
}

// link converts one link; self says it goes from the asset to itself and
// was left out, for one note on the asset however many there are.
func (c *converter) link(a *asset, p strictyaml.Pair, field string) (self bool) {
	title := p.Key.Value
	f := c.fields(p.Value, field)
	if p.Value == nil || p.Value.Kind != strictyaml.Mapping {
		if p.Value == nil || p.Value.Kind == strictyaml.Null {
			c.fail(p.Key, field, "describe the link with target:, protocol:, …", "empty communication link %q", short(title))
		}
		return false
	}
	tn := f["target"]
	target := strings.TrimSpace(c.str(tn, field+".target"))
	to, ok := c.assets[target]
	switch {
	case target == "":
		at := tn
		if at == nil {
			at = p.Key
		}
		c.fail(at, field+".target", "add target: with the id of the technical asset it reaches", "communication link %q has no target", short(title))
		return false
	case !ok:
		c.fail(tn, field+".target", c.suggestAsset(target), "unknown technical asset %q", short(target))
		return false
	}
	pn := f["protocol"]
	if pn == nil || pn.Kind == strictyaml.Null {
		at := pn
		if at == nil {
			at = p.Key
		}
		c.fail(at, field+".protocol", "add protocol: (https, jdbc, ssh, …)", "communication link %q has no protocol", short(title))
		return false
	}
	proto, ok := enum(c, pn, field+".protocol", "protocol", protocols)
	if !ok {
		return false
	}
	// Risks and tracking name a link by its asset and cleaned title, so
	// two titles that differ only in case or punctuation name one link:
	// the first keeps the name, and the second says so.
	key := linkID(a.tgID, title)
	_, isLink := c.links[key]
	_, isLoop := c.loops[key]
	named := !isLink && !isLoop
	if a == to {
		// No flow, so no flow id: a risk naming the link is written on
		// the asset instead (riskTarget).
		if named {
			c.loops[key] = a.id
		} else {
			c.imp.Note("elements["+a.id+"]", "Threagile link %q, from this asset to itself, is named %q like an earlier link of the asset; risks naming %q go to the earlier one.", short(title), key, key)
		}
		return true
	}
	fl := model.Flow{From: a.id, To: to.id, Name: label(clean(title))}
	fl.ID = c.names.take(a.id+"-"+strings.Trim(nonAlnum.ReplaceAllString(strings.ToLower(title), "-"), "-"), "flow")
	path := "flows[" + fl.ID + "]"
	if named {
		c.links[key] = fl.ID
	} else {
		c.imp.Note(path, "Threagile names this link %q like an earlier link of the same asset (their titles differ only in case or punctuation); risks and tracking naming %q go to the earlier one.", key, key)
	}
	desc := clean(c.str(f["description"], field+".description"))
	fl.Description = prose(desc)
	c.noteCut(path, "description", desc, model.MaxProseLength)
	fl.Tags = c.tags(f["tags"], field+".tags")
	c.protocol(&fl, proto, pn.Value, to, path)
	c.vpn(&fl, f, field, path)
	c.authentication(&fl, f, field, path, to)
	c.linkData(&fl, f, field, path)
	c.linkFacts(f, field, path)
	c.m.Flows = append(c.m.Flows, fl)
	return false
}

// protocol sets the flow's protocol and the encryption its Threagile
// name implies (ldaps: ldap with tls), picking the database product of a
// SQL or NoSQL link from the target's tags, technology and name.
func (c *converter) protocol(fl *model.Flow, proto protocol, name string, to *asset, path string) {
	id := proto.ID
	if proto.Family != "" {
		id = proto.Family
		words := strings.ToLower(strings.Join(append([]string{to.tech, to.name}, to.tags...), " "))
		for _, d := range databaseProducts {
			if d.Family == proto.Family && strings.Contains(words, d.Word) {
				id = d.ID
				c.imp.Note(path, "Threagile protocol %s; the target mentions %s, so written as %s.", name, d.Word, d.ID)
				break
			}
		}
	}
	if _, isExt := extensionProtocols[id]; isExt {
		c.extensions[id] = true
	}
	fl.Protocol = id
	fl.Encryption = proto.Enc
	if proto.Note != "" {
		c.imp.Note(path, "%s.", proto.Note)
	}
	if p, ok := c.vocab.Protocol(id); ok && len(p.Encryption) > 0 && !slices.Contains(p.Encryption, fl.Encryption) {
		fl.Encryption = p.Encryption[0]
		c.imp.Note(path, "Threagile protocol %s; written with encryption %s, the nearest %s allows.", name, fl.Encryption, id)
	}
}

// vpn: a link through a VPN is encrypted by it when the protocol is not
// encrypted itself; otherwise the VPN is noted.
func (c *converter) vpn(fl *model.Flow, f map[string]*strictyaml.Node, field, path string) {
	v, _ := c.boolean(f["vpn"], field+".vpn")
	if !v {
		return
	}
	allowed := true
	if p, ok := c.vocab.Protocol(fl.Protocol); ok && len(p.Encryption) > 0 {
		allowed = slices.Contains(p.Encryption, "vpn")
	}
	if fl.Encryption == "none" && allowed {
		fl.Encryption = "vpn"
		c.imp.Note(path, "Threagile: through a VPN, written as encryption vpn.")
		return
	}
	c.imp.Note(path, "Threagile: also through a VPN.")
}

// authentication maps the link's authentication, keeping only values the
// protocol can carry, and notes its authorization.
func (c *converter) authentication(fl *model.Flow, f map[string]*strictyaml.Node, field, path string, to *asset) {
	an := f["authentication"]
	if an == nil || an.Kind == strictyaml.Null {
		c.imp.Note(path, "Threagile gives no authentication: left unset, which iotthreat reads as none.")
	} else if auth, ok := enum(c, an, field+".authentication", "authentication", authentications); ok {
		p, known := c.vocab.Protocol(fl.Protocol)
		if known && len(p.Authentication) > 0 && !slices.Contains(p.Authentication, auth) {
			if auth == "certificate" && slices.Contains(p.Authentication, "mutual-tls") {
				auth = "mutual-tls"
			} else {
				c.imp.Note(path, "Threagile authentication %s (%s) is not one %s carries in iotthreat's vocabulary: left unset; set it by hand.",
					an.Value, auth, fl.Protocol)
				auth = ""
			}
		}
		fl.Authentication = auth
		switch an.Value {
		case "two-factor":
			c.imp.Note(path, "Threagile authentication two-factor: a password here, and the mfa control on the receiving element where it applies.")
			c.addControl(to, "mfa")
		case "externalized":
			c.imp.Note(path, "Threagile authentication externalized (another component authenticates the caller): written as token; check.")
		}
	}
	if zn := f["authorization"]; zn != nil && zn.Kind != strictyaml.Null {
		if text, ok := enum(c, zn, field+".authorization", "authorization", authorizations); ok {
			c.imp.Note(path, "Authorisation (Threagile %s): %s.", zn.Value, text)
		}
	}
}

// addControl declares a control on an asset's element when its kind
// takes it.
func (c *converter) addControl(a *asset, id string) {
	if a.index < 0 || a.index >= len(c.m.Elements) {
		return
	}
	e := &c.m.Elements[a.index]
	ctl, ok := c.vocab.Control(id)
	if !ok || !slices.Contains(ctl.AppliesTo, e.Kind) || slices.Contains(e.Controls, id) {
		return
	}
	e.Controls = append(e.Controls, id)
	c.imp.Note("elements["+e.ID+"]", "Control %s declared because a Threagile link to it uses two-factor authentication.", id)
}

// linkData carries the data sent and received; data received back makes
// the flow bidirectional.
func (c *converter) linkData(fl *model.Flow, f map[string]*strictyaml.Node, field, path string) {
	sent := c.dataRefs(f["data_assets_sent"], field+".data_assets_sent")
	received := c.dataRefs(f["data_assets_received"], field+".data_assets_received")
	fl.Data = union(sent, received)
	if len(received) > 0 {
		fl.Bidirectional = true
		if !sameSet(sent, received) {
			c.imp.Note(path, "Threagile: sends %s; receives back %s.", fewOrNone(sent), fewOrNone(received))
		}
	}
}

// union is a followed by the items of b not in a (both without repeats).
func union(a, b []string) []string {
	in := make(map[string]bool, len(a))
	out := append([]string(nil), a...)
	for _, x := range a {
		in[x] = true
	}
	for _, x := range b {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// sameSet says whether a and b (both without repeats) hold the same items.
func sameSet(a, b []string) bool {
	return len(a) == len(b) && len(union(a, b)) == len(a)
}

// fewOrNone names the first text.MaxListed ids of list and counts the
// rest, or says "nothing": a link may send thousands of data assets, a
// runtime run thousands of assets, and a note stays one line. The ids
// are the model's (slugs of at most maxIDLength characters), so they are
// not quoted or cut.
func fewOrNone(list []string) string {
	if len(list) == 0 {
		return "nothing"
	}
	return text.Few(list[:min(len(list), text.MaxListed)], len(list))
}

// linkFacts notes what a flow has no field for.
func (c *converter) linkFacts(f map[string]*strictyaml.Node, field, path string) {
	if v, _ := c.boolean(f["ip_filtered"], field+".ip_filtered"); v {
		c.imp.Note(path, "Threagile: IP-filtered (only known addresses may connect).")
	}
	if v, _ := c.boolean(f["readonly"], field+".readonly"); v {
		c.imp.Note(path, "Threagile: read-only (the caller only reads).")
	}
	if u := c.str(f["usage"], field+".usage"); u != "" && u != "business" {
		c.imp.Note(path, "Threagile usage %s.", u)
	}
}
