package model

import (
	"fmt"
	"slices"
	"sort"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// maxTargetSuggestions bounds the unknown threat targets that get a "did
// you mean" hint. Each suggestion measures the edit distance to every id
// of the model; a file of thousands of misspelt targets against thousands
// of ids would otherwise cost their product.
const maxTargetSuggestions = 20

// maxSuggestionWork bounds one suggestion, in byte pairs compared (the
// target's length times the length of all ids): past it the hint says what
// a target may be instead of searching for the closest id.
const maxSuggestionWork = 1 << 22

// threatIDHint is how a threat id should look, as for rules.
const threatIDHint = "use capitals and digits in hyphen-separated parts, e.g. ACME-THREAT-001"

// threatTargetHint says what a threat's target may name.
const threatTargetHint = "write the id of an element, flow, boundary or data asset, or system"

// threats checks the model's hand-written threats: ids (their own, and
// not a rule's), targets, categories, levels, controls and references.
func (c *checker) threats() {
	if len(c.m.Threats) == 0 {
		return
	}
	ruleIDs := map[string]diag.Pos{}
	for i := range c.m.Rules {
		r := &c.m.Rules[i]
		if _, dup := ruleIDs[r.ID]; !dup && r.ID != "" {
			ruleIDs[r.ID] = r.Src.At("id")
		}
	}
	tc := &threatCheck{checker: c, seen: map[string]diag.Pos{}, rules: ruleIDs}
	for i := range c.m.Threats {
		t := &c.m.Threats[i]
		if t.Src.Pos.Line == 0 {
			continue // not a mapping: the decoder has said so where it is written
		}
		field := itemField("threats", t.ID, i)
		tc.id(t, field)
		tc.target(t, field)
		for j, s := range t.STRIDE {
			c.term(t.Src, fmt.Sprintf("stride[%d]", j), field+".stride", "stride", s)
		}
		for j, s := range t.LINDDUN {
			c.term(t.Src, fmt.Sprintf("linddun[%d]", j), field+".linddun", "linddun", s)
		}
		if len(t.STRIDE) == 0 && len(t.LINDDUN) == 0 {
			c.add(t.Src.Pos, field, "add stride: [...] or linddun: [...]", "threat %q has no STRIDE or LINDDUN category", t.ID)
		}
		tc.levels(t, field)
		tc.controls(t, field)
		c.ruleRefs(&t.References, field+".references")
	}
}

// threatCheck is what checking the threats of one model keeps between
// threats.
type threatCheck struct {
	*checker
	seen        map[string]diag.Pos // threat ids checked so far
	rules       map[string]diag.Pos // the model's rule ids
	candidates  []string            // every id a target may name, sorted; built on first need
	bytes       int                 // their total length
	suggestions int                 // "did you mean" hints given
	flows       map[string]*Flow    // flows by id; built on first need
}

func (tc *threatCheck) id(t *Threat, field string) {
	switch {
	case t.ID == "":
		if writtenEmpty(t.Src, "id", t.ID) {
			tc.add(t.Src.At("id"), field+".id", threatIDHint, "empty threat id")
		}
		return
	case !RuleIDPattern.MatchString(t.ID):
		tc.add(t.Src.At("id"), field+".id", threatIDHint, "invalid threat id %q", t.ID)
		return
	}
	if prev, dup := tc.seen[t.ID]; dup {
		tc.add(t.Src.At("id"), field+".id", "give each threat its own id", "duplicate threat id %q (first defined at %s)", t.ID, prev)
		return
	}
	tc.seen[t.ID] = t.Src.At("id")
	if prev, clash := tc.rules[t.ID]; clash {
		tc.add(t.Src.At("id"), field+".id", "threats and rules name their findings alike (ID@target); choose another id",
			"threat id %q is also the id of the rule defined at %s", t.ID, prev)
	}
}

// target checks that the target names exactly one thing: element, flow
// and boundary ids share a namespace, but data ids have their own, and
// "system" names the system.
func (tc *threatCheck) target(t *Threat, field string) {
	pos := t.Src.At("target")
	if t.Target == "" {
		if writtenEmpty(t.Src, "target", t.Target) {
			tc.add(pos, field+".target", threatTargetHint, "empty target id")
		}
		return
	}
	var named []string
	if _, ok := tc.targets[t.Target]; ok {
		named = append(named, tc.targetType(t.Target))
	}
	if _, ok := tc.data[t.Target]; ok {
		named = append(named, "data asset")
	}
	if t.Target == "system" {
		named = append(named, "the system")
	}
	switch len(named) {
	case 0:
		tc.add(pos, field+".target", tc.suggestTarget(t.Target), "unknown target %q", t.Target)
	case 1:
	default:
		tc.add(pos, field+".target", "rename one of them: a threat's target must name one thing",
			"target %q is ambiguous: it names %s and %s", t.Target, withArticle(named[0]), withArticle(named[1]))
	}
}

// withArticle puts "a" or "an" before what, unless it is "the system".
func withArticle(what string) string {
	if what == "the system" {
		return what
	}
	return article(what)
}

// targetType says what an id of the shared namespace names.
func (tc *threatCheck) targetType(id string) string {
	if _, ok := tc.elements[id]; ok {
		return "element"
	}
	if _, ok := tc.boundaries[id]; ok {
		return "boundary"
	}
	return "flow"
}

func (tc *threatCheck) suggestTarget(id string) string {
	if tc.candidates == nil {
		tc.candidates = append(tc.candidates, "system")
		for k := range tc.targets {
			tc.candidates = append(tc.candidates, k)
		}
		for k := range tc.data {
			tc.candidates = append(tc.candidates, k)
		}
		sort.Strings(tc.candidates)
		tc.candidates = slices.Compact(tc.candidates)
		for _, k := range tc.candidates {
			tc.bytes += len(k)
		}
	}
	if tc.suggestions >= maxTargetSuggestions || len(id)*tc.bytes > maxSuggestionWork {
		return threatTargetHint
	}
	tc.suggestions++
	if s := diag.Suggest(id, tc.candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return threatTargetHint
}

// levels checks the threat's rating: likelihood and impact together, or
// severity alone, each a level of the scale.
func (tc *threatCheck) levels(t *Threat, field string) {
	hasL, hasI, hasS := t.Src.Has("likelihood"), t.Src.Has("impact"), t.Src.Has("severity")
	for _, l := range []struct {
		key, value string
		has        bool
	}{{"likelihood", t.Likelihood, hasL}, {"impact", t.Impact, hasI}, {"severity", t.Severity, hasS}} {
		if l.has && l.value == "" {
			tc.add(t.Src.At(l.key), field+"."+l.key, diag.OneOf(tc.v.TermIDs("level")), "empty %s", l.key)
		}
		tc.term(t.Src, l.key, field+"."+l.key, "level", l.value)
	}
	switch {
	case hasS && (hasL || hasI):
		tc.add(t.Src.At("severity"), field+".severity", "keep likelihood and impact (the severity follows from them), or severity alone",
			"severity is set together with likelihood or impact")
	case hasL && !hasI:
		tc.add(t.Src.At("likelihood"), field+".likelihood", "add impact: low, medium, high or critical", "likelihood without impact")
	case hasI && !hasL:
		tc.add(t.Src.At("impact"), field+".impact", "add likelihood: low, medium, high or critical", "impact without likelihood")
	case !hasL && !hasI && !hasS:
		tc.add(t.Src.Pos, field, "add likelihood and impact, or severity alone (low, medium, high or critical)",
			"threat %q has no rating", t.ID)
	}
}

// controls checks the mitigating controls: known, listed once, and able
// to count where the threat is. A control that can be declared only
// where it never counts for this target would leave the threat open
// whatever the model declares.
func (tc *threatCheck) controls(t *Threat, field string) {
	seen := map[string]bool{}
	places := tc.controlPlaces(t.Target)
	for i, id := range t.Controls {
		pos := t.Src.At(fmt.Sprintf("controls[%d]", i))
		ctl, ok := tc.v.Control(id)
		if !ok {
			tc.add(pos, field+".controls", diag.DidYouMean(id, tc.v.ControlIDs()), "unknown control %q", id)
			continue
		}
		if seen[id] {
			tc.add(pos, field+".controls", "list each control once", "control %q is listed twice", id)
			continue
		}
		seen[id] = true
		if places != nil && !slices.ContainsFunc(ctl.AppliesTo, func(k string) bool { return slices.Contains(places, k) }) {
			tc.add(pos, field+".controls", "it is declared on "+joinComma(ctl.AppliesTo)+"; for this target controls count on "+joinComma(places),
				"control %q can never mitigate this threat", id)
		}
	}
}

// controlPlaces lists the kinds of thing (element kinds, flow, system)
// whose declared controls count for a threat on target, or nil when the
// target is unknown or a kind in it is: its own error says so.
func (tc *threatCheck) controlPlaces(target string) []string {
	places := []string{"system"}
	_, isData := tc.data[target]
	_, isBoundary := tc.boundaries[target]
	e, isElement := tc.elements[target]
	_, isTarget := tc.targets[target]
	switch {
	case target == "system" || isData || isBoundary:
		return places
	case isElement:
		return tc.withKinds(places, e.Kind)
	case !isTarget:
		return nil
	}
	if tc.flows == nil {
		tc.flows = make(map[string]*Flow, len(tc.m.Flows))
		for i := range tc.m.Flows {
			if _, dup := tc.flows[tc.m.Flows[i].ID]; !dup {
				tc.flows[tc.m.Flows[i].ID] = &tc.m.Flows[i]
			}
		}
	}
	f := tc.flows[target]
	if f == nil {
		return nil
	}
	from, okFrom := tc.elements[f.From]
	to, okTo := tc.elements[f.To]
	if !okFrom || !okTo {
		return nil
	}
	return tc.withKinds(append(places, "flow"), from.Kind, to.Kind)
}

// withKinds adds element kinds to places, or returns nil when one is not
// a known kind.
func (tc *threatCheck) withKinds(places []string, kinds ...string) []string {
	for _, k := range kinds {
		if _, ok := tc.v.ElementKind(k); !ok {
			return nil
		}
		places = append(places, k)
	}
	return places
}

// ThreatRuleClashes reports the threats of m whose id is the id of one
// of rules (the assembled rule set: the built-in library, --rules files):
// their findings would share ids, and a tracking entry could not tell
// them apart. Clashes with the model's own rules are Validate's to
// report; rules with those ids are skipped, so each clash is said once.
func ThreatRuleClashes(m *Model, rules []Rule) diag.List {
	if len(m.Threats) == 0 {
		return nil
	}
	own := map[string]bool{}
	for i := range m.Rules {
		own[m.Rules[i].ID] = true
	}
	defined := map[string]strictyaml.Source{}
	for i := range rules {
		if id := rules[i].ID; !own[id] {
			if _, dup := defined[id]; !dup {
				defined[id] = rules[i].Src
			}
		}
	}
	var diags diag.List
	for i := range m.Threats {
		t := &m.Threats[i]
		src, clash := defined[t.ID]
		if !clash || t.ID == "" {
			continue
		}
		where := "the built-in rule"
		if src.Pos.File != "" {
			where = "the rule defined at " + src.At("id").String()
		}
		diags.Add(t.Src.At("id"), itemField("threats", t.ID, i)+".id",
			"threats and rules name their findings alike (ID@target); choose another id",
			"threat id %q is also the id of %s", t.ID, where)
	}
	return diags
}
