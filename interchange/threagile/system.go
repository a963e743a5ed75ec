package threagile

import (
	"maps"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// headNote is what every Threagile import says at the head of the model:
// what Threagile cannot express, so that nobody reads iotthreat's silence
// on these as safety.
const headNote = "Threagile models enterprise IT: it has no radios, firmware, physical access, " +
	"debug interfaces, device credentials or onboarding. None of these are set here, so the IoT rules " +
	"that need them stay quiet; add them where the system has devices or gateways."

// system reads the model-wide keys: the system's description and owner,
// its business criticality, and the texts iotthreat has no place for
// (questions, abuse cases, security requirements), which become notes.
func (c *converter) system(top map[string]*strictyaml.Node) {
	c.imp.Note("", headNote)
	s := &c.m.System
	var desc []string
	for _, key := range []string{"business_overview", "technical_overview"} {
		f := c.fields(top[key], key)
		if d := clean(c.str(f["description"], key+".description")); d != "" {
			desc = append(desc, d)
		}
		if imgs, ok := f["images"]; ok && imgs != nil && imgs.Kind == strictyaml.Sequence && len(imgs.Items) > 0 {
			c.imp.Note("", "Threagile's %s has %d images; they are not imported.", key, len(imgs.Items))
		}
	}
	full := strings.Join(desc, "\n\n")
	s.Description = prose(full)
	c.noteCut("", "overview", full, 4096)
	author := c.fields(top["author"], "author")
	s.Owner = label(clean(c.str(author["name"], "author.name")))
	if hp := c.str(author["homepage"], "author.homepage"); hp != "" {
		c.imp.Note("", "Author's homepage: %s.", hp)
	}
	if n := top["business_criticality"]; n != nil && n.Kind != strictyaml.Null {
		if v, ok := enum(c, n, "business_criticality", "business criticality", levels); ok {
			s.Criticality = v
		}
	}
	if d := c.str(top["date"], "date"); d != "" {
		c.imp.Note("", "Threagile model dated %s.", d)
	}
	if t := clean(c.str(top["management_summary_comment"], "management_summary_comment")); t != "" {
		c.imp.Note("", "Management summary: %s", t)
	}
	c.texts(top["questions"], "questions", func(k, v string) string {
		if v == "" {
			return "Open question (unanswered in Threagile): " + k
		}
		return "Question: " + k + " Answer: " + v
	})
	c.texts(top["abuse_cases"], "abuse_cases", func(k, v string) string { return "Abuse case " + k + ": " + v })
	c.texts(top["security_requirements"], "security_requirements", func(k, v string) string {
		return "Security requirement " + k + ": " + v
	})
}

// texts notes each entry of a mapping of titles to texts.
func (c *converter) texts(n *strictyaml.Node, field string, say func(k, v string) string) {
	for _, p := range c.mapping(n, field) {
		c.imp.Note("", "%s", say(clean(p.Key.Value), clean(c.str(p.Value, field+"."+p.Key.Value))))
	}
}

// maxSuggestLength bounds the values that get a "did you mean" hint: the
// edit distance costs the product of the lengths, and no enumeration
// value is longer than 40 characters.
const maxSuggestLength = 64

// enum looks a Threagile enumeration value up in table. An unknown value
// is an error at the value, with the closest known one as a hint.
func enum[T any](c *converter, n *strictyaml.Node, field, what string, table map[string]T) (T, bool) {
	v := strings.TrimSpace(c.str(n, field))
	out, ok := table[v]
	if !ok && n != nil && n.Kind == strictyaml.Scalar {
		keys := slices.Sorted(maps.Keys(table))
		hint := diag.OneOf(keys)
		if len(v) <= maxSuggestLength {
			hint = diag.DidYouMean(v, keys)
		}
		c.fail(n, field, hint, "unknown Threagile %s %q", what, short(v))
	}
	return out, ok
}
