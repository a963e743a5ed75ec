package otm

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
)

// Well-known ports and the protocol a flow to them most likely speaks;
// used only when nothing else names the protocol, with a note.
var portProtocols = map[int]string{
	80: "http", 443: "https", 8080: "http", 8443: "https", 1883: "mqtt", 8883: "mqtt", 5683: "coap", 5684: "coap",
	22: "ssh", 23: "telnet", 21: "ftp", 69: "tftp", 161: "snmp", 53: "dns", 123: "ntp", 502: "modbus-tcp",
	5432: "postgresql", 3306: "mysql", 6379: "redis", 27017: "mongodb", 9092: "kafka", 5672: "amqp", 3389: "rdp", 5900: "vnc",
}

// protocolAliases are words tools use for a protocol iotthreat names
// otherwise.
var protocolAliases = map[string]string{
	"psql": "postgresql", "postgres": "postgresql", "mongo": "mongodb", "rest": "https", "grpcs": "grpc",
	"wss": "websocket", "ws": "websocket", "mqtts": "mqtt", "coaps": "coap", "sftp": "ssh", "scp": "ssh",
}

// flows converts dataflows. OTM says nothing of protocol, encryption or
// authentication: the protocol comes from the flow's tags or name when
// one names a protocol, else https; encryption and authentication are
// left unset (https then counts as TLS, and the flow as unauthenticated),
// each with a note.
func (k *conversion) flows() {
	loops := map[string]*selfLoops{} // element id → its self-loop flows
	people := map[string]bool{}      // element ids of users
	for i := range k.imp.Model.Elements {
		if e := &k.imp.Model.Elements[i]; e.Kind == "user" {
			people[e.ID] = true
		}
	}
	var order []string
	for i := range k.doc.flows {
		x := &k.doc.flows[i]
		id := k.flow[x.id]
		path := "flows[" + id + "]"
		var whole model.Flow
		if restore(x.attrs, attrItem, &whole) && whole.ID == id {
			k.imp.Model.Flows = append(k.imp.Model.Flows, whole)
			k.restored = true
			continue
		}
		from, to := k.elem[x.source.id], k.elem[x.destination.id]
		if from == to {
			l := loops[from]
			if l == nil {
				l = &selfLoops{ids: tally()}
				loops[from] = l
				order = append(order, from)
			}
			l.ids.AddQuoted(x.id)
			for j := range x.threats {
				if !k.ruleThreat(&x.threats[j]) {
					l.threats++ // a rule's decision on the flow has nothing to go on
				}
			}
			if l.ids.Len() == 1 {
				l.name = x.name
			}
			continue
		}
		f := model.Flow{ID: id, Name: k.label(path, "name", x.name), Description: k.prose(path, "description", x.description),
			From: from, To: to, Bidirectional: x.bidirectional, Tags: cleanTags(x.tags)}
		var data uniqueList
		for _, r := range x.assets {
			data.add(k.asset[r.id])
		}
		f.Data = data.items
		k.flowFacts(&f, x, path, people[from] || people[to])
		k.attributesNote(path, x.attrs)
		k.imp.Model.Flows = append(k.imp.Model.Flows, f)
	}
	for _, from := range order {
		l := loops[from]
		if l.ids.Len() == 1 {
			name, _ := text.Label(l.name)
			k.imp.Note("elements["+from+"]", "OTM dataflow %s (%s) goes from this component to itself; a model flow joins two elements, so it is left out%s.",
				&l.ids, name, l.threatsKept("its"))
			continue
		}
		k.imp.Note("elements["+from+"]", "%d OTM dataflows (%s) go from this component to itself; a model flow joins two elements, so they are left out%s.",
			l.ids.Len(), &l.ids, l.threatsKept("their"))
	}
}

// selfLoops counts the dataflows from one component to itself, keeping
// the first few ids (and the first name) for one note on the element: a
// file of fifty thousand such flows gives one note, not fifty thousand.
// Their threats are counted too: they are put on the component (see
// threats), and the note says so.
type selfLoops struct {
	ids     text.Tally
	name    string
	threats int
}

// threatsKept ends the note on self-loops with where their threats went.
func (l *selfLoops) threatsKept(whose string) string {
	switch l.threats {
	case 0:
		return ""
	case 1:
		return ", and " + whose + " threat is put on this component"
	}
	return fmt.Sprintf(", and %s %d threats are put on this component", whose, l.threats)
}

// flowFacts sets a flow's protocol, port, encryption and authentication
// from what the OTM flow says.
func (k *conversion) flowFacts(f *model.Flow, x *dataflow, path string, person bool) {
	tagged := map[string]string{}
	if x.attrs["iotthreat:protocol"] != "" {
		// An iotthreat export: its attributes hold the facts as declared
		// (its tags hold them as in effect).
		for _, key := range []string{"protocol", "encryption", "authentication", "port"} {
			tagged[key] = x.attrs["iotthreat:"+key]
		}
	} else {
		for _, t := range x.tags {
			if key, val, ok := strings.Cut(strings.TrimSpace(t), ":"); ok {
				tagged[strings.ToLower(key)] = strings.TrimSpace(val)
			}
		}
	}
	if person {
		k.personProtocol(f, tagged["protocol"], path)
		return
	}
	if p, ok := k.v.Protocol(tagged["protocol"]); ok {
		f.Protocol = p.ID
	}
	if n, err := strconv.Atoi(tagged["port"]); err == nil && n > 0 && n < 65536 {
		f.Port = n
	}
	if f.Protocol == "" {
		f.Protocol = k.guessProtocol(f, x, path)
	}
	p, _ := k.v.Protocol(f.Protocol)
	if enc := tagged["encryption"]; enc != "" {
		if k.v.HasTerm("encryption", enc) && (len(p.Encryption) == 0 || slices.Contains(p.Encryption, enc)) {
			f.Encryption = enc
		} else {
			k.imp.Note(path, "OTM tag encryption:%s is not an encryption %s can have; left out.", enc, f.Protocol)
		}
	}
	if auth := tagged["authentication"]; auth != "" {
		if k.v.HasTerm("authentication", auth) && (len(p.Authentication) == 0 || slices.Contains(p.Authentication, auth)) {
			f.Authentication = auth
		} else {
			k.imp.Note(path, "OTM tag authentication:%s is not an authentication %s can have; left out.", auth, f.Protocol)
		}
	}
	if f.Encryption == "" && len(p.Encryption) != 1 {
		k.imp.Note(path, "OTM does not say how the flow is encrypted: the model reads no encryption as none; set encryption.")
	}
	if f.Authentication == "" {
		k.imp.Note(path, "OTM does not say how the receiver authenticates the sender: analysed as none; set authentication.")
	}
}

// guessProtocol names the protocol from the flow's tags and name, then
// from a port among its tags, else https; each guess gets a note.
func (k *conversion) guessProtocol(f *model.Flow, x *dataflow, path string) string {
	for _, src := range []struct {
		what  string
		texts []string
	}{{"tag", x.tags}, {"name", []string{x.name}}} {
		for _, text := range src.texts {
			for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
			}) {
				if alias, ok := protocolAliases[w]; ok {
					w = alias
				}
				if _, ok := k.v.Protocol(w); ok {
					k.imp.Note(path, "protocol %s from its OTM %s %q.", w, src.what, text)
					return w
				}
			}
		}
	}
	for _, t := range x.tags {
		if n, err := strconv.Atoi(strings.TrimSpace(t)); err == nil {
			if p, ok := portProtocols[n]; ok {
				if f.Port == 0 {
					f.Port = n
				}
				k.imp.Note(path, "protocol %s guessed from port %d among its OTM tags; check it.", p, n)
				return p
			}
		}
	}
	k.imp.Note(path, "OTM does not say the protocol: https assumed; set the real one.")
	return "https"
}

// personProtocol sets the protocol of a flow with a person at one end:
// the human-interface protocol its tags name, else ui, as iotthreat
// requires (a person uses a screen or a voice, not https). Such a flow has
// no encryption or authentication of its own to read.
func (k *conversion) personProtocol(f *model.Flow, tagged, path string) {
	if p, ok := k.v.Protocol(tagged); ok && p.Medium == "human" {
		f.Protocol = p.ID
		return
	}
	f.Protocol = "ui"
	if tagged != "" {
		k.imp.Note(path, "protocol ui, since a person is at one end; its OTM tag says protocol:%s.", tagged)
	}
}
