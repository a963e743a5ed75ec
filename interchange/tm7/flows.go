package tm7

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/geom"
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
)

// indexFlows joins each data flow to its two elements. The flows with an
// end attached to nothing, and those from a shape to itself, are left
// out with one note for each kind, naming a few: a file of thousands of
// them gives two notes, not thousands.
func (c *converter) indexFlows() {
	var unattached, loops text.Tally
	var firstLoop string
	n := 0
	for _, sf := range c.doc.surfaces {
		for _, it := range sf.lines {
			if it.generic != gFlow {
				continue
			}
			from, to := c.nodes[it.from], c.nodes[it.to]
			switch {
			case from == nil || to == nil:
				unattached.AddQuoted(it.name)
				continue
			case from == to:
				if loops.Len() == 0 {
					firstLoop = fmt.Sprintf("%q goes from %s", text.Short(it.name), from.id)
				}
				if loops.Full() {
					loops.AddUnnamed()
				} else {
					loops.Add(fmt.Sprintf("%q on %s", text.Short(it.name), from.id))
				}
				continue
			}
			c.flows[it.guid] = &flow{it: it, from: from, to: to, index: n}
			n++
		}
	}
	switch {
	case unattached.Len() == 1:
		c.imp.Note("", "Flow %s has an end attached to no shape in the Threat Modeling Tool: not imported.", &unattached)
	case unattached.Len() > 1:
		c.imp.Note("", "%d flows have an end attached to no shape in the Threat Modeling Tool and are not imported: %s.",
			unattached.Len(), &unattached)
	}
	switch {
	case loops.Len() == 1:
		c.imp.Note("", "Flow %s to itself: not imported.", firstLoop)
	case loops.Len() > 1:
		c.imp.Note("", "%d flows go from a shape to itself and are not imported: %s.", loops.Len(), &loops)
	}
}

// flowList converts the flows, in file order.
func (c *converter) flowList() {
	m := c.imp.Model
	for _, f := range c.sortedFlows() {
		it := f.it
		name, cutOff := text.Label(it.name)
		f.id = c.newID(name, f.from.id+"-to-"+f.to.id)
		path := "flows[" + f.id + "]"
		if cutOff {
			c.imp.Note(path, "The name was shortened to %d characters.", model.MaxLabelLength)
		}
		fl := model.Flow{ID: f.id, Name: name, From: f.from.id, To: f.to.id, Tags: c.outOfScope(path, it)}
		c.protocol(&fl, path, f)
		if p, ok := it.props.find("Physical Network"); ok && p.said {
			c.imp.Note(path, "The Threat Modeling Tool says it travels over %s.", text.OneLine(p.value))
		}
		c.surfaceNote(path, it)
		m.Flows = append(m.Flows, fl)
	}
}

// protocolOf finds a protocol id in a text's words (a stencil, a type id
// or a flow's name).
func (c *converter) protocolOf(text string) string {
	for _, w := range append(words(text), words(strings.ToLower(text))...) {
		if id, ok := protocolAliases[w]; ok {
			if _, known := c.v.Protocol(id); known {
				return id
			}
		}
	}
	return ""
}

// protocol sets a flow's protocol from its stencil (an HTTPS stencil) or
// its name, else https with a note; and its encryption and
// authentication only from what the tool's properties say outright. A
// flow with a person at one end uses the protocol ui.
func (c *converter) protocol(fl *model.Flow, path string, f *flow) {
	it := f.it
	if f.from.kind == "user" || f.to.kind == "user" {
		fl.Protocol = "ui"
		return
	}
	stencil := it.stencil + " " + strings.TrimPrefix(it.typeID, "SE.")
	switch id := c.protocolOf(stencil); {
	case id != "":
		fl.Protocol = id
	default:
		if id = c.protocolOf(it.name); id != "" {
			fl.Protocol = id
			c.imp.Note(path, "Protocol %s guessed from the flow's name; its stencil (%s) names none.", id, orWord(it.stencil, it.typeID))
		} else {
			fl.Protocol = "https"
			c.imp.Note(path, "The Threat Modeling Tool gives no protocol (stencil %s): https assumed, and so TLS. Check it.", orWord(it.stencil, it.typeID))
		}
	}
	p, _ := c.v.Protocol(fl.Protocol)
	var allowed []string
	if p != nil {
		allowed = p.Encryption
	}
	conf, confOK := it.props.find("Provides Confidentiality")
	switch {
	case len(allowed) == 1:
		// The protocol says it (https: tls); the model's default.
		if confOK && conf.said && strings.EqualFold(conf.value, "no") {
			c.imp.Note(path, "The Threat Modeling Tool says it provides no confidentiality, yet it is %s, which is always %s. Check it.", fl.Protocol, allowed[0])
		}
	case confOK && conf.said && strings.EqualFold(conf.value, "yes"):
		for _, e := range []string{"tls", "dtls", "app", "link", "vpn"} {
			if len(allowed) == 0 || slices.Contains(allowed, e) {
				fl.Encryption = e
				break
			}
		}
		c.imp.Note(path, "Encryption %s: the Threat Modeling Tool says only that it provides confidentiality. Check it.", fl.Encryption)
	case confOK && conf.said && strings.EqualFold(conf.value, "no") && (len(allowed) == 0 || slices.Contains(allowed, "none")):
		fl.Encryption = "none"
		c.imp.Note(path, "Encryption none: the Threat Modeling Tool says it provides no confidentiality.")
	default:
		c.imp.Note(path, "The Threat Modeling Tool does not say whether it is encrypted (a default \"No\" is not taken for a fact): encryption is left out, which iotthreat reads as none. Say what protects it.")
	}
	src, srcOK := it.props.find("Source Authenticated")
	switch {
	case srcOK && src.said && strings.EqualFold(src.value, "yes"):
		c.imp.Note(path, "The Threat Modeling Tool says the receiver authenticates the sender, but not how: authentication is left out, which iotthreat reads as none. Write the mechanism.")
	case srcOK && src.said && strings.EqualFold(src.value, "no") && c.v.HasTerm("authentication", "none"):
		fl.Authentication = "none"
		c.imp.Note(path, "Authentication none: the Threat Modeling Tool says the sender is not authenticated.")
	default:
		c.imp.Note(path, "The Threat Modeling Tool does not say how the sender is authenticated: authentication is left out, which iotthreat reads as none. Write the mechanism.")
	}
	if dst, ok := it.props.find("Destination Authenticated"); ok && dst.said {
		c.imp.Note(path, "The Threat Modeling Tool says the destination %s authenticated: set server_verification if it is known.",
			map[bool]string{true: "is", false: "is not"}[strings.EqualFold(dst.value, "yes")])
	}
}

// crossings notes, on each flow, the trust boundary lines it crosses. A
// line encloses nothing, so it is not a boundary in iotthreat's sense.
// The flows are sorted once and grouped by surface, in file order.
func (c *converter) crossings() {
	bySurface := map[int][]*flow{}
	for _, f := range c.sortedFlows() {
		bySurface[f.it.surface] = append(bySurface[f.it.surface], f)
	}
	for si, sf := range c.doc.surfaces {
		var lines []*item
		for _, it := range sf.lines {
			if it.generic == gLine {
				lines = append(lines, it)
			}
		}
		if len(lines) == 0 {
			continue
		}
		fs := bySurface[si]
		work := len(fs) * len(lines) * curveSegments * curveSegments
		names := make([]string, len(lines))
		var all text.Tally
		for i, l := range lines {
			if names[i] = text.Short(l.name); names[i] == "" {
				names[i] = fmt.Sprintf("unnamed %d", i+1)
			}
			all.AddQuoted(names[i])
		}
		if work > MaxCrossingWork {
			c.imp.Note("", "Trust boundary lines %s: too many lines to work out which flows cross them; no crossing notes.", &all)
			continue
		}
		c.imp.Note("", "Trust boundary lines %s enclose nothing, so they are not boundaries here: each flow that crosses one says so in a note. Put the elements on each side in boundaries to let the analysis see the crossing.", &all)
		for _, f := range fs {
			var crossed text.Tally
			for i, l := range lines {
				if geom.PolylinesMeet(f.it.line, l.line) {
					crossed.AddQuoted(names[i])
				}
			}
			switch {
			case crossed.Len() == 1:
				c.imp.Note("flows["+f.id+"]", "Crosses the Threat Modeling Tool trust boundary line %s.", &crossed)
			case crossed.Len() > 1:
				c.imp.Note("flows["+f.id+"]", "Crosses %d Threat Modeling Tool trust boundary lines: %s.", crossed.Len(), &crossed)
			}
		}
	}
}
