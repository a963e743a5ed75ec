package model

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/vocab"
)

// RuleIDPattern is the form of a rule id: capitals and digits in
// hyphen-separated parts, such as IOT-MQTT-002 or ACME-LOCK-1.
var RuleIDPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)

// ControlPlaces are where a flow rule's mitigating controls may be declared.
var ControlPlaces = []string{"flow", "source", "destination"}

// RuleTargetTypes are what a rule can be evaluated against.
var RuleTargetTypes = []string{"element", "flow", "boundary", "data", "system"}

// ValidateRules checks the structure of threat rules: ids, targets,
// categories, controls and standard references. The engine compiles and
// checks their CEL expressions; this is what needs only the vocabulary.
func ValidateRules(rules []Rule, v *vocab.Vocabulary) diag.List {
	c := &checker{v: v}
	c.checkRules(rules)
	return c.diags
}

func (c *checker) rules() { c.checkRules(c.m.Rules) }

func (c *checker) checkRules(rules []Rule) {
	seen := map[string]diag.Pos{}
	index := map[string]int{} // the rule's index in its file, for an empty id
	for i := range rules {
		r := &rules[i]
		field := "rules[" + r.ID + "]"
		if r.ID == "" {
			field = fmt.Sprintf("rules[%d]", index[r.Src.Pos.File])
			if writtenEmpty(r.Src, "id", r.ID) {
				c.add(r.Src.At("id"), field+".id", "use capitals and digits in hyphen-separated parts, e.g. ACME-LOCK-001",
					"empty rule id")
			}
		}
		index[r.Src.Pos.File]++
		if r.ID != "" && !RuleIDPattern.MatchString(r.ID) {
			c.add(r.Src.At("id"), field+".id", "use capitals and digits in hyphen-separated parts, e.g. ACME-LOCK-001",
				"invalid rule id %q", r.ID)
		}
		if prev, dup := seen[r.ID]; dup && r.ID != "" {
			c.add(r.Src.At("id"), field+".id", "give each rule its own id", "duplicate rule id %q (first defined at %s)", r.ID, prev)
		}
		seen[r.ID] = r.Src.At("id")
		c.ruleTarget(r, field)
		for j, s := range r.STRIDE {
			c.term(r.Src, fmt.Sprintf("stride[%d]", j), field+".stride", "stride", s)
		}
		for j, s := range r.LINDDUN {
			c.term(r.Src, fmt.Sprintf("linddun[%d]", j), field+".linddun", "linddun", s)
		}
		if len(r.STRIDE) == 0 && len(r.LINDDUN) == 0 {
			c.add(r.Src.Pos, field, "add stride: [...] or linddun: [...]", "rule %q has no STRIDE or LINDDUN category", r.ID)
		}
		for j, id := range r.Controls {
			if _, ok := c.v.Control(id); !ok {
				c.add(r.Src.At(fmt.Sprintf("controls[%d]", j)), field+".controls", diag.DidYouMean(id, c.v.ControlIDs()), "unknown control %q", id)
			}
		}
		for j, at := range r.ControlsAt {
			if !slices.Contains(ControlPlaces, at) || r.Target.Type != "flow" {
				c.add(r.Src.At(fmt.Sprintf("controls_at[%d]", j)), field+".controls_at", "controls_at applies to flow rules: "+joinComma(ControlPlaces),
					"invalid controls_at %q", at)
			}
		}
		c.ruleRefs(&r.References, field+".references")
	}
}

func (c *checker) ruleTarget(r *Rule, field string) {
	t := &r.Target
	if (t.Type != "" || writtenEmpty(t.Src, "type", t.Type)) && !slices.Contains(RuleTargetTypes, t.Type) {
		c.add(t.Src.At("type"), field+".target.type", diag.DidYouMean(t.Type, RuleTargetTypes), "unknown target type %q", t.Type)
	}
	if len(t.Kinds) > 0 && t.Type != "element" {
		c.add(t.Src.At("kinds"), field+".target.kinds", "kinds selects element kinds; remove it or use type: element",
			"kinds applies only to element targets")
	}
	for i, k := range t.Kinds {
		if _, ok := c.v.ElementKind(k); !ok {
			c.add(t.Src.At(fmt.Sprintf("kinds[%d]", i)), field+".target.kinds", diag.DidYouMean(k, c.v.ElementKindIDs()), "unknown element kind %q", k)
		}
	}
}

func (c *checker) ruleRefs(refs *RuleRefs, field string) {
	if refs.NoCWE != "" && len(refs.CWE) > 0 {
		c.add(refs.Src.At("no_cwe"), field+".no_cwe", "keep the CWE ids and remove no_cwe, or the reverse",
			"no_cwe says no CWE fits, but cwe lists %v", refs.CWE)
	}
	for i, n := range refs.CWE {
		if n <= 0 {
			c.add(refs.Src.At(fmt.Sprintf("cwe[%d]", i)), field+".cwe", "write the number only: 798 for CWE-798", "invalid CWE id %d", n)
		}
	}
	for i, n := range refs.CAPEC {
		if n <= 0 {
			c.add(refs.Src.At(fmt.Sprintf("capec[%d]", i)), field+".capec", "write the number only: 115 for CAPEC-115", "invalid CAPEC id %d", n)
		}
	}
	std := func(key, standard string, items []string) {
		if len(items) > 0 {
			c.diags = append(c.diags, c.v.CheckReferences(refs.Src, key, field+"."+key, standard, items)...)
		}
	}
	std("owasp_iot", "owasp-iot-2018", refs.OWASPIoT)
	std("etsi", "etsi-en-303-645", refs.ETSI)
	std("nist_ir_8259a", "nistir-8259a", refs.NISTIR8259)
	std("isvs", "owasp-isvs", refs.ISVS)
}
