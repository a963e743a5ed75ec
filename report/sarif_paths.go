package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/iotthreat/iotthreat/internal/reveal"
	"github.com/iotthreat/iotthreat/paths"
)

// PathRuleID is the SARIF rule every attack-path result names. It is not
// a rule of the library (those end in a number), so it cannot collide.
const PathRuleID = "IOT-ATTACK-PATH"

// addPaths writes each attack path as a result of its own, with one code
// flow whose thread-flow locations are the path's steps, in order, at the
// YAML lines they rest on. A result of its own rather than a code flow on
// the first finding's result because a path has its own risk (often above
// each finding's severity), its own stable id (AP-…, the fingerprint that
// lets code scanning open and close it as the model changes), and several
// paths may start at one finding; a finding's result also stays suppressed
// when it is accepted, while the path it belongs to still exists.
func addPaths(run *sarif.Run, r *paths.Result, opts SARIFOptions) {
	if r == nil || len(r.Paths) == 0 {
		return
	}
	run.AddRule(PathRuleID).
		WithName("AttackPath").
		WithShortDescription(sarif.NewMultiformatMessageString().WithText("Attack path from an entry point to a protected target")).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(pathRuleText)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(pathRuleText + " " + pathRuleFix).
			WithMarkdown(pathRuleText + "\n\n" + pathRuleFix + "\n")).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("warning")).
		WithProperties(sarif.NewPropertyBag().Add("tags", []string{"security", "threat-model", "attack-path"}))
	breaks := map[string][]string{}
	for _, c := range r.ChokePoints {
		for _, id := range c.Paths {
			breaks[id] = append(breaks[id], c.Summary())
		}
	}
	for _, p := range r.Paths {
		addPathResult(run, p, breaks[p.ID], opts)
	}
}

const (
	pathRuleText = "Each step of the path is justified by a finding of this analysis or by a fact the model states; " +
		"the code flow shows the steps in order at the YAML lines they rest on. " +
		"The path's risk is the findings' severity matrix applied to its weakest step's likelihood and its target's impact."
	pathRuleFix = "Mitigate any one finding step (declare the controls its rule names) to break the path; " +
		"'iotthreat paths' lists the choke points, the fixes that break the most paths."
)

func addPathResult(run *sarif.Run, p paths.Path, fixes []string, opts SARIFOptions) {
	msg := fmt.Sprintf("Attack path %s (%s risk): %s -> %s in %d %s (likelihood %s, impact %s).",
		p.ID, p.Risk, p.Entry, p.Target, len(p.Steps), plural(len(p.Steps), "step", "steps"), p.Likelihood, p.Impact)
	if p.Unknown {
		msg += " Some step rests on a fact the model leaves unstated."
	}
	if len(fixes) > 0 {
		msg += " Broken by: " + fixes[0] + "."
	}
	res := run.CreateResultForRule(PathRuleID).
		WithLevel(sarifLevel(p.Risk)).
		WithMessage(sarif.NewTextMessage(reveal.String(msg))).
		WithPartialFingerprints(map[string]string{"iotthreatPathId/v1": p.ID}).
		WithProperties(sarif.NewPropertyBag().
			Add("severity", p.Risk).
			Add("security-severity", securitySeverity(p.Risk)).
			Add("pathId", p.ID).
			Add("entry", p.Entry).
			Add("target", p.Target).
			Add("likelihood", p.Likelihood).
			Add("impact", p.Impact).
			Add("unknown", p.Unknown))
	flow := sarif.NewThreadFlow()
	var last *sarif.PhysicalLocation
	for i, s := range p.Steps {
		what := s.Finding
		if what == "" {
			what = "fact " + s.Fact
		}
		text := reveal.String(fmt.Sprintf("%d. %s -> %s: %s: %s", i+1, s.From, s.To, what, s.Reason))
		loc := sarif.NewLocation().WithMessage(sarif.NewTextMessage(text))
		if pl := stepLocation(s.Location, opts.BaseDir); pl != nil {
			loc.WithPhysicalLocation(pl)
			last = pl
		}
		flow.AddLocation(sarif.NewThreadFlowLocation().WithLocation(loc).WithExecutionOrder(i + 1).
			WithImportance(stepImportance(s)))
	}
	res.AddCodeFlow(sarif.NewCodeFlow().WithMessage(sarif.NewTextMessage(p.Entry + " -> " + p.Target)).AddThreadFlow(flow))
	if last != nil {
		// The primary location is where the target is taken, as a
		// data-flow tool reports a flow at its sink.
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(last))
	}
}

// stepImportance marks finding steps essential (each is a place the path
// can be broken) and fact steps important: the model's design, not a flaw.
func stepImportance(s paths.Step) string {
	if s.Finding != "" {
		return "essential"
	}
	return "important"
}

// stepLocation parses a step's file:line:col, taking line and column from
// the right so a file name holding colons still parses; nil when it does
// not hold a positive line.
func stepLocation(loc, base string) *sarif.PhysicalLocation {
	rest, col, ok := cutNumber(loc)
	if !ok {
		return nil
	}
	file, line, ok := cutNumber(rest)
	if !ok {
		// file:line with no column
		file, line, col = rest, col, 0
	}
	if file == "" || line < 1 {
		return nil
	}
	region := sarif.NewRegion().WithStartLine(line)
	if col > 0 {
		region.WithStartColumn(col)
	}
	return sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(file, base))).
		WithRegion(region)
}

func cutNumber(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n < 0 {
		return s, 0, false
	}
	return s[:i], n, true
}
