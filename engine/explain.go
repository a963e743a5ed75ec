package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// explain lists the values of the facts a condition reads. Ranks are
// shown as the scale's words (data_classification = personal, not 3).
func explain(cr *CompiledRule, act *activation, rs *Ruleset) string {
	parts := make([]string, 0, len(cr.facts))
	decisive, known := cr.decide.decisive(act, len(cr.facts))
	for i := range cr.facts {
		if known && !decisive[i] {
			continue
		}
		fp := &cr.facts[i]
		val, ok := fp.value(act)
		if !ok {
			continue
		}
		parts = append(parts, fp.path+" = "+rs.formatFact(fp.path, val))
	}
	if len(parts) == 0 {
		return "the condition holds"
	}
	return strings.Join(parts, ", ")
}

// rankScales maps rank facts to the scale they rank.
var rankScales = map[string]string{
	"data_classification": "classification", "stored_classification": "classification",
	"handled_classification": "classification", "classification": "classification",
	"data_integrity": "level", "stored_integrity": "level", "integrity": "level", "availability": "level",
}

// value reads the fact as CEL's value holds it (ref.Val.Value), or false
// where CEL fails (a map key not declared).
func (fp *factPath) value(act *activation) (any, bool) {
	val, _, err := fp.prg.Eval(act)
	if err != nil {
		return nil, false
	}
	return val.Value(), true
}

func (rs *Ruleset) formatFact(path string, v any) string {
	name := path[strings.LastIndex(path, ".")+1:]
	if scale, ok := rankScales[name]; ok {
		if n, ok := v.(int64); ok {
			terms := rs.vocab.TermIDs(scale)
			switch {
			case n < 0:
				return "none"
			case int(n) < len(terms):
				return terms[n]
			}
		}
	}
	return formatValue(v)
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case map[string]string:
		keys := slices.Sorted(maps.Keys(x))
		pairs := make([]string, len(keys))
		for i, k := range keys {
			pairs[i] = k + ": " + x[k]
		}
		return shorten("{" + strings.Join(pairs, ", ") + "}")
	case []Service:
		names := make([]string, len(x))
		for i, svc := range x {
			names[i] = svc.String()
		}
		return shortenTo("["+strings.Join(names, "; ")+"]", 160)
	}
	return shorten(fmt.Sprint(v))
}

// shorten cuts a quoted value to 80 characters (not bytes: names may be
// in any script), marking the cut.
func shorten(s string) string { return shortenTo(s, 80) }

func shortenTo(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-3]) + "..."
}

// String describes a service as a finding quotes it: "Local setup API
// (https 8443, authentication pairing, encryption tls)".
func (s Service) String() string {
	port := ""
	if s.Port > 0 {
		port = fmt.Sprintf(" %d", s.Port)
	}
	return fmt.Sprintf("%s (%s%s, authentication %s, encryption %s)", s.Name, s.Protocol, port, s.Authentication, s.Encryption)
}
