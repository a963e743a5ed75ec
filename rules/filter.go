package rules

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/model"
)

// Filter selects rules; empty fields match everything.
type Filter struct {
	Kind     string // element kind, or flow, boundary, data, system
	Category string // a STRIDE or LINDDUN category
	// Standard is a standard name (etsi, owasp-iot, nist, isvs, cwe, capec)
	// optionally followed by ":" and an item ("etsi:5.6-4", "cwe:319").
	Standard string
}

// Select returns the rules matching f, in their original order.
func Select(all []model.Rule, f Filter) []model.Rule {
	var out []model.Rule
	for _, r := range all {
		if f.Kind != "" && !targets(r, f.Kind) {
			continue
		}
		if f.Category != "" && !slices.Contains(r.STRIDE, f.Category) && !slices.Contains(r.LINDDUN, f.Category) {
			continue
		}
		if f.Standard != "" && !cites(r, f.Standard) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func targets(r model.Rule, kind string) bool {
	if r.Target.Type == kind {
		return true
	}
	return r.Target.Type == "element" && (len(r.Target.Kinds) == 0 || slices.Contains(r.Target.Kinds, kind))
}

// StandardNames are the names Filter.Standard accepts before the colon.
var StandardNames = []string{"etsi", "owasp-iot", "nist", "isvs", "cwe", "capec"}

func cites(r model.Rule, spec string) bool {
	name, item, hasItem := strings.Cut(spec, ":")
	var ids []string
	refs := r.References
	switch strings.ToLower(name) {
	case "etsi":
		ids = refs.ETSI
	case "owasp-iot", "owasp":
		ids = refs.OWASPIoT
	case "nist", "nistir-8259a":
		ids = refs.NISTIR8259
	case "isvs":
		ids = refs.ISVS
	case "cwe":
		ids = itoa(refs.CWE)
	case "capec":
		ids = itoa(refs.CAPEC)
	}
	if !hasItem {
		return len(ids) > 0
	}
	for _, id := range ids {
		// An ETSI clause ("5.6") matches its provisions ("5.6-4").
		if strings.EqualFold(id, item) || strings.HasPrefix(id, item+"-") {
			return true
		}
	}
	return false
}

func itoa(ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return out
}
