package regulatory

import (
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/document"
)

// ProductFact is one row of a document's product table.
type ProductFact struct {
	Label string
	// Value is what the model states, "" when it states nothing: each
	// format then writes "not stated" in its own style.
	Value string
	// Items holds the value's parts when it is a list that may run long
	// (the assets in scope), so a paged format can shorten it.
	Items []string
}

// Missing reports whether the model leaves the fact unstated.
func (f ProductFact) Missing() bool { return strings.TrimSpace(f.Value) == "" }

// ProductFacts lists the rows of the product table, in the order every
// format shows them; the EN 18031 facts only in that document.
func (d *Document) ProductFacts() []ProductFact {
	p, s := &d.Product, &d.System
	var out []ProductFact
	add := func(label, value string) { out = append(out, ProductFact{Label: label, Value: value}) }
	add("Intended purpose", p.IntendedPurpose)
	add("Reasonably foreseeable use", p.ForeseeableUse)
	add("Reasonably foreseeable misuse", p.ForeseeableMisuse)
	add("Support period ends", p.SupportUntil)
	add("CRA product category", p.Category)
	add("Vulnerability contact", p.VulnerabilityContact)
	add("Software bill of materials", p.SBOM)
	if d.Kind == EN18031 {
		parts := make([]string, len(p.EN18031Parts))
		for i, n := range p.EN18031Parts {
			parts[i] = strconv.Itoa(n)
		}
		add("EN 18031 parts", strings.Join(parts, ", "))
		out = append(out, ProductFact{Label: "Assets in scope", Value: strings.Join(p.Assets, ", "), Items: p.Assets})
	}
	add("Owner", s.Owner)
	if s.Deployment > 0 {
		add("Units deployed", document.Thousands(s.Deployment))
	}
	return out
}
