package model

import "github.com/iotthreat/iotthreat/strictyaml"

// Threat is a threat written by hand on one target: one that no rule
// produces (a workshop's result, a pen-test report's item), or one carried
// over from another tool by an importer. The engine reports it as a
// finding exactly like a rule's, with the id THREAT-ID@target, so that
// tracking, gates, diffs and reports treat both alike; that is why a
// threat id shares the namespace of rule ids.
type Threat struct {
	ID          string   `yaml:"id,required" json:"id" doc:"Threat id, AREA-NNN style in capitals (ACME-THREAT-001). Findings are named ID@target like rule findings, so it must not be the id of a rule."`
	Title       string   `yaml:"title,required" json:"title" doc:"One-line statement of the threat."`
	Description string   `yaml:"description" json:"description" doc:"The threat explained: who attacks, how, and what it costs."`
	Target      string   `yaml:"target,required" json:"target" doc:"What the threat is about: the id of an element, flow, boundary or data asset, or system for the system as a whole."`
	STRIDE      []string `yaml:"stride" json:"stride" doc:"STRIDE categories. A threat needs at least one STRIDE or LINDDUN category."`
	LINDDUN     []string `yaml:"linddun" json:"linddun" doc:"LINDDUN privacy threat types."`
	Likelihood  string   `yaml:"likelihood" json:"likelihood" doc:"low, medium, high or critical. With impact it gives the severity, on the rules' matrix; exposure does not raise it."`
	Impact      string   `yaml:"impact" json:"impact" doc:"low, medium, high or critical."`
	Severity    string   `yaml:"severity" json:"severity" doc:"Instead of likelihood and impact, when only a severity is known (as another tool rated it): low, medium, high or critical; it stands for likelihood and impact both at that level."`
	Controls    []string `yaml:"controls" json:"controls" doc:"Controls that mitigate the threat: it is mitigated when all are declared where they count, as for rules (on the target element; on a target flow or either of its ends; or in system.controls)."`
	Mitigation  string   `yaml:"mitigation" json:"mitigation" doc:"What to do about it."`
	References  RuleRefs `yaml:"references" json:"references" doc:"CWE, CAPEC and standard references, as in rules."`
	Source      string   `yaml:"source" json:"source" doc:"Where the threat comes from, free text (\"threat workshop 2026-03\", \"imported from Threat Dragon\")."`

	Src strictyaml.Source `yaml:"-" json:"-"`
}

// AsRule describes the threat in the form of a rule, for the outputs that
// describe what produced a finding (SARIF's rule descriptors, the
// engine's finding text). It has no condition and is never compiled or
// evaluated: the target is fixed, not selected.
func (t *Threat) AsRule() Rule {
	l, i := t.Levels()
	return Rule{
		ID: t.ID, Title: t.Title, Description: t.Description, STRIDE: t.STRIDE, LINDDUN: t.LINDDUN,
		Likelihood: l, Impact: i, Controls: t.Controls, Mitigation: t.Mitigation,
		Fixed: true, References: t.References, Src: t.Src,
	}
}

// Levels returns the threat's likelihood and impact: as written, or both
// at the level of severity when only that is given. On the rules'
// matrix (engine.Severity) equal likelihood and impact give that same
// severity, so a severity carried over from another tool comes out as it
// went in.
func (t *Threat) Levels() (likelihood, impact string) {
	if t.Likelihood == "" && t.Impact == "" {
		return t.Severity, t.Severity
	}
	return t.Likelihood, t.Impact
}

// ThreatRules returns the model's threats in the form of rules (see
// AsRule), for the outputs that describe each finding's rule.
func (m *Model) ThreatRules() []Rule {
	out := make([]Rule, len(m.Threats))
	for i := range m.Threats {
		out[i] = m.Threats[i].AsRule()
	}
	return out
}
