package engine

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Options tune an analysis.
type Options struct {
	// Today decides whether accepted risks have expired (YYYY-MM-DD);
	// empty means the current date. Tests set it for determinism.
	Today string
	// Workers evaluating targets in parallel; 0 means GOMAXPROCS.
	Workers int
}

// target is one thing rules are evaluated against.
type target struct {
	typ    string
	kind   string // element kind, for kind-filtered element rules
	id     string
	name   string
	facts  any // pointer to the facts struct
	act    interpreter.Activation
	src    strictyaml.Source
	ex     exposure
	ctrls  map[string]map[string]bool // declared controls by place: system, element, flow, source, destination
	tkind  string                     // Target.Kind in findings
	medium string                     // flows: the protocol's medium, for rule guards
}

// declared reports whether control c counts for rule r on this target.
func (t *target) declared(r *model.Rule, c string) bool {
	if t.ctrls["system"][c] || t.ctrls["element"][c] {
		return true
	}
	places := r.ControlsAt
	if len(places) == 0 {
		places = model.ControlPlaces
	}
	for _, p := range places {
		if t.ctrls[p][c] {
			return true
		}
	}
	return false
}

// Analyze evaluates the ruleset against a loaded model and returns every
// finding, sorted by severity (worst first), then rule and target id.
func Analyze(l *model.Loaded, rs *Ruleset, opts Options) (*Report, error) {
	facts := Derive(l)
	targets := buildTargets(l, facts, rs)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([][]Finding, len(targets))
	errs := make([]error, len(targets))
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = evaluate(&targets[i], rs)
			}
		}()
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var findings []Finding
	for _, r := range results {
		findings = append(findings, r...)
	}
	today := opts.Today
	if today == "" {
		today = time.Now().Format("2006-01-02")
	}
	orphaned := applyTracking(findings, l.Model, today)
	sortFindings(findings)
	rep := &Report{System: l.Model.System.Name, Findings: nonNilFindings(findings), Orphaned: orphaned,
		Summary: summarize(findings, len(rs.Rules), len(targets))}
	return rep, nil
}

func buildTargets(l *model.Loaded, f *Facts, rs *Ruleset) []target {
	m := l.Model
	sys := &f.System
	sensitive := l.Vocab.Rank("classification", "sensitive")
	systemCtrls := setOf(m.System.Controls)
	var out []target
	mk := func(typ, kind, id, name, tkind string, facts any, src strictyaml.Source, ex exposure, ctrls map[string]map[string]bool) {
		vars := map[string]any{"system": sys}
		if typ != "system" {
			vars[targetVariables[typ].name] = facts
		}
		act, _ := interpreter.NewActivation(vars)
		out = append(out, target{typ: typ, kind: kind, id: id, name: name, facts: facts, act: act, src: src, ex: ex, ctrls: ctrls, tkind: tkind})
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
			ex.sensitivity = fmt.Sprintf("the element handles %s data", l.Vocab.TermIDs("classification")[e.HandledRank])
		}
		mk("element", e.Kind, e.ID, e.Name, e.Kind, e, m.Elements[i].Src, ex,
			map[string]map[string]bool{"system": systemCtrls, "element": setOf(e.Controls)})
	}
	for i := range f.Flows {
		fl := &f.Flows[i]
		ex := exposure{}
		if fl.OverInternet {
			ex.internet = "the flow travels over the internet"
		}
		switch {
		case fl.ClassificationRank >= sensitive:
			ex.sensitivity = fmt.Sprintf("the flow carries %s data", l.Vocab.TermIDs("classification")[fl.ClassificationRank])
		case fl.Destination.SafetyCritical && fl.IntegrityRank >= 3:
			ex.sensitivity = "the flow carries integrity-critical data to a safety-critical element"
		}
		mk("flow", "", fl.ID, fl.Name, fl.Protocol, fl, m.Flows[i].Src, ex, map[string]map[string]bool{"system": systemCtrls,
			"flow": setOf(fl.Controls), "source": setOf(fl.Source.Controls), "destination": setOf(fl.Destination.Controls)})
		out[len(out)-1].medium = fl.Medium
	}
	for i := range f.Boundaries {
		b := &f.Boundaries[i]
		ex := exposure{}
		if b.HandledRank >= sensitive {
			ex.sensitivity = fmt.Sprintf("the boundary holds %s data", l.Vocab.TermIDs("classification")[b.HandledRank])
		}
		mk("boundary", "", b.ID, b.Name, b.Kind, b, m.Boundaries[i].Src, ex, map[string]map[string]bool{"system": systemCtrls})
	}
	for i := range f.Data {
		d := &f.Data[i]
		ex := exposure{}
		if d.ClassificationRank >= sensitive {
			ex.sensitivity = fmt.Sprintf("the data is %s", l.Vocab.TermIDs("classification")[d.ClassificationRank])
		}
		mk("data", "", d.ID, d.Name, "", d, m.Data[i].Src, ex, map[string]map[string]bool{"system": systemCtrls})
	}
	sysSrc := m.System.Src
	if sysSrc.Pos.File == "" {
		sysSrc = m.Src
	}
	mk("system", "", "system", sys.Name, "", sys, sysSrc, exposure{}, map[string]map[string]bool{"system": systemCtrls})
	return out
}

// evaluate runs every applicable rule on one target.
func evaluate(t *target, rs *Ruleset) ([]Finding, error) {
	var out []Finding
	for _, cr := range rs.byType[t.typ] {
		if kinds := cr.Rule.Target.Kinds; len(kinds) > 0 && !slices.Contains(kinds, t.kind) {
			continue
		}
		if t.typ == "flow" && !cr.guard.allows(t.tkind, t.medium) {
			continue
		}
		val, _, err := cr.condition.Eval(t.act)
		if err != nil {
			return nil, fmt.Errorf("rule %s on %s %s: condition: %w", cr.Rule.ID, t.typ, t.id, err)
		}
		if val != types.True {
			continue
		}
		f, err := newFinding(cr, t, rs)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func newFinding(cr *CompiledRule, t *target, rs *Ruleset) (Finding, error) {
	r := cr.Rule
	likelihood, err := cr.likelihood.eval(t.act)
	if err != nil {
		return Finding{}, fmt.Errorf("rule %s on %s %s: likelihood: %w", r.ID, t.typ, t.id, err)
	}
	impact, err := cr.impact.eval(t.act)
	if err != nil {
		return Finding{}, fmt.Errorf("rule %s on %s %s: impact: %w", r.ID, t.typ, t.id, err)
	}
	ex := t.ex
	if r.Fixed {
		ex = exposure{}
	}
	l, i, sev, scoreWhy := score(likelihood, impact, ex)
	why := []string{"fired because " + explain(cr, t.act, rs)}
	why = append(why, scoreWhy...)
	f := Finding{
		ID: r.ID + "@" + t.id, Rule: r.ID, Title: r.Title, Description: r.Description,
		Target: Target{Type: t.typ, ID: t.id, Name: t.name, Kind: t.tkind},
		STRIDE: nonNil(r.STRIDE), LINDDUN: nonNil(r.LINDDUN),
		Severity: sev, Likelihood: l, Impact: i, Why: why, Status: "open",
		Controls: nonNil(r.Controls), MitigatedBy: []string{},
		CWE: nonNilInts(r.References.CWE), CAPEC: nonNilInts(r.References.CAPEC),
		OWASPIoT: nonNil(r.References.OWASPIoT), ETSI: nonNil(r.References.ETSI),
		NISTIR8259A: nonNil(r.References.NISTIR8259), ISVS: nonNil(r.References.ISVS),
		Source: Source{File: t.src.Pos.File, Line: t.src.Pos.Line},
	}
	var missing []string
	for _, c := range r.Controls {
		if t.declared(r, c) {
			f.MitigatedBy = append(f.MitigatedBy, c)
		} else {
			missing = append(missing, c)
		}
	}
	f.Mitigations = []string{strings.TrimSpace(r.Mitigation)}
	if len(r.Controls) > 0 && len(missing) == 0 {
		f.Status = "mitigated"
		f.Why = append(f.Why, "mitigated by design: declared controls "+strings.Join(r.Controls, ", "))
	} else if len(missing) > 0 {
		f.Mitigations = append(f.Mitigations, "Implement and declare the control(s): "+strings.Join(missing, ", "))
	}
	return f, nil
}

func (lv level) eval(act interpreter.Activation) (string, error) {
	if lv.expr == nil {
		return lv.constant, nil
	}
	val, _, err := lv.expr.Eval(act)
	if err != nil {
		return "", err
	}
	s, ok := val.Value().(string)
	if !ok || LevelRank(s) == 0 && s != "low" {
		return "", fmt.Errorf("expression yielded %v, not one of %s", val, strings.Join(Levels, ", "))
	}
	return s, nil
}

// explain lists the values of the facts a condition reads. Ranks are
// shown as the scale's words (data_classification = personal, not 3).
func explain(cr *CompiledRule, act interpreter.Activation, rs *Ruleset) string {
	parts := make([]string, 0, len(cr.facts))
	for _, fp := range cr.facts {
		val, _, err := fp.prg.Eval(act)
		if err != nil {
			continue
		}
		parts = append(parts, fp.path+" = "+rs.formatFact(fp.path, val))
	}
	if len(parts) == 0 {
		return "the condition holds"
	}
	return strings.Join(parts, ", ")
}

// rankScales maps rank facts to the scale they rank.
var rankScales = map[string]string{
	"data_classification": "classification", "stored_classification": "classification",
	"handled_classification": "classification", "classification": "classification",
	"data_integrity": "level", "stored_integrity": "level", "integrity": "level", "availability": "level",
}

func (rs *Ruleset) formatFact(path string, v ref.Val) string {
	name := path[strings.LastIndex(path, ".")+1:]
	if scale, ok := rankScales[name]; ok {
		if n, ok := v.Value().(int64); ok {
			terms := rs.vocab.TermIDs(scale)
			switch {
			case n < 0:
				return "none"
			case int(n) < len(terms):
				return terms[n]
			}
		}
	}
	return formatValue(v)
}

func formatValue(v ref.Val) string {
	switch x := v.Value().(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	}
	s := fmt.Sprint(v.Value())
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

func nonNilFindings(f []Finding) []Finding {
	if f == nil {
		return []Finding{}
	}
	return f
}

// sortFindings orders findings worst first, then by rule and target id.
// It sorts an index rather than the findings themselves: a Finding is
// large, and moving tens of thousands of them dominated the sort.
func sortFindings(fs []Finding) {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool {
		a, b := &fs[idx[x]], &fs[idx[y]]
		if ra, rb := LevelRank(a.Severity), LevelRank(b.Severity); ra != rb {
			return ra > rb
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Target.ID < b.Target.ID
	})
	sorted := make([]Finding, len(fs))
	for i, j := range idx {
		sorted[i] = fs[j]
	}
	copy(fs, sorted)
}

// Statuses are the finding statuses, in report order.
var Statuses = []string{"open", "in-progress", "accepted", "mitigated", "false-positive"}

func summarize(fs []Finding, rules, targets int) Summary {
	s := Summary{Total: len(fs), BySeverity: map[string]int{}, ByStatus: map[string]int{}, Rules: rules, Targets: targets}
	for _, l := range Levels {
		s.BySeverity[l] = 0
	}
	for _, st := range Statuses {
		s.ByStatus[st] = 0
	}
	for _, f := range fs {
		s.BySeverity[f.Severity]++
		s.ByStatus[f.Status]++
		if f.Status == "open" {
			s.Open++
		}
	}
	return s
}
