package model

import (
	"fmt"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// merge adds an included file's content to m. Lists are concatenated (the
// validator then reports duplicate ids with both positions). A system field
// or tracking entry set in two files must agree: includes never overwrite.
func merge(m, part *Model, root bool) diag.List {
	var diags diag.List
	if root {
		m.System = part.System
	} else {
		diags = append(diags, mergeSystem(&m.System, &part.System)...)
	}
	m.Data = concat(m.Data, part.Data)
	m.Boundaries = concat(m.Boundaries, part.Boundaries)
	m.Elements = concat(m.Elements, part.Elements)
	m.Flows = concat(m.Flows, part.Flows)
	m.Rules = concat(m.Rules, part.Rules)
	m.Threats = concat(m.Threats, part.Threats)
	m.Include = concat(m.Include, part.Include)
	m.Vocabulary.Append(&part.Vocabulary)
	if part.Product != nil {
		if m.Product != nil {
			diags.Add(part.Src.NameAt("product"), "product", "keep the product facts in one file",
				"product is already defined at %s", m.Product.Src.Pos)
		} else {
			m.Product = part.Product
		}
	}
	if part.AttackPaths != nil {
		if m.AttackPaths != nil {
			diags.Add(part.Src.NameAt("attack_paths"), "attack_paths", "keep the attack-path settings in one file",
				"attack_paths is already defined at %s", m.AttackPaths.Src.Pos)
		} else {
			m.AttackPaths = part.AttackPaths
		}
	}
	for id, t := range part.Tracking {
		if prev, ok := m.Tracking[id]; ok {
			diags.Add(t.Src.Pos, "tracking."+id, "keep one entry per finding",
				"tracking entry %q is already defined at %s", id, prev.Src.Pos)
			continue
		}
		if m.Tracking == nil {
			m.Tracking = map[string]Tracking{}
		}
		m.Tracking[id] = t
	}
	return diags
}

// concat appends b to a, taking b itself when a is empty: the first file
// merged (usually the only one) hands over its lists instead of having
// them copied, which for 100,000 elements was 200 MB of flows and
// elements allocated twice.
func concat[T any](a, b []T) []T {
	if len(a) == 0 {
		return b
	}
	return append(a, b...)
}

func mergeSystem(dst, src *System) diag.List {
	var diags diag.List
	str := func(key string, d *string, s string) {
		if !src.Src.Has(key) {
			return
		}
		if dst.Src.Has(key) && *d != s {
			diags.Add(src.Src.At(key), "system."+key, "set it in one file only, or to the same value",
				"conflicts with system.%s %q at %s", key, *d, dst.Src.At(key))
			return
		}
		*d = s
		record(&dst.Src, key, src.Src.At(key))
	}
	str("name", &dst.Name, src.Name)
	str("description", &dst.Description, src.Description)
	str("owner", &dst.Owner, src.Owner)
	str("criticality", &dst.Criticality, src.Criticality)
	if src.Src.Has("deployment") {
		if dst.Src.Has("deployment") && dst.Deployment != src.Deployment {
			diags.Add(src.Src.At("deployment"), "system.deployment", "set it in one file only, or to the same value",
				"conflicts with system.deployment %d at %s", dst.Deployment, dst.Src.At("deployment"))
		} else {
			dst.Deployment = src.Deployment
			record(&dst.Src, "deployment", src.Src.At("deployment"))
		}
	}
	for i, c := range src.Controls {
		key := fmt.Sprintf("controls[%d]", len(dst.Controls))
		dst.Controls = append(dst.Controls, c)
		record(&dst.Src, key, src.Src.At(fmt.Sprintf("controls[%d]", i)))
	}
	if src.Src.Has("controls") {
		record(&dst.Src, "controls", src.Src.At("controls"))
	}
	return diags
}

func record(s *strictyaml.Source, key string, p diag.Pos) { s.Record(key, p, p) }
