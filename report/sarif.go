package report

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/markdown"
	"github.com/iotthreat/iotthreat/internal/reveal"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/paths"
)

// SARIFOptions describe the run for code-scanning tools.
type SARIFOptions struct {
	Version string // iotthreat version, for the tool driver
	// BaseDir makes artifact URIs relative (to the repository root, where
	// code scanning expects them); empty leaves paths as loaded.
	BaseDir string
	// Paths, when set, adds each attack path as a result of rule
	// PathRuleID with a code flow through its steps (see addPaths).
	Paths *paths.Result
}

// SARIF writes findings as a SARIF 2.1.0 log, the format code-scanning
// services (GitHub, GitLab, Azure DevOps) ingest. Each rule becomes a
// reportingDescriptor with its help text and tags (STRIDE, CWE, standards);
// each finding a result located at the YAML line of its element, flow or
// boundary, with the finding id as a partial fingerprint so the service
// tracks it across commits. Mitigated, accepted and false-positive
// findings are reported as suppressed, with the reason, not left out.
// Code-scanning services show the texts to reviewers: hidden characters
// in them are written as <U+XXXX> and the help Markdown is escaped.
func SARIF(w io.Writer, rep *engine.Report, rules []model.Rule, opts SARIFOptions) error {
	log := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("iotthreat", "https://github.com/iotthreat/iotthreat")
	if opts.Version != "" {
		run.Tool.Driver.WithVersion(opts.Version)
	}
	used := map[string]bool{}
	for _, f := range rep.Findings {
		used[f.Rule] = true
	}
	byID := map[string]model.Rule{}
	for _, r := range rules {
		byID[r.ID] = r
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		addRule(run, byID[id], id)
	}
	for _, f := range rep.Findings {
		addResult(run, f, opts)
	}
	addPaths(run, opts.Paths, opts)
	log.AddRun(run)
	return log.PrettyWrite(w)
}

func addRule(run *sarif.Run, r model.Rule, id string) {
	d := run.AddRule(id).
		WithName(ruleName(r.Title)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(reveal.String(orDefault(r.Title, id)))).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(reveal.String(orDefault(strings.TrimSpace(r.Description), r.Title)))).
		WithHelp(sarif.NewMultiformatMessageString().
			WithText(reveal.String(strings.TrimSpace(r.Mitigation))).
			WithMarkdown(ruleHelpMarkdown(r))).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("warning"))
	var tags []string
	tags = append(tags, "security", "threat-model")
	tags = append(tags, r.STRIDE...)
	tags = append(tags, r.LINDDUN...)
	for _, c := range r.References.CWE {
		tags = append(tags, fmt.Sprintf("external/cwe/cwe-%d", c))
	}
	for _, o := range r.References.OWASPIoT {
		tags = append(tags, "owasp-iot-"+strings.ToLower(o))
	}
	d.WithProperties(sarif.NewPropertyBag().Add("tags", tags))
}

// ruleName turns a title into the PascalCase name SARIF viewers show.
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.Fields(title) {
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, w)
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func ruleHelpMarkdown(r model.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n\n%s\n\n**Mitigation.** %s\n", markdown.Text(r.Title), markdownParagraphs(r.Description), markdownParagraphs(r.Mitigation))
	if len(r.Controls) > 0 {
		codes := make([]string, len(r.Controls))
		for i, c := range r.Controls {
			codes[i] = markdown.Code(c)
		}
		fmt.Fprintf(&b, "\nDeclare the control(s) %s in the model once they are in place.\n", strings.Join(codes, ", "))
	}
	f := &engine.RuleFacts{CWE: r.References.CWE, CAPEC: r.References.CAPEC, OWASPIoT: r.References.OWASPIoT,
		ETSI: r.References.ETSI, NISTIR8259A: r.References.NISTIR8259}
	if refs := References(f); refs != "" {
		fmt.Fprintf(&b, "\n**References.** %s\n", markdown.Text(refs))
	}
	return b.String()
}

// markdownParagraphs escapes prose for Markdown paragraph by paragraph,
// keeping the blank lines between paragraphs.
func markdownParagraphs(s string) string {
	paras := strings.Split(strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")), "\n\n")
	for i, p := range paras {
		paras[i] = markdown.Text(strings.TrimSpace(p))
	}
	return strings.Join(paras, "\n\n")
}

// sarifLevel maps severity to SARIF's levels; code scanning shows errors
// for critical and high.
func sarifLevel(severity string) string {
	switch severity {
	case "critical", "high":
		return "error"
	case "medium":
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's numeric score (0–10) behind its severity
// labels: critical ≥ 9, high ≥ 7, medium ≥ 4.
func securitySeverity(severity string) string {
	switch severity {
	case "critical":
		return "9.5"
	case "high":
		return "8.0"
	case "medium":
		return "5.5"
	}
	return "2.0"
}

func addResult(run *sarif.Run, f engine.Finding, opts SARIFOptions) {
	msg := reveal.String(fmt.Sprintf("%s: %s %s. %s", f.Title, f.Target.Type, f.Target.ID, strings.Join(f.Why, "; ")))
	res := run.CreateResultForRule(f.Rule).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(msg)).
		WithPartialFingerprints(map[string]string{"iotthreatFindingId/v1": f.ID}).
		WithProperties(sarif.NewPropertyBag().
			Add("severity", f.Severity).
			Add("security-severity", securitySeverity(f.Severity)).
			Add("status", f.Status).
			Add("findingId", f.ID))
	line := max(f.Source.Line, 1)
	res.AddLocation(sarif.NewLocationWithPhysicalLocation(
		sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(f.Source.File, opts.BaseDir))).
			WithRegion(sarif.NewRegion().WithStartLine(line))))
	if f.Status != "open" && f.Status != "in-progress" {
		justification := f.Tracking.Reason
		if f.Status == "mitigated" && f.Tracking.Entry == "" {
			justification = "mitigated by design: declared controls " + strings.Join(f.MitigatedBy, ", ")
		}
		res.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").
			WithJustification(reveal.String(orDefault(justification, f.Status))))
	}
}

func artifactURI(file, base string) string {
	if base != "" {
		if rel, err := filepath.Rel(base, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	return filepath.ToSlash(file)
}

func orDefault(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}
