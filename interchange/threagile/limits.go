package threagile

import (
	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Limits on what one Threagile file may hold. A file over one is refused
// with an error at the section (or the entry) that passes it, before
// anything is converted: the import's time and memory then stay within
// a few seconds and a few hundred megabytes however the file is written,
// where the YAML limits alone (64 MiB, 20 million nodes) would let a
// file of 350,000 assets take a minute and gigabytes. Threagile's own
// examples hold tens of assets; the largest real models hold a few
// hundred, far under these.
const (
	// MaxTechnicalAssets bounds technical_assets.
	MaxTechnicalAssets = 10_000
	// MaxLinks bounds the communication links of all assets together.
	MaxLinks = 20_000
	// MaxDataAssets bounds data_assets.
	MaxDataAssets = 10_000
	// MaxTrustBoundaries bounds trust_boundaries.
	MaxTrustBoundaries = 10_000
	// MaxSharedRuntimes bounds shared_runtimes.
	MaxSharedRuntimes = 10_000
	// MaxRiskCategories bounds individual_risk_categories.
	MaxRiskCategories = 10_000
	// MaxRisks bounds the risks_identified of all categories together.
	MaxRisks = 20_000
	// MaxRiskTracking bounds risk_tracking.
	MaxRiskTracking = 20_000
)

// limitHint is the hint of every limit error.
const limitHint = "split the model into smaller ones; the import limits are in docs/interchange.md"

// withinLimits checks the sizes of the file's sections, and of the
// links and risks summed over their sections, reporting each one over
// its limit; false means nothing should be converted.
func (c *converter) withinLimits(top map[string]*strictyaml.Node) bool {
	ok := true
	for _, s := range []struct {
		key   string
		limit int
	}{
		{"technical_assets", MaxTechnicalAssets}, {"data_assets", MaxDataAssets}, {"trust_boundaries", MaxTrustBoundaries},
		{"shared_runtimes", MaxSharedRuntimes}, {"individual_risk_categories", MaxRiskCategories}, {"risk_tracking", MaxRiskTracking},
	} {
		if n := top[s.key]; n != nil && n.Kind == strictyaml.Mapping && len(n.Pairs) > s.limit {
			c.fail(n, s.key, limitHint, "%d entries: over the Threagile import limit of %d", len(n.Pairs), s.limit)
			ok = false
		}
	}
	if !ok {
		return false
	}
	ok = c.sumWithin(top["technical_assets"], "communication_links", "technical_assets", "communication links", MaxLinks)
	return c.sumWithin(top["individual_risk_categories"], "risks_identified", "individual_risk_categories", "identified risks", MaxRisks) && ok
}

// sumWithin checks that the entries of key, summed over the entries of
// section, stay within limit, reporting the entry that passes it.
func (c *converter) sumWithin(section *strictyaml.Node, key, field, what string, limit int) bool {
	if section == nil || section.Kind != strictyaml.Mapping {
		return true
	}
	total := 0
	for _, p := range section.Pairs {
		if p.Value == nil || p.Value.Kind != strictyaml.Mapping {
			continue
		}
		if n := p.Value.Lookup(key); n != nil && n.Kind == strictyaml.Mapping {
			if total += len(n.Pairs); total > limit {
				c.fail(n, field+"["+short(p.Key.Value)+"]."+key, limitHint,
					"more than %d %s in the file: over the Threagile import limit", limit, what)
				return false
			}
		}
	}
	return true
}

// namedInNote is how many items a counted note names before "and N
// more": enough to recognise the case, few enough that a note about
// thousands of items stays one line.
const namedInNote = 3

// counted collects items for one counted note: how many, and the first
// few by name (a text.Tally of namedInNote names, kept as written).
type counted struct {
	text.Tally
	// others is what the caller wants to remember of the first item
	// (the other members of an asset's first shared runtime).
	others int
}

func (l *counted) add(name string) {
	l.Max = namedInNote
	l.Add(name)
}

// some names the first few items, quoted and cut to labels, then counts
// the rest: `"a", "b", "c" and 7 more`.
func (l *counted) some() string { return text.FewQuoted(l.Names(), l.Len()) }
