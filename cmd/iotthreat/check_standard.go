package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/compliance"
)

// standardAliases are the short names --standard accepts besides a
// regulatory standard's own id: eu-cra is Annex I, en-18031 every part.
var standardAliases = map[string][]string{
	"eu-cra":   {"eu-cra-annex-i"},
	"en-18031": {"en-18031-1", "en-18031-2", "en-18031-3"},
}

// requirementGates are the --fail-on values with --standard, and the
// statuses each fails on.
var requirementGates = map[string][]string{
	compliance.Gap:     {compliance.Gap},
	compliance.Partial: {compliance.Gap, compliance.Partial},
}

// checkStandardFlags refuses a --fail-on that is not a requirement status
// when --standard is given.
func checkStandardFlags(standard, failOn string) error {
	if standard == "" {
		return nil
	}
	if _, ok := requirementGates[failOn]; !ok {
		return usageError("with --standard, --fail-on must be gap or partial, got %q", failOn)
	}
	return nil
}

// gateStandard prints each applicable requirement of the chosen standard
// whose status the gate fails on, then one summary line per standard, and
// reports whether the gate failed. An unknown standard is a usage error.
func gateStandard(w io.Writer, res *analysis.Result, standard, failOn string) (bool, error) {
	ids, ok := standardAliases[standard]
	if !ok {
		ids = []string{standard}
	}
	reqs := compliance.AssessRequirements(res.Model, res.Report)
	var known []string
	for _, s := range reqs.Standards {
		known = append(known, s.ID)
	}
	failed := false
	for _, id := range ids {
		var std *compliance.RequirementStandard
		for i := range reqs.Standards {
			if reqs.Standards[i].ID == id {
				std = &reqs.Standards[i]
			}
		}
		if std == nil {
			names := append(slices.Sorted(func(yield func(string) bool) {
				for k := range standardAliases {
					if !yield(k) {
						return
					}
				}
			}), known...)
			return false, usageError("--standard: unknown regulatory standard %q (one of %s)", standard, strings.Join(names, ", "))
		}
		n := 0
		for _, it := range std.Items {
			if slices.Contains(requirementGates[failOn], it.Status) && !hasChildItems(std, it.ID) {
				fmt.Fprintf(w, "%s %s: %s: %s\n", std.ID, it.ID, it.Status, it.Reason)
				n++
			}
		}
		failed = failed || n > 0
		var counts []string
		for _, s := range compliance.RequirementStatuses {
			counts = append(counts, fmt.Sprintf("%d %s", std.Counts[s], s))
		}
		verdict := "passes"
		if n > 0 {
			verdict = "FAILS"
		}
		fmt.Fprintf(w, "%s: %s (--fail-on %s %s)\n", std.ID, strings.Join(counts, ", "), failOn, verdict)
	}
	return failed, nil
}

func hasChildItems(std *compliance.RequirementStandard, id string) bool {
	return slices.ContainsFunc(std.Items, func(it compliance.Requirement) bool { return it.Parent == id })
}
