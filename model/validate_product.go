package model

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/vocab"
)

// ProductCategories are the CRA's product categories, in order of the
// conformity assessment they need: default (self-assessment), important
// class I and II (Annex III) and critical (Annex IV).
var ProductCategories = []string{"default", "important-class-i", "important-class-ii", "critical"}

// StatementStandards are the catalogue standards whose conformance
// statement iotthreat writes (report --standard etsi-en-303-645): like a
// regulatory standard's requirement, a provision whose condition does
// not hold is declared not applicable in product.not_applicable, with
// the reason.
var StatementStandards = []string{"etsi-en-303-645"}

// EN18031Parts are the parts of EN 18031 a product can claim.
var EN18031Parts = []int{1, 2, 3}

// product checks the product facts: the category, the support date, the
// EN 18031 parts and assets, and every not-applicable decision, which must
// name an item of a regulatory standard and say why it does not apply.
func (c *checker) product() {
	p := c.m.Product
	if p == nil {
		return
	}
	if p.Category != "" && !slices.Contains(ProductCategories, p.Category) {
		c.add(p.Src.At("category"), "product.category", diag.DidYouMean(p.Category, ProductCategories),
			"unknown product category %q", p.Category)
	}
	c.date(p.Src.At("support_until"), "product.support_until", p.SupportUntil)
	seen := map[int]bool{}
	for i, part := range p.EN18031Parts {
		key := "en_18031_parts[" + strconv.Itoa(i) + "]"
		switch {
		case !slices.Contains(EN18031Parts, part):
			c.add(p.Src.At(key), "product."+key, "EN 18031 has parts 1, 2 and 3", "EN 18031 has no part %d", part)
		case seen[part]:
			c.add(p.Src.At(key), "product."+key, "list each part once", "part %d is listed twice", part)
		}
		seen[part] = true
	}
	for i, id := range p.Assets {
		key := "assets[" + strconv.Itoa(i) + "]"
		ref(c, p.Src.At(key), "product."+key, "data asset", id, c.data)
	}
	c.notApplicable(p)
}

// notApplicable checks the applicability decisions, in order of standard
// and item so that the messages come out the same on every run.
func (c *checker) notApplicable(p *Product) {
	var regulatory []string
	for _, s := range c.v.Standards {
		if s.Regulatory || slices.Contains(StatementStandards, s.ID) {
			regulatory = append(regulatory, s.ID)
		}
	}
	stds := make([]string, 0, len(p.NotApplicable))
	for std := range p.NotApplicable {
		stds = append(stds, std)
	}
	sort.Strings(stds)
	for _, std := range stds {
		items := p.NotApplicable[std]
		ids := make([]string, 0, len(items))
		for id := range items {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		field := "product.not_applicable." + std
		s, ok := c.v.Standard(std)
		if !ok || !(s.Regulatory || slices.Contains(StatementStandards, std)) {
			pos := p.Src.At("not_applicable")
			if len(ids) > 0 {
				pos = p.Src.NameAt("not_applicable." + std + "." + ids[0])
			}
			hint := diag.DidYouMean(std, regulatory)
			if ok {
				hint = "applicability decisions are for regulatory standards and conformance statements: " + strings.Join(regulatory, ", ")
			}
			c.add(pos, field, hint, "%q is not a regulatory standard", std)
			continue
		}
		for _, id := range ids {
			key := "not_applicable." + std + "." + id
			if !s.Has(id) {
				c.add(p.Src.NameAt(key), field+"."+id, diag.DidYouMean(id, itemIDs(s)), "%s has no item %q", s.Name, id)
				continue
			}
			if strings.TrimSpace(items[id]) == "" {
				c.add(p.Src.At(key), field+"."+id, "say why it does not apply: CRA Art. 13(4) asks for a written justification",
					"%s %s is marked not applicable without a justification", std, id)
			}
		}
	}
}

func itemIDs(s *vocab.Standard) []string {
	ids := make([]string, len(s.Items))
	for i, it := range s.Items {
		ids[i] = it.ID
	}
	return ids
}
