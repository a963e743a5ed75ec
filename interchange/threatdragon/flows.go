package threatdragon

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
)

// protocolAliases maps Threat Dragon's free-text protocols (lower-case,
// letters and digits only) to protocol ids, and says whether the text
// itself means encrypted ("HTTPS", "MQTTS").
var protocolAliases = map[string]struct {
	id     string
	secure bool
}{
	"http": {"http", false}, "https": {"https", true}, "httpstls": {"https", true}, "rest": {"https", false},
	"tls": {"https", true}, "ssl": {"https", true}, "httpsrest": {"https", true},
	"ws": {"websocket", false}, "websocket": {"websocket", false}, "websockets": {"websocket", false},
	"wss": {"websocket", true}, "websocketsecure": {"websocket", true},
	"mqtt": {"mqtt", false}, "mqtts": {"mqtt", true}, "amqp": {"amqp", false}, "amqps": {"amqp", true},
	"coap": {"coap", false}, "coaps": {"coap", true}, "grpc": {"grpc", false},
	"ssh": {"ssh", true}, "sftp": {"ssh", true}, "scp": {"ssh", true}, "ftp": {"ftp", false},
	"bluetooth": {"ble", false}, "bluetoothle": {"ble", false}, "bluetoothlowenergy": {"ble", false},
	"wifi": {"wifi", false}, "lora": {"lorawan", false}, "lte": {"cellular", false}, "4g": {"cellular", false},
	"5g": {"cellular", false}, "gsm": {"cellular", false}, "uart": {"serial", false}, "rs232": {"serial", false},
	"rs485": {"serial", false}, "modbus": {"modbus-tcp", false}, "opcua": {"opc-ua", false},
	"postgres": {"postgresql", false}, "mongo": {"mongodb", false}, "sql": {"postgresql", false},
}

// nameGuessExcluded are words that name a protocol but, in a flow's name,
// usually mean something else ("Push to Bucket").
var nameGuessExcluded = set("push", "tls", "ssl", "ui", "voice", "serial", "usb", "thread", "matter", "rest", "sql")

// protocolFor finds the protocol id for a Threat Dragon protocol text.
func (c *converter) protocolFor(text string, fromName bool) (id string, secure, ok bool) {
	key := strings.Join(words(text), "")
	if fromName && nameGuessExcluded[key] {
		return "", false, false
	}
	if a, found := protocolAliases[key]; found {
		return a.id, a.secure, true
	}
	if p, found := c.v.Protocol(key); found && p.Medium != "human" {
		return p.ID, false, true
	}
	if p, found := c.v.Protocol(strings.ToLower(strings.TrimSpace(text))); found && p.Medium != "human" {
		return p.ID, false, true
	}
	if !fromName {
		return "", false, false
	}
	for _, w := range words(text) {
		if len(w) < 3 || nameGuessExcluded[w] {
			continue
		}
		if id, secure, ok := c.protocolFor(w, false); ok {
			return id, secure, true
		}
	}
	return "", false, false
}

func (c *converter) flows() {
	m := c.imp.Model
	for _, d := range c.diagrams {
		for _, f := range d.flows {
			if c.restoreFlow(d, f) {
				continue
			}
			cl := &d.cells[f.cell]
			data := cl.Data
			if data == nil {
				data = &cellData{}
			}
			name, cutOff := label(cellName(cl))
			id := c.givenID(cl)
			if id == "" {
				id = c.newID(name, f.from.id+"-to-"+f.to.id)
			}
			path := "flows[" + id + "]"
			fl := model.Flow{ID: id, Name: name, From: f.from.id, To: f.to.id, Bidirectional: data.IsBidirectional}
			if cutOff {
				c.imp.Note(path, "The name was shortened to %d characters.", model.MaxLabelLength)
			}
			if desc, cutOff := prose(data.Description); desc != "" {
				fl.Description = desc
				if cutOff {
					c.imp.Note(path, "The description was shortened to %d characters.", model.MaxProseLength)
				}
			}
			c.protocol(&fl, path, data, name, f)
			if data.IsPublicNetwork {
				fl.Tags = append(fl.Tags, "public-network")
				c.imp.Note(path, "Threat Dragon says it crosses a public network: add the internet boundary it travels to via:.")
			}
			if data.OutOfScope {
				fl.Tags = append(fl.Tags, "out-of-scope")
				c.imp.Note(path, "Out of scope in Threat Dragon; the analysis still covers it.")
			}
			c.diagramNote(path, d)
			f.flow = len(m.Flows)
			m.Flows = append(m.Flows, fl)
		}
	}
}

// protocol sets a flow's protocol and encryption from what Threat Dragon
// says, noting each guess. A flow with a person at one end uses the
// human-interface protocol ui, as iotthreat requires.
func (c *converter) protocol(fl *model.Flow, path string, data *cellData, name string, f *flowCell) {
	said := clean(data.Protocol)
	if f.from.kind == "user" || f.to.kind == "user" {
		if p, ok := c.v.Protocol(strings.ToLower(said)); ok && p.Medium == "human" {
			fl.Protocol = p.ID
			return
		}
		fl.Protocol = "ui"
		if said != "" {
			c.imp.Note(path, "Protocol ui, since a person is at one end; Threat Dragon says %q.", text.Short(said))
		}
		return
	}
	id, secure, ok := c.protocolFor(said, false)
	switch {
	case ok:
	case said != "":
		id = "https"
		c.imp.Note(path, "Protocol %q is not in iotthreat's vocabulary: https assumed, and so TLS. Check it.", text.Short(said))
	default:
		if id, secure, ok = c.protocolFor(name, true); ok {
			c.imp.Note(path, "Protocol %s guessed from the flow's name; Threat Dragon gives none.", id)
		} else {
			id = "https"
			c.imp.Note(path, "Threat Dragon gives no protocol: https assumed, and so TLS. Check it.")
		}
	}
	fl.Protocol = id
	p, _ := c.v.Protocol(id)
	var allowed []string
	if p != nil {
		allowed = p.Encryption
	}
	encrypted := data.IsEncrypted || secure
	switch {
	case data.IotthreatEncryption != "" && data.IotthreatID != "" && (slices.Contains(allowed, data.IotthreatEncryption) ||
		len(allowed) == 0 && c.v.HasTerm("encryption", data.IotthreatEncryption)):
		// Written by iotthreat's export: exact.
		fl.Encryption = data.IotthreatEncryption
	case len(allowed) == 1 && allowed[0] != "none":
		fl.Encryption = allowed[0]
	case encrypted && id == "http":
		fl.Protocol, fl.Encryption = "https", "tls"
		c.imp.Note(path, "Protocol https, since Threat Dragon marks the HTTP flow encrypted.")
	case encrypted:
		for _, e := range []string{"tls", "dtls", "app", "link", "vpn"} {
			if len(allowed) == 0 || slices.Contains(allowed, e) {
				fl.Encryption = e
				break
			}
		}
		if fl.Encryption != "tls" && fl.Encryption != "" {
			c.imp.Note(path, "Encryption %s: Threat Dragon says only that it is encrypted.", fl.Encryption)
		}
	default:
		c.imp.Note(path, "Threat Dragon does not mark it encrypted (isEncrypted false is its default, so it may just be unset): encryption is left out, which iotthreat reads as none. Say what protects it.")
	}
}

// crossings notes, on each flow, the trust boundary curves it crosses.
// Curves are not boundaries in iotthreat's sense (they enclose nothing),
// so they become notes, not boundaries.
func (c *converter) crossings() {
	for _, d := range c.diagrams {
		if len(d.curves) == 0 {
			continue
		}
		type curve struct {
			short string // the name as a note lists it
			pts   []point
		}
		var curves []curve
		work := 0
		for _, i := range d.curves {
			cl := &d.cells[i]
			if cl.Source == nil || cl.Target == nil || cl.Source.X == nil || cl.Source.Y == nil || cl.Target.X == nil || cl.Target.Y == nil {
				continue
			}
			pts := append([]point{{*cl.Source.X, *cl.Source.Y}}, cl.Vertices...)
			pts = append(pts, point{*cl.Target.X, *cl.Target.Y})
			name := text.Short(cellName(cl))
			if name == "" {
				name = fmt.Sprintf("unnamed %d", len(curves)+1)
			}
			curves = append(curves, curve{name, pts})
			work += len(pts)
		}
		lines := make([][]point, len(d.flows))
		flowPoints := 0
		for k, f := range d.flows {
			pts := append([]point{f.from.rect.centre()}, d.cells[f.cell].Vertices...)
			lines[k] = append(pts, f.to.rect.centre())
			flowPoints += len(lines[k])
		}
		if work*flowPoints > MaxCrossingWork {
			c.imp.Note("", "Diagram %d (%q) has %d trust boundary curves: too many lines to work out which flows cross them; no crossing notes.", d.index+1, d.title, len(curves))
			continue
		}
		c.imp.Note("", "Diagram %d (%q) has %d trust boundary curves. A curve encloses nothing, so it is not a boundary here: each flow that crosses one says so in a note. Put the elements on each side in boundaries to let the analysis see the crossing.", d.index+1, d.title, len(curves))
		for k, f := range d.flows {
			var crossed text.Tally
			for _, cv := range curves {
				switch {
				case !polylinesCross(lines[k], cv.pts):
				case c.namesLeft > 0 && !crossed.Full():
					crossed.AddQuoted(cv.short)
					c.namesLeft--
				default:
					crossed.AddUnnamed()
				}
			}
			c.crossingNote("flows["+c.imp.Model.Flows[f.flow].ID+"]", &crossed)
		}
	}
}

// crossingNote says, in one note on a flow, which curves it crosses: up
// to text.MaxListed of their names, and how many more. Once the file's
// notes have named MaxCrossingNames curves, the rest only count them.
func (c *converter) crossingNote(path string, crossed *text.Tally) {
	switch n := crossed.Len(); {
	case n == 0:
	case n == 1 && len(crossed.Names()) == 1:
		c.imp.Note(path, "Crosses the Threat Dragon trust boundary curve %s.", crossed)
	case len(crossed.Names()) == 0:
		c.imp.Note(path, "Crosses %s (the file's crossings are too many to name them all).",
			count(n, "Threat Dragon trust boundary curve", "Threat Dragon trust boundary curves"))
	default:
		c.imp.Note(path, "Crosses %d Threat Dragon trust boundary curves: %s.", n, crossed)
	}
}
