package modeldiff

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/iotthreat/iotthreat/internal/reveal"
)

// SummaryLine is a one-line count of the changes: findings new, resolved
// and changed, open findings before and after, model items added, removed
// and changed.
func SummaryLine(d *Diff) string {
	s := d.Summary
	return fmt.Sprintf("findings: %d new, %d resolved, %d changed (open %d → %d); model: %d added, %d removed, %d changed",
		s.NewFindings, s.ResolvedFindings, s.ChangedFindings, d.Old.Summary.Open, d.New.Summary.Open,
		s.Added, s.Removed, s.Changed)
}

// modelLine is one model change for people: "+ elements[cam]",
// "~ flows[up]: encryption none → tls".
type modelLine struct {
	mark   string // +, - or ~
	item   string // elements[cam], system
	detail string // the field change, for ~
}

// modelLines lists the model changes section by section: the system, then
// each section's added, removed and changed items.
func modelLines(m ModelChanges) []modelLine {
	var out []modelLine
	for _, f := range m.System {
		out = append(out, modelLine{"~", "system", fieldText(f)})
	}
	for _, f := range m.Product {
		out = append(out, modelLine{"~", "product", fieldText(f)})
	}
	for _, f := range m.AttackPaths {
		out = append(out, modelLine{"~", "attack_paths", fieldText(f)})
	}
	for _, s := range m.Sections() {
		for _, id := range s.Changes.Added {
			out = append(out, modelLine{"+", itemName(s.Name, id), ""})
		}
		for _, id := range s.Changes.Removed {
			out = append(out, modelLine{"-", itemName(s.Name, id), ""})
		}
		for _, c := range s.Changes.Changed {
			for _, f := range c.Fields {
				out = append(out, modelLine{"~", itemName(s.Name, c.ID), fieldText(f)})
			}
		}
	}
	return out
}

func itemName(section, id string) string { return section + "[" + id + "]" }

// fieldText is "encryption none → tls", or for a list
// "controls +secure-boot -debug".
func fieldText(f FieldChange) string {
	if !f.IsList() {
		return f.Field + " " + valueText(f.Old, maxValue) + " → " + valueText(f.New, maxValue)
	}
	parts := []string{f.Field}
	for _, x := range f.Added {
		parts = append(parts, "+"+valueText(x, 0))
	}
	for _, x := range f.Removed {
		parts = append(parts, "-"+valueText(x, 0))
	}
	return strings.Join(parts, " ")
}

// maxValue is how many characters of a single value (a description, a
// condition) the table and Markdown show; JSON has them all. List items
// are short and shown whole.
const maxValue = 60

// valueText shows a value on one line: (unset) when empty, quoted when it
// has spaces, control or hidden characters (a bidirectional control or a
// zero-width space, which then show as escapes), shortened to limit
// characters (0: no limit).
func valueText(s string, limit int) string {
	if s == "" {
		return "(unset)"
	}
	if r := []rune(s); limit > 0 && len(r) > limit {
		s = string(r[:limit-1]) + "…"
	}
	if strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' || reveal.Hidden(r)
	}) >= 0 {
		return reveal.String(strconv.Quote(s))
	}
	return s
}
