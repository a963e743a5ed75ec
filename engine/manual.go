package engine

import (
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/model"
)

// OriginManual is Finding.Origin for a finding of a threat written in the
// model's threats: section rather than produced by a rule.
const OriginManual = "manual"

// noMitigation stands in for a threat's missing mitigation, so that a
// finding always says what to do next.
const noMitigation = "No mitigation is written for this threat yet: add one (mitigation:) to the threat in the model."

// manualFindings builds the findings of the model's hand-written threats
// on the analysis's targets, sorted as collect sorts rule findings. A
// threat's finding is built by the code that builds a rule's (found.build),
// from the threat in the form of a rule, so it has the id THREAT-ID@target,
// its controls mitigate it wherever they would mitigate a rule's finding on
// that target, and tracking applies to it unchanged. Only the rating
// differs: the author rated the threat on this very target, knowing its
// exposure (or another tool did, and an import must keep that rating), so
// likelihood and impact are taken as written and never raised.
func manualFindings(m *model.Model, targets []target) []Finding {
	if len(m.Threats) == 0 {
		return nil
	}
	shared := map[string]*target{} // elements, flows and boundaries share one id namespace
	data := map[string]*target{}
	var system *target
	for i := range targets {
		t := &targets[i]
		switch t.typ {
		case "data":
			data[t.id] = t
		case "system":
			system = t
		default:
			shared[t.id] = t
		}
	}
	resolve := func(id string) *target {
		if t, ok := shared[id]; ok {
			return t
		}
		if t, ok := data[id]; ok {
			return t
		}
		if id == "system" {
			return system
		}
		return nil
	}
	out := make([]Finding, 0, len(m.Threats))
	for i := range m.Threats {
		th := &m.Threats[i]
		t := resolve(th.Target)
		if t == nil {
			continue // validation reports the unknown target; a valid model has none
		}
		out = append(out, manualFinding(th, t))
	}
	slices.SortFunc(out, compareFindings)
	return out
}

// manualFinding is the finding of threat th on its target t.
func manualFinding(th *model.Threat, t *target) Finding {
	r := th.AsRule()
	r.Target.Type = t.typ
	if strings.TrimSpace(r.Mitigation) == "" {
		r.Mitigation = noMitigation
	}
	cr := &CompiledRule{Rule: &r, text: newFindingText(&r)}
	l, i := th.Levels()
	sev := Severity(l, i)
	rating := "severity " + sev + ": likelihood " + l + " × impact " + i + " as written in the threat"
	if th.Likelihood == "" && th.Impact == "" {
		rating = "severity " + sev + " as written in the threat (likelihood and impact both taken as " + sev + ")"
	}
	because := "manual threat from the model's threats: section"
	if s := strings.TrimSpace(th.Source); s != "" {
		because += "; source: " + s
	}
	fd := found{cr: cr, t: t, because: because, sc: &scored{l: l, i: i, sev: sev, why: []string{rating}}}
	var f Finding
	fd.build(&f, reasons{})
	// The threat's own lines, not its target's: that is what to read and
	// edit, and where code scanning should point.
	f.Source = Source{File: th.Src.Pos.File, Line: th.Src.Pos.Line}
	f.Origin = OriginManual
	return f
}

// compareFindings orders findings as a report lists them: worst first,
// then by rule (or threat) id, then by target id.
func compareFindings(a, b Finding) int {
	if ra, rb := LevelRank(a.Severity), LevelRank(b.Severity); ra != rb {
		return rb - ra
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	return strings.Compare(a.Target.ID, b.Target.ID)
}

// mergeFindings merges two lists each sorted by compareFindings into
// one, keeping that order. Rule and threat ids never clash (validation
// and analysis.Prepare see to it), so the order is total.
func mergeFindings(rules, manual []Finding) []Finding {
	if len(manual) == 0 {
		return rules
	}
	out := make([]Finding, 0, len(rules)+len(manual))
	i, j := 0, 0
	for i < len(rules) && j < len(manual) {
		if compareFindings(manual[j], rules[i]) < 0 {
			out = append(out, manual[j])
			j++
		} else {
			out = append(out, rules[i])
			i++
		}
	}
	out = append(out, rules[i:]...)
	return append(out, manual[j:]...)
}
