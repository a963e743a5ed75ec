package model

import (
	"sort"
	"strings"
	"time"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/vocab"
)

// ValidateTracking checks triage entries: finding ids, statuses, reasons
// and dates.
func ValidateTracking(entries map[string]Tracking, v *vocab.Vocabulary) diag.List {
	c := &checker{v: v, m: &Model{Tracking: entries}}
	c.tracking()
	return c.diags
}

// tracking checks the triage decisions: finding ids (RULE@target), statuses,
// the reason accepted and false-positive need, and dates.
func (c *checker) tracking() {
	ids := make([]string, 0, len(c.m.Tracking))
	for id := range c.m.Tracking {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t := c.m.Tracking[id]
		field := "tracking." + id
		rule, target, ok := strings.Cut(id, "@")
		if !ok || !RuleIDPattern.MatchString(rule) || (target != "*" && !idPattern.MatchString(target)) {
			c.add(t.Src.KeyPos(), field, "write the finding id as RULE@target, e.g. IOT-MQTT-002@broker, or RULE@* for every target",
				"invalid finding id %q", id)
		}
		if writtenEmpty(t.Src, "status", t.Status) {
			c.add(t.Src.At("status"), field+".status", diag.OneOf(c.v.TermIDs("tracking_status")), "empty status")
		}
		c.term(t.Src, "status", field+".status", "tracking_status", t.Status)
		if (t.Status == "accepted" || t.Status == "false-positive") && strings.TrimSpace(t.Reason) == "" {
			c.add(t.Src.Pos, field+".reason", "say why, so reviewers and auditors can follow the decision",
				"status %s needs a reason", t.Status)
		}
		c.date(t.Src.At("date"), field+".date", t.Date)
		c.date(t.Src.At("until"), field+".until", t.Until)
	}
}

func (c *checker) date(pos diag.Pos, field, value string) {
	if value == "" {
		return
	}
	if _, err := time.Parse("2006-01-02", value); err != nil {
		c.add(pos, field, "write dates as YYYY-MM-DD", "invalid date %q", value)
	}
}
