package rules_test

import (
	"slices"
	"testing"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

// TestEveryRuleCanBeClosed proves that every built-in rule says how it is
// closed, and that the way works. A rule that lists controls must be
// mitigated when those controls are declared on its positive example, each
// at a place where the rule counts it (the element itself, or for a flow
// the places controls_at allows) and where the control's applies_to lets a
// model declare it: a control the validator refuses wherever the rule
// looks for it could never close the rule. A rule with `controls: []` is
// closed by design only: its negative example must not raise it at all,
// neither open nor tracked away.
func TestEveryRuleCanBeClosed(t *testing.T) {
	all, _ := rules.Builtin() // problems are TestBuiltinRules' business
	v := vocab.Builtin()
	cache := engine.NewCache()
	for i := range all {
		r := all[i]
		t.Run(r.ID, func(t *testing.T) {
			set, diags := engine.Compile([]model.Rule{r}, v, cache)
			if len(diags) > 0 || r.Examples.Positive == nil || r.Examples.Negative == nil {
				t.Skip("TestRuleExamples reports this rule")
			}
			if len(r.Controls) == 0 {
				neg := exampleModel(r.Examples.Negative)
				if len(neg.Tracking) > 0 {
					t.Errorf("%s: a rule without controls must be closed by a change of design, not by tracking", r.Src.At("examples"))
				}
				if fs := analyzeExample(t, "negative", neg, set, v); len(fs) > 0 {
					t.Errorf("%s: the rule lists no control, so its negative example must not raise it; got %s (%s)",
						r.Src.At("examples"), fs[0].ID, fs[0].Status)
				}
				return
			}
			pos := exampleModel(r.Examples.Positive)
			before := analyzeExample(t, "positive", pos, set, v)
			if len(before) == 0 {
				t.Skip("TestRuleExamples reports a positive example that does not fire")
			}
			for _, f := range before {
				for _, c := range r.Controls {
					if err := declareAt(pos, &r, f.Target, c, v); err != "" {
						t.Fatalf("%s: control %s: %s", r.Src.At("controls"), c, err)
					}
				}
			}
			for _, f := range analyzeExample(t, "positive example with its controls", pos, set, v) {
				if f.Status != "mitigated" {
					t.Errorf("%s: declaring %v on the positive example leaves %s %s", r.Src.At("controls"), r.Controls, f.ID, f.Status)
				}
			}
		})
	}
}

// exampleModel copies an example deeply enough that declaring controls on
// the copy leaves the rule's own example untouched.
func exampleModel(m *model.Model) *model.Model {
	ex := *m
	ex.Version = model.FormatVersion
	if ex.System.Name == "" {
		ex.System.Name = "example"
	}
	ex.System.Controls = slices.Clone(ex.System.Controls)
	ex.Elements = slices.Clone(ex.Elements)
	for i := range ex.Elements {
		ex.Elements[i].Controls = slices.Clone(ex.Elements[i].Controls)
	}
	ex.Flows = slices.Clone(ex.Flows)
	for i := range ex.Flows {
		ex.Flows[i].Controls = slices.Clone(ex.Flows[i].Controls)
	}
	return &ex
}

// analyzeExample validates and analyses an example and returns every
// finding, whatever its status.
func analyzeExample(t *testing.T, which string, m *model.Model, set *engine.Ruleset, v *vocab.Vocabulary) []engine.Finding {
	t.Helper()
	if diags := model.Validate(m, v); len(diags) > 0 {
		t.Fatalf("the %s is not a valid model:\n%v", which, diags)
	}
	rep, err := engine.Analyze(&model.Loaded{Model: m, Vocab: v}, set, engine.Options{Today: "2026-11-26"})
	if err != nil {
		t.Fatalf("%s: %v", which, err)
	}
	return rep.Findings
}

// declareAt declares control c where rule r counts it for a finding on
// target, choosing the first place whose kind the control applies to. It
// returns why that is impossible, or "".
func declareAt(m *model.Model, r *model.Rule, target engine.Target, c string, v *vocab.Vocabulary) string {
	ctl, ok := v.Control(c)
	if !ok {
		return "unknown control"
	}
	applies := func(kind string) bool { return slices.Contains(ctl.AppliesTo, kind) }
	add := func(list *[]string) {
		if !slices.Contains(*list, c) {
			*list = append(*list, c)
		}
	}
	element := func(id string) *model.Element {
		for i := range m.Elements {
			if m.Elements[i].ID == id {
				return &m.Elements[i]
			}
		}
		return nil
	}
	// System controls count for every target: a programme-level control
	// (a privacy notice) is declared there when it cannot be on the target.
	onSystem := func(why string) string {
		if !applies("system") {
			return why
		}
		add(&m.System.Controls)
		return ""
	}
	switch target.Type {
	case "element":
		e := element(target.ID)
		if e == nil || !applies(e.Kind) {
			return onSystem("the rule fires on a " + target.Kind + ", which the control does not apply to, nor to the system")
		}
		add(&e.Controls)
		return ""
	case "flow":
		var fl *model.Flow
		for i := range m.Flows {
			if m.Flows[i].ID == target.ID {
				fl = &m.Flows[i]
			}
		}
		if fl == nil {
			return "flow " + target.ID + " not found"
		}
		places := r.ControlsAt
		if len(places) == 0 {
			places = model.ControlPlaces
		}
		for _, p := range places {
			switch p {
			case "flow":
				if applies("flow") {
					add(&fl.Controls)
					return ""
				}
			case "source", "destination":
				id := fl.From
				if p == "destination" {
					id = fl.To
				}
				if e := element(id); e != nil && applies(e.Kind) {
					add(&e.Controls)
					return ""
				}
			}
		}
		return onSystem("it applies to none of the places the rule counts it (" + joinPlaces(places) + "), nor to the system")
	default: // boundary, data and system findings count system controls
		return onSystem("the rule fires on a " + target.Type + ", so the control must be declarable on the system")
	}
}

func joinPlaces(p []string) string {
	s := ""
	for i, x := range p {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s
}

// keepsFeature lists rules whose threat comes with a feature a product may
// keep (proximity unlock, local discovery, voice control, a field bus that
// cannot authenticate): before these controls existed, a fully hardened
// model that kept the feature could never close them. Each must go on
// listing a control that closes it without removing the feature.
var keepsFeature = map[string]string{
	"IOT-RF-003":   "distance-bounding",
	"IOT-SVCP-002": "quiet-discovery",
	"IOT-USR-004":  "user-confirmation",
	"IOT-OT-001":   "fieldbus-isolation",
}

func TestFeatureRulesKeepAControl(t *testing.T) {
	all, _ := rules.Builtin()
	seen := map[string]bool{}
	for _, r := range all {
		want, ok := keepsFeature[r.ID]
		if !ok {
			continue
		}
		seen[r.ID] = true
		if !slices.Contains(r.Controls, want) {
			t.Errorf("%s: lists controls %v; a product keeping the feature closes it with %s", r.ID, r.Controls, want)
		}
	}
	for id := range keepsFeature {
		if !seen[id] {
			t.Errorf("rule %s is gone: update keepsFeature", id)
		}
	}
}
