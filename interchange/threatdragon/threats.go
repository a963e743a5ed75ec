package threatdragon

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
)

// MaxThreats bounds the threats of all cells together.
const MaxThreats = 100_000

// strideTypes maps Threat Dragon's threat types to STRIDE categories, and
// linddunTypes to LINDDUN ones (both the LINDDUN names Threat Dragon
// shows and the current ones). CIA types map to the STRIDE category that
// breaks the property.
var strideTypes = map[string]string{
	"spoofing": "spoofing", "tampering": "tampering", "repudiation": "repudiation",
	"information disclosure": "information-disclosure", "denial of service": "denial-of-service",
	"elevation of privilege": "elevation-of-privilege",
	"confidentiality":        "information-disclosure", "integrity": "tampering", "availability": "denial-of-service",
}

var linddunTypes = map[string]string{
	"linkability": "linking", "linking": "linking", "identifiability": "identifying", "identifying": "identifying",
	"non-repudiation": "non-repudiation", "detectability": "detecting", "detecting": "detecting",
	"disclosure of information": "data-disclosure", "data disclosure": "data-disclosure",
	"unawareness": "unawareness", "non-compliance": "non-compliance",
}

var severities = map[string]string{"critical": "critical", "high": "high", "medium": "medium", "low": "low"}

// threats turns the threats on shapes, flows and boxes into manual
// threats, and their status into tracking. A threat Export wrote for one
// of iotthreat's own findings comes back as tracking of that finding only:
// analysing the model finds it again.
func (c *converter) threats() {
	m := c.imp.Model
	total := 0
	for _, d := range c.diagrams {
		for i := range d.cells {
			cl := &d.cells[i]
			if cl.Data == nil || len(cl.Data.Threats) == 0 {
				continue
			}
			var target string
			switch {
			case d.nodeOf[i] != nil:
				target = d.nodeOf[i].id
			case d.flowOf[i] != nil:
				target = m.Flows[d.flowOf[i].flow].ID
			case d.boxOf[i] != nil:
				target = d.boxOf[i].id
			default:
				d.orphans.add(cl, len(cl.Data.Threats))
				continue
			}
			for k := range cl.Data.Threats {
				if total++; total > MaxThreats {
					c.diags.Add(c.pos(d, i), fmt.Sprintf("%s.data.threats[%d]", field(d, i), k), "split the model",
						"more than %d threats: the import limit", MaxThreats)
					return
				}
				c.threat(&cl.Data.Threats[k], target)
			}
		}
		if o := &d.orphans; o.cells > 0 {
			c.imp.Note("", "Diagram %d (%q): %s not imported, on %s that %s not an element, flow or boundary here (%s).",
				d.index+1, d.title, count(o.threats, "threat", "threats"), count(o.cells, "cell", "cells"),
				map[bool]string{true: "is", false: "are"}[o.cells == 1], o.kindsText())
		}
	}
}

func (c *converter) threat(t *threat, target string) {
	m := c.imp.Model
	if f := t.Finding; f != "" && strings.HasSuffix(f, "@"+target) && model.RuleIDPattern.MatchString(strings.TrimSuffix(f, "@"+target)) {
		c.findingStatus(t, f)
		return
	}
	id := c.nextThreatID()
	path := "threats[" + id + "]"
	th := model.Threat{ID: id, Target: target, Source: "imported from Threat Dragon"}
	var cutOff bool
	if th.Title, cutOff = label(t.Title); th.Title == "" {
		th.Title = "Threat from Threat Dragon"
		c.imp.Note(path, "The threat has no title in Threat Dragon.")
	} else if cutOff {
		c.imp.Note(path, "The title was shortened to %d characters.", model.MaxLabelLength)
	}
	if th.Description, cutOff = prose(t.Description); cutOff {
		c.imp.Note(path, "The description was shortened to %d characters.", model.MaxProseLength)
	}
	if th.Mitigation, cutOff = prose(t.Mitigation); cutOff {
		c.imp.Note(path, "The mitigation was shortened to %d characters.", model.MaxProseLength)
	}
	typ := strings.ToLower(clean(t.Type))
	if s, ok := strideTypes[typ]; ok {
		th.STRIDE = []string{s}
		if typ == "confidentiality" || typ == "integrity" || typ == "availability" {
			c.imp.Note(path, "Threat Dragon's CIA type %q is filed under STRIDE %s.", text.Short(t.Type), s)
		}
	} else if l, ok := linddunTypes[typ]; ok {
		th.LINDDUN = []string{l}
	} else {
		th.STRIDE = []string{"tampering"}
		c.imp.Note(path, "Threat Dragon's type %q has no STRIDE or LINDDUN equivalent: filed under tampering. Check it.", text.Short(t.Type))
	}
	if s, ok := severities[strings.ToLower(clean(t.Severity))]; ok {
		th.Severity = s
	} else {
		th.Severity = "medium"
		c.imp.Note(path, "Threat Dragon's severity %q is not a level: medium assumed. Check it.", text.Short(t.Severity))
	}
	if score := strings.Trim(strings.TrimSpace(string(t.Score)), `"`); score != "" && score != "null" {
		c.imp.Note(path, "Threat Dragon scores it %s; iotthreat rates by severity only.", text.Short(score))
	}
	m.Threats = append(m.Threats, th)
	if tr, ok := c.tracking(t, path); ok {
		m.Tracking = mapSet(m.Tracking, id+"@"+target, tr)
	}
}

// tracking converts a Threat Dragon status. Open (the default) needs no
// entry.
func (c *converter) tracking(t *threat, path string) (model.Tracking, bool) {
	status := clean(t.Status)
	switch strings.ToLower(strings.ReplaceAll(status, " ", "")) {
	case "", "open":
		return model.Tracking{}, false
	case "mitigated", "avoided", "eliminated":
		return model.Tracking{Status: "mitigated", Reason: "Marked " + strings.ToLower(status) + " in Threat Dragon"}, true
	case "notapplicable", "na", "n/a":
		return model.Tracking{Status: "false-positive", Reason: "Marked not applicable in Threat Dragon"}, true
	case "accepted", "transferred":
		return model.Tracking{Status: "accepted", Reason: "Marked " + strings.ToLower(status) + " in Threat Dragon"}, true
	}
	c.imp.Note(path, "Threat Dragon's status %q is not one iotthreat knows: left open. Check it.", text.Short(status))
	return model.Tracking{}, false
}

func mapSet(m map[string]model.Tracking, k string, v model.Tracking) map[string]model.Tracking {
	if m == nil {
		m = map[string]model.Tracking{}
	}
	m[k] = v
	return m
}
