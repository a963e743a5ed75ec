package engine

import (
	"fmt"
	"slices"

	"cel.dev/cel-go/interpreter"

	"github.com/iotthreat/iotthreat/internal/prefault"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// target is one thing rules are evaluated against.
type target struct {
	typ   string
	id    string
	name  string
	act   *activation
	src   strictyaml.Source
	ex    exposure
	ctrls controls
	tkind string          // Target.Kind in findings
	rules []*CompiledRule // the rules that may fire on it (see applicableRules)
	list  int             // which of applicableRules' lists rules is
}

// controls are the controls declared where a finding on a target may
// count them: the system, the element itself, and for flows the flow and
// its two ends. Lists are tiny, so they are searched, not indexed.
type controls struct {
	system, element, flow, source, destination []string
}

func (c *controls) at(place string) []string {
	switch place {
	case "system":
		return c.system
	case "element":
		return c.element
	case "flow":
		return c.flow
	case "source":
		return c.source
	case "destination":
		return c.destination
	}
	return nil
}

// declared reports whether control c counts for rule r on this target.
func (t *target) declared(r *model.Rule, c string) bool {
	if slices.Contains(t.ctrls.system, c) || slices.Contains(t.ctrls.element, c) {
		return true
	}
	places := r.ControlsAt
	if len(places) == 0 {
		places = model.ControlPlaces
	}
	for _, p := range places {
		if slices.Contains(t.ctrls.at(p), c) {
			return true
		}
	}
	return false
}

// activation gives a rule's expressions their two variables: the target's
// facts and the system's. It replaces CEL's map-based activation, which
// cost a map per target.
type activation struct {
	name   string // element, flow, boundary or data ("" for the system)
	facts  any    // pointer to the target's facts struct
	system *SystemFacts
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch {
	case name == "system":
		return a.system, true
	case name == a.name:
		return a.facts, true
	}
	return nil, false
}

// Parent implements interpreter.Activation: there is none.
func (a *activation) Parent() interpreter.Activation { return nil }

// applicableRules hands out, per kind of target, the rules that can fire
// on it: those whose kinds include the target's kind, and for flows those
// whose guard lets the flow's protocol and medium through (see
// internal/guard). Targets of the same type, kind, protocol and medium
// share one list, computed once, so evaluation never filters rule by rule
// and the number of evaluations is known in advance (for progress).
type applicableRules struct {
	rs    *Ruleset
	lists map[[4]string]ruleList
}

// ruleList is one list of applicable rules and its number, by which
// sharing (see internal/share) finds what it knows of the list.
type ruleList struct {
	rules []*CompiledRule
	n     int
}

func (a *applicableRules) of(typ, kind, protocol, medium string) ruleList {
	key := [4]string{typ, kind, protocol, medium}
	if list, ok := a.lists[key]; ok {
		return list
	}
	var list []*CompiledRule
	for _, cr := range a.rs.byType[typ] {
		if kinds := cr.Rule.Target.Kinds; len(kinds) > 0 && !slices.Contains(kinds, kind) {
			continue
		}
		if !cr.guard.Allows(protocol, medium) {
			continue
		}
		list = append(list, cr)
	}
	rl := ruleList{rules: list, n: len(a.lists)}
	a.lists[key] = rl
	return rl
}

// sensitivity phrases the impact-raising reason for a classification rank
// once per rank and kind of target, not once per target.
type sensitivity struct {
	terms []string
	cache map[sensitivityKey]string
}

type sensitivityKey struct {
	format string
	rank   int
}

func (s *sensitivity) reason(format string, rank int) string {
	key := sensitivityKey{format, rank}
	if r, ok := s.cache[key]; ok {
		return r
	}
	r := fmt.Sprintf(format, s.terms[rank])
	s.cache[key] = r
	return r
}

// buildTargets lists the targets of a model, each with the rules that
// may fire on it, from rules, which holds the lists.
func buildTargets(l *model.Loaded, f *Facts, rules *applicableRules) []target {
	m := l.Model
	sys := &f.System
	sensitive := l.Vocab.Rank("classification", "sensitive")
	sens := &sensitivity{terms: l.Vocab.TermIDs("classification"), cache: map[sensitivityKey]string{}}
	systemCtrls := m.System.Controls
	out := prefault.Make[target](0, len(f.Elements)+len(f.Flows)+len(f.Boundaries)+len(f.Data)+1)
	acts := prefault.Make[activation](0, cap(out))
	add := func(t target, name string, facts any, kind, medium string) {
		acts = append(acts, activation{name: name, facts: facts, system: sys})
		t.act = &acts[len(acts)-1]
		t.ctrls.system = systemCtrls
		rl := rules.of(t.typ, kind, t.tkind, medium)
		t.rules, t.list = rl.rules, rl.n
		out = append(out, t)
	}
	for i := range f.Elements {
		e := &f.Elements[i]
		ex := exposure{}
		if e.InternetReachable {
			ex.internet = "the element is reachable from the internet"
		}
		switch {
		case e.SafetyCritical:
			ex.sensitivity = "the element is safety-critical"
		case e.HandledRank >= sensitive:
			ex.sensitivity = sens.reason("the element handles %s data", e.HandledRank)
		}
		add(target{typ: "element", id: e.ID, name: e.Name, src: m.Elements[i].Src, ex: ex, tkind: e.Kind,
			ctrls: controls{element: e.Controls}}, "element", e, e.Kind, "")
	}
	for i := range f.Flows {
		fl := &f.Flows[i]
		ex := exposure{}
		if fl.OverInternet {
			ex.internet = "the flow travels over the internet"
		}
		switch {
		case fl.ClassificationRank >= sensitive:
			ex.sensitivity = sens.reason("the flow carries %s data", fl.ClassificationRank)
		case fl.Destination.SafetyCritical && fl.IntegrityRank >= 3:
			ex.sensitivity = "the flow carries integrity-critical data to a safety-critical element"
		}
		add(target{typ: "flow", id: fl.ID, name: fl.Name, src: m.Flows[i].Src, ex: ex, tkind: fl.Protocol,
			ctrls: controls{flow: fl.Controls, source: fl.Source.Controls, destination: fl.Destination.Controls}},
			"flow", fl, "", fl.Medium)
	}
	for i := range f.Boundaries {
		b := &f.Boundaries[i]
		ex := exposure{}
		if b.HandledRank >= sensitive {
			ex.sensitivity = sens.reason("the boundary holds %s data", b.HandledRank)
		}
		add(target{typ: "boundary", id: b.ID, name: b.Name, src: m.Boundaries[i].Src, ex: ex, tkind: b.Kind},
			"boundary", b, "", "")
	}
	for i := range f.Data {
		d := &f.Data[i]
		ex := exposure{}
		if d.ClassificationRank >= sensitive {
			ex.sensitivity = sens.reason("the data is %s", d.ClassificationRank)
		}
		add(target{typ: "data", id: d.ID, name: d.Name, src: m.Data[i].Src, ex: ex}, "data", d, "", "")
	}
	sysSrc := m.System.Src
	if sysSrc.Pos.File == "" {
		sysSrc = m.Src
	}
	add(target{typ: "system", id: "system", name: sys.Name, src: sysSrc}, "", sys, "", "")
	return out
}
