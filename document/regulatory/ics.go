package regulatory

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/compliance"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// etsiStandard is the vocabulary's id of ETSI EN 303 645.
const etsiStandard = "etsi-en-303-645"

// noEvidence is the detail of a provision the model says nothing about:
// not supported, since nothing shows it is, and never silently supported.
const noEvidence = "no evidence in the model"

// maxNamed is how many findings or controls a detail sentence names.
const maxNamed = 5

// buildICS works out the implementation conformance statement of ETSI
// EN 303 645 (the ICS proforma of TS 103 701) for each provision, from
// the catalogue coverage (compliance.Assess), which already relates
// findings and declared controls to provisions:
//
//   - not supported: a finding citing it is open or in progress (named);
//   - supported: nothing citing it is open, and a declared control cites
//     it or a finding citing it is mitigated;
//   - for the provisions about data in transit that nothing else
//     decides, the flows carrying that data (transitSupport): supported
//     when every one is encrypted, not supported when any is not;
//   - not supported, with "no evidence in the model", when nothing cites
//     it, or only accepted and false-positive findings do.
//
// Not applicable is never derived: whether a provision's condition holds
// (for example, "where passwords are used") is the manufacturer's
// statement, written in product.not_applicable.etsi-en-303-645 with the
// reason. While a finding citing such a provision is open, it stays not
// supported and the detail says both.
func buildICS(l *model.Loaded, facts *engine.Facts, rep *engine.Report, refs *findingRefs) *ConformanceStatement {
	out := &ConformanceStatement{Provisions: []Provision{}, Counts: map[string]int{Supported: 0, NotSupported: 0, NotApplicable: 0}}
	var std *compliance.Standard
	cov := compliance.Assess(l, rep)
	for i := range cov.Standards {
		if cov.Standards[i].ID == etsiStandard {
			std = &cov.Standards[i]
		}
	}
	if std == nil {
		return out
	}
	parents := map[string]bool{}
	for _, it := range std.Items {
		if it.Parent != "" {
			parents[it.Parent] = true
		}
	}
	for i := range std.Items {
		it := &std.Items[i]
		if parents[it.ID] {
			continue
		}
		p := provision(it, refs)
		transitSupport(&p, l, facts)
		if why, ok := justified(l, it.ID); ok {
			if p.Support == NotSupported && it.Open > 0 {
				p.Detail = "marked not applicable in product.not_applicable (" + why + "), but " + p.Detail
			} else {
				p.Support, p.Detail = NotApplicable, "not applicable: "+why
			}
		}
		out.Counts[p.Support]++
		out.Provisions = append(out.Provisions, p)
	}
	return out
}

// provision is one provision's support and the sentence that says why.
func provision(it *compliance.Item, refs *findingRefs) Provision {
	p := Provision{ID: it.ID, Title: it.Title, Controls: []string{}, Findings: []FindingRef{}}
	var mitigated, decided []string
	for _, c := range it.Controls {
		p.Controls = append(p.Controls, c.ID)
	}
	for _, r := range refs.refs(it.Findings) {
		switch r.Status {
		case "open", "in-progress":
			if len(p.Findings) < MaxItemFindings {
				p.Findings = append(p.Findings, r)
			}
		case "mitigated":
			mitigated = append(mitigated, r.ID)
		default:
			decided = append(decided, r.ID+" ("+r.Status+")")
		}
	}
	controls := ""
	if len(p.Controls) > 0 {
		controls = "declared " + plural(len(p.Controls), "control ", "controls ") + named(p.Controls, len(p.Controls))
	}
	switch {
	case it.Open > 0:
		ids := make([]string, len(p.Findings))
		for i, f := range p.Findings {
			ids[i] = f.ID + " (" + f.Severity + ")"
		}
		p.Support = NotSupported
		p.Detail = fmt.Sprintf("%s citing it %s open: %s", plural(it.Open, "1 finding", fmt.Sprintf("%d findings", it.Open)), plural(it.Open, "is", "are"), named(ids, it.Open))
		if controls != "" {
			p.Detail += "; " + controls + " " + plural(len(p.Controls), "cites it but does not close them", "cite it but do not close them")
		}
	case controls != "" || len(mitigated) > 0:
		p.Support = Supported
		var why []string
		if controls != "" {
			why = append(why, controls)
		}
		if len(mitigated) > 0 {
			why = append(why, plural(len(mitigated), "mitigated finding ", "mitigated findings ")+named(mitigated, len(mitigated)))
		}
		p.Detail = "supported by " + strings.Join(why, "; ")
	case len(decided) > 0:
		p.Support = NotSupported
		p.Detail = noEvidence + ": findings citing it are only accepted or false positives (" + named(decided, len(decided)) + "), and no declared control cites it"
	default:
		p.Support = NotSupported
		p.Detail = noEvidence
	}
	return p
}

// justified returns the product block's reason for declaring an EN 303
// 645 provision not applicable.
func justified(l *model.Loaded, id string) (string, bool) {
	if l.Model.Product == nil {
		return "", false
	}
	why, ok := l.Model.Product.NotApplicable[etsiStandard][id]
	return strings.TrimSpace(why), ok && strings.TrimSpace(why) != ""
}

// named lists the first maxNamed of names, then how many more of total
// there are.
func named(names []string, total int) string {
	if len(names) > maxNamed {
		names = names[:maxNamed]
	}
	s := strings.Join(names, ", ")
	if total > len(names) {
		s += fmt.Sprintf(" and %d more", total-len(names))
	}
	return s
}

// etsiName is the name the vocabulary gives EN 303 645.
func etsiName(l *model.Loaded) string {
	if s, ok := l.Vocab.Standard(etsiStandard); ok {
		return s.Name
	}
	return "ETSI EN 303 645"
}
