package report

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/engine"
)

// appendFinding appends f as indented JSON, exactly as encoding/json
// writes it (two-space indent, no HTML escaping), starting on a line
// indented by prefix. Written out by hand because reflection was most of
// the time of `analyze --format json`; TestJSONStreamsTheSameBytes checks
// it byte for byte against encoding/json, so a field added to
// engine.Finding and not here fails that test.
//
// rules, when not nil, keeps the members that come from a finding's rule
// alone (title and description, the classes, the controls, the
// references) encoded once per rule and prefix: they are most of a
// finding's bytes, and the same for every finding of the rule.
func appendFinding(b []byte, f *engine.Finding, prefix string, rules ruleMembers, lists sharedLists) []byte {
	o := jsonObject{b: b, prefix: deeper(prefix), lists: lists}
	rm := rules.of(f.RuleFacts, o.prefix)
	o.b = append(o.b, '{')
	o.str("id", f.ID)
	o.str("rule", f.Rule)
	o.add(rm.text, 2)
	o.key("target")
	t := jsonObject{b: o.b, prefix: deeper(o.prefix)}
	t.b = append(t.b, '{')
	t.str("type", f.Target.Type)
	t.str("id", f.Target.ID)
	t.str("name", f.Target.Name)
	t.str("kind", f.Target.Kind)
	o.b = t.end(o.prefix)
	o.add(rm.classes, 2)
	o.str("severity", f.Severity)
	o.str("likelihood", f.Likelihood)
	o.str("impact", f.Impact)
	o.sharedStrs("why", f.Why)
	o.str("status", f.Status)
	o.strs("mitigated_by", f.MitigatedBy)
	o.add(rm.controls, 1)
	o.sharedStrs("mitigations", f.Mitigations)
	o.add(rm.references, 6)
	o.key("tracking")
	tr := jsonObject{b: o.b, prefix: deeper(o.prefix)}
	tr.b = append(tr.b, '{')
	tr.str("entry", f.Tracking.Entry)
	tr.str("reason", f.Tracking.Reason)
	tr.str("ticket", f.Tracking.Ticket)
	tr.str("by", f.Tracking.By)
	tr.str("date", f.Tracking.Date)
	tr.str("until", f.Tracking.Until)
	tr.key("expired")
	tr.b = strconv.AppendBool(tr.b, f.Tracking.Expired)
	o.b = tr.end(o.prefix)
	o.key("source")
	s := jsonObject{b: o.b, prefix: deeper(o.prefix)}
	s.b = append(s.b, '{')
	s.str("file", f.Source.File)
	s.key("line")
	s.b = strconv.AppendInt(s.b, int64(f.Source.Line), 10)
	o.b = s.end(o.prefix)
	if f.Origin != "" { // omitempty: rule findings leave it out
		o.str("origin", f.Origin)
	}
	return o.end(prefix)
}

// spaces holds the indentations of a finding's members.
const spaces = "                                "

// deeper is prefix indented one level further, without allocating when
// prefix is spaces, as it always is.
func deeper(prefix string) string {
	if n := len(prefix) + 2; n <= len(spaces) && prefix == spaces[:len(prefix)] {
		return spaces[:n]
	}
	return prefix + "  "
}

// ruleJSON is the members of a finding's JSON that come from its rule,
// each run as appendFinding writes it after earlier members.
type ruleJSON struct {
	text, classes, controls, references []byte
}

// ruleMembers keeps each rule's ruleJSON at each prefix; nil encodes
// them afresh for every finding.
type ruleMembers map[ruleAt]*ruleJSON

type ruleAt struct {
	rule   *engine.RuleFacts
	prefix string
}

// of returns r's members encoded at prefix.
func (m ruleMembers) of(r *engine.RuleFacts, prefix string) *ruleJSON {
	if rj, ok := m[ruleAt{r, prefix}]; ok {
		return rj
	}
	// n: 1 because every run follows the finding's id.
	run := func(write func(o *jsonObject)) []byte {
		o := jsonObject{prefix: prefix, n: 1}
		write(&o)
		return o.b
	}
	rj := &ruleJSON{
		text: run(func(o *jsonObject) {
			o.str("title", r.Title)
			o.str("description", r.Description)
		}),
		classes: run(func(o *jsonObject) {
			o.strs("stride", r.STRIDE)
			o.strs("linddun", r.LINDDUN)
		}),
		controls: run(func(o *jsonObject) { o.strs("controls", r.Controls) }),
		references: run(func(o *jsonObject) {
			o.ints("cwe", r.CWE)
			o.ints("capec", r.CAPEC)
			o.strs("owasp_iot", r.OWASPIoT)
			o.strs("etsi", r.ETSI)
			o.strs("nist_ir_8259a", r.NISTIR8259A)
			o.strs("isvs", r.ISVS)
		}),
	}
	if m != nil {
		m[ruleAt{r, prefix}] = rj
	}
	return rj
}

// jsonObject appends the members of one indented JSON object.
type jsonObject struct {
	b      []byte
	prefix string      // indentation of the members
	n      int         // members written
	lists  sharedLists // nil: every list encoded afresh
}

// sharedLists keeps the encoding of the string lists findings share: the
// engine gives the findings of one rule with the same reasons one Why
// list, and findings with the same missing controls one Mitigations list
// (engine/collect.go). Those lists are most of what a finding's JSON
// encodes that its rule's members (ruleMembers) do not. A list is known
// by its backing array, length and indentation, which the report does not
// change while it is written; it is encoded once it is seen a second
// time, so lists of one finding only cost a map entry, and at most
// maxTrackedLists lists are tracked.
type sharedLists map[listAt][]byte

type listAt struct {
	first  *string
	n      int
	prefix string
}

// maxTrackedLists bounds sharedLists: about 64 bytes a list, with the
// encodings of those seen twice.
const maxTrackedLists = 1 << 16

// sharedStrs is strs for a list that other findings may share.
func (o *jsonObject) sharedStrs(k string, vs []string) {
	if o.lists == nil || len(vs) == 0 {
		o.strs(k, vs)
		return
	}
	at := listAt{first: &vs[0], n: len(vs), prefix: o.prefix}
	enc, seen := o.lists[at]
	o.key(k)
	if enc != nil {
		o.b = append(o.b, enc...)
		return
	}
	from := len(o.b)
	o.strsValue(vs)
	switch {
	case seen:
		o.lists[at] = bytes.Clone(o.b[from:]) // o.b is reused for the next finding
	case len(o.lists) < maxTrackedLists:
		o.lists[at] = nil
	}
}

func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, '\n')
	o.b = append(o.b, o.prefix...)
	o.b = appendJSONString(o.b, k)
	o.b = append(o.b, ':', ' ')
}

// end closes the object; outer is the indentation of its closing brace.
func (o *jsonObject) end(outer string) []byte {
	if o.n > 0 {
		o.b = append(o.b, '\n')
		o.b = append(o.b, outer...)
	}
	return append(o.b, '}')
}

// add appends members encoded beforehand (after at least one member),
// count of them.
func (o *jsonObject) add(members []byte, count int) {
	o.b = append(o.b, members...)
	o.n += count
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

func (o *jsonObject) strs(k string, vs []string) {
	o.key(k)
	o.strsValue(vs)
}

// strsValue appends vs as strs does after the key.
func (o *jsonObject) strsValue(vs []string) {
	if vs == nil {
		o.b = append(o.b, "null"...)
		return
	}
	if len(vs) == 0 {
		o.b = append(o.b, '[', ']')
		return
	}
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.prefix...)
		o.b = append(o.b, ' ', ' ')
		o.b = appendJSONString(o.b, v)
	}
	o.b = append(o.b, '\n')
	o.b = append(o.b, o.prefix...)
	o.b = append(o.b, ']')
}

func (o *jsonObject) ints(k string, vs []int) {
	o.key(k)
	if vs == nil {
		o.b = append(o.b, "null"...)
		return
	}
	if len(vs) == 0 {
		o.b = append(o.b, '[', ']')
		return
	}
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = append(o.b, '\n')
		o.b = append(o.b, o.prefix...)
		o.b = append(o.b, ' ', ' ')
		o.b = strconv.AppendInt(o.b, int64(v), 10)
	}
	o.b = append(o.b, '\n')
	o.b = append(o.b, o.prefix...)
	o.b = append(o.b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does without HTML escaping:
// quote, backslash and control characters escaped, invalid UTF-8 replaced
// by U+FFFD, and U+2028 and U+2029 escaped for JavaScript.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
