package regulatory

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// cra writes the Annex I table a reviewer reads first, then one section
// per item, the attack paths and the risk summary.
func (m *mdWriter) cra(c *CRAAssessment) {
	m.printf("## Annex I at a glance\n\n| Item | Requirement (paraphrased) | Status | Why |\n|---|---|---|---|\n")
	for _, it := range c.Items {
		m.printf("| %s | %s | **%s** | %s |\n", code(it.ID), text(it.Title), it.Status, text(it.Reason))
	}
	m.printf("\nThe titles are paraphrases; the regulation on EUR-Lex is the text that counts.\n\n")
	m.printf("## Annex I requirements\n\n")
	for i := range c.Items {
		m.craItem(&c.Items[i])
	}
	m.paths(c)
	m.riskSummary(c.RiskSummary)
}

func (m *mdWriter) craItem(it *CRAItem) {
	m.printf("### %s %s\n\n", text(it.ID), text(it.Title))
	m.printf("**Status: %s.** %s", it.Status, text(it.Reason))
	if l := link("Regulation (EU) 2024/2847 on EUR-Lex", it.URL); l != "" {
		m.printf(" (%s)", l)
	}
	m.printf("\n\n- **Applicability:** %s\n", text(it.Applicability))
	if len(it.Implementation) == 0 {
		m.printf("- **Implementation:** no declared control implements it.\n")
	} else {
		m.printf("- **Implementation:** declared controls:\n")
		for _, dc := range it.Implementation {
			on := make([]string, len(dc.On))
			for i, o := range dc.On {
				on[i] = text(o)
			}
			m.printf("  - %s %s, on %s\n", code(dc.ID), text(dc.Name), strings.Join(on, ", "))
		}
	}
	if len(it.Facts) > 0 {
		facts := make([]string, len(it.Facts))
		for i, f := range it.Facts {
			facts[i] = code(f)
		}
		m.printf("- **Product facts:** %s\n", strings.Join(facts, ", "))
	}
	if it.EvidenceCount == 0 {
		m.printf("- **Evidence:** no related finding is mitigated.\n")
	} else {
		m.printf("- **Evidence:** %s, closed by declared controls or tracking:\n", countOf(it.EvidenceCount, "mitigated related finding", "mitigated related findings"))
		m.findings(it.Evidence, it.EvidenceCount)
	}
	if it.ResidualCount == 0 {
		m.printf("- **Residual risk:** no related finding is open, in progress or accepted.\n")
	} else {
		m.printf("- **Residual risk:** %s open, in progress or accepted:\n", countOf(it.ResidualCount, "related finding", "related findings"))
		m.findings(it.Residual, it.ResidualCount)
	}
	if len(it.Gaps) > 0 {
		m.printf("- **Gaps:**\n")
		for _, g := range it.Gaps {
			m.printf("  - %s\n", text(g))
		}
	}
	m.printf("\n")
}

func (m *mdWriter) paths(c *CRAAssessment) {
	m.printf("## Residual risk: attack paths\n\n%s\n\n", text(c.PathsSummary))
	if len(c.Paths) > 0 {
		m.printf("The worst paths, each a chain of findings an attacker can follow:\n\n| Path | Risk | From | To | Steps |\n|---|---|---|---|---|\n")
		for _, p := range c.Paths {
			steps := make([]string, 0, len(p.Steps))
			for _, s := range p.Steps {
				step := s.Finding
				if step == "" {
					step = s.Fact
				}
				steps = append(steps, code(step))
			}
			m.printf("| %s | %s | %s | %s | %s |\n", code(p.ID), text(p.Risk), code(p.Entry), code(p.Target), strings.Join(steps, " → "))
		}
		m.printf("\n")
	}
	if len(c.ChokePoints) > 0 {
		m.printf("Choke points, the fixes that break the most paths:\n\n")
		for _, ch := range c.ChokePoints {
			m.printf("- %s\n", text(ch.Summary()))
		}
		m.printf("\n")
	}
}

func (m *mdWriter) riskSummary(rs map[string]map[string]int) {
	m.printf("## Risk summary\n\nFindings by severity and status.\n\n| Severity |")
	for _, st := range engine.Statuses {
		m.printf(" %s |", st)
	}
	m.printf("\n|---|%s\n", strings.Repeat("---:|", len(engine.Statuses)))
	for _, sev := range severitiesWorstFirst() {
		m.printf("| %s |", sev)
		for _, st := range engine.Statuses {
			m.printf(" %d |", rs[sev][st])
		}
		m.printf("\n")
	}
	m.printf("\n")
}

// en18031 writes each part: whether it applies, its requirements'
// statuses, then each asset with its decisions.
func (m *mdWriter) en18031(p *EN18031Prefill) {
	for i := range p.Parts {
		part := &p.Parts[i]
		m.printf("## %s\n\n", text(part.Name))
		if !part.Applicable {
			m.printf("**Does not apply:** %s\n\n", text(part.Reason))
			continue
		}
		m.printf("**Applies:** %s\n\n", orNone(part.Reason, "the model's facts or product.en_18031_parts"))
		m.printf("Decisions: %d pass, %d fail, %d not applicable.\n\n", part.Counts[Pass], part.Counts[Fail], part.Counts[NotApplicable])
		m.printf("### Requirements\n\n| Requirement | Title (paraphrased) | Status | Why | Restriction |\n|---|---|---|---|---|\n")
		for _, r := range part.Requirements {
			m.printf("| %s | %s | %s | %s | %s |\n", code(r.ID), text(r.Title), r.Status, text(r.Reason), text(r.Restriction))
		}
		m.printf("\n")
		if len(part.Excluded) > 0 {
			m.printf("Data assets this part does not assess:\n\n")
			for _, e := range part.Excluded {
				m.printf("- %s\n", text(e))
			}
			m.printf("\n")
		}
		for j := range part.Assets {
			m.asset(&part.Assets[j])
		}
	}
}

func (m *mdWriter) asset(a *AssetAssessment) {
	m.printf("### Asset %s %s (%s asset)\n\n%s\n\n", code(a.ID), text(a.Name), text(a.Category), text(a.CategoryReason))
	if len(a.Mechanisms) > 0 {
		m.printf("Mechanisms the model states for it:\n\n")
		for _, mech := range a.Mechanisms {
			m.printf("- %s\n", text(mech))
		}
		m.printf("\n")
	}
	m.printf("| Requirement | Outcome | Model facts | Findings |\n|---|---|---|---|\n")
	for _, dec := range a.Decisions {
		ids := make([]string, len(dec.Findings))
		for i, f := range dec.Findings {
			ids[i] = code(f.ID)
		}
		facts := text(strings.Join(dec.Facts, "; "))
		if dec.Restriction != "" {
			facts += ". Restriction: " + text(dec.Restriction)
		}
		m.printf("| %s %s | **%s** | %s | %s |\n", code(dec.Requirement), text(dec.Title), dec.Outcome, facts, strings.Join(ids, ", "))
	}
	m.printf("\n")
}

// ics writes the conformance statement as one table, provision by
// provision.
func (m *mdWriter) ics(c *ConformanceStatement) {
	m.printf("## Provisions\n\nEach provision as the model supports it. A provision the model says nothing about is not supported until evidence from outside the model shows otherwise.\n\n")
	m.printf("| Provision | Title (paraphrased) | Support | Detail |\n|---|---|---|---|\n")
	for _, p := range c.Provisions {
		m.printf("| %s | %s | **%s** | %s |\n", code(p.ID), text(p.Title), p.Support, text(p.Detail))
	}
	m.printf("\n")
}

// countOf is "1 thing" or "N things".
func countOf(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, plural(n, one, many))
}
