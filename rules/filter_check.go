package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// FilterError is a filter that names something that does not exist, with
// a hint. Flag is the filter's command-line flag (--kind, --category,
// --standard).
type FilterError struct {
	Flag, Msg, Hint string
}

func (e *FilterError) Error() string { return e.Flag + ": " + e.Msg }

// standardIDs maps the names Filter.Standard accepts (and the aliases
// cites accepts) to the vocabulary's standards; cwe and capec have no
// catalogue there and take any positive number.
var standardIDs = map[string]string{
	"etsi": "etsi-en-303-645", "owasp-iot": "owasp-iot-2018", "owasp": "owasp-iot-2018",
	"nist": "nistir-8259a", "nistir-8259a": "nistir-8259a", "isvs": "owasp-isvs",
	"cwe": "", "capec": "",
}

// Check reports a filter that names a kind, a category, a standard or a
// standard's item that does not exist. Such a filter selects no rule, and
// "0 rules" would read as "no rule covers this": a typo in etsi:5.6-44
// must not pass for a provision no rule cites.
func (f Filter) Check(v *vocab.Vocabulary) error {
	if f.Kind != "" {
		kinds := append(append([]string{}, model.RuleTargetTypes...), v.ElementKindIDs()...)
		if !slices.Contains(kinds, f.Kind) {
			return &FilterError{"--kind", fmt.Sprintf("unknown kind %q", f.Kind), diag.DidYouMean(f.Kind, kinds)}
		}
	}
	if f.Category != "" {
		cats := append(v.TermIDs("stride"), v.TermIDs("linddun")...)
		if !slices.Contains(cats, f.Category) {
			return &FilterError{"--category", fmt.Sprintf("unknown category %q", f.Category), diag.DidYouMean(f.Category, cats)}
		}
	}
	if f.Standard != "" {
		return checkStandard(f.Standard, v)
	}
	return nil
}

func checkStandard(spec string, v *vocab.Vocabulary) error {
	name, item, hasItem := strings.Cut(spec, ":")
	id, known := standardIDs[strings.ToLower(name)]
	if !known {
		return &FilterError{"--standard", fmt.Sprintf("unknown standard %q", name),
			diag.DidYouMean(strings.ToLower(name), StandardNames) + " (then, optionally, :item, as in etsi:5.6-4 or cwe:319)"}
	}
	if !hasItem {
		return nil
	}
	if id == "" {
		if n, err := strconv.Atoi(item); err != nil || n <= 0 {
			return &FilterError{"--standard", fmt.Sprintf("%s ids are numbers, got %q", strings.ToUpper(name), item),
				fmt.Sprintf("write the number only, as in %s:319", strings.ToLower(name))}
		}
		return nil
	}
	std, ok := v.Standard(id)
	if !ok {
		return nil // a vocabulary without the standard: nothing to check against
	}
	ids := make([]string, len(std.Items))
	for i, it := range std.Items {
		ids[i] = it.ID
		if strings.EqualFold(it.ID, item) || strings.HasPrefix(it.ID, item+"-") {
			return nil
		}
	}
	return &FilterError{"--standard", fmt.Sprintf("%s has no item %q", std.Name, item), diag.DidYouMean(item, ids)}
}
