package main

import (
	"slices"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/paths"
)

// checkPathFlag validates check's --fail-on-path: empty (the path gate is
// off) or a level.
func checkPathFlag(level string) error {
	if level != "" && !slices.Contains(engine.Levels, level) {
		return usageError("--fail-on-path must be low, medium, high or critical, got %q", level)
	}
	return nil
}

// gatePaths runs check's path gate when --fail-on-path is set: it computes
// the attack paths as 'iotthreat paths' does (default bounds, every entry
// point and target), prints the summary and reports whether a path at or
// above level exists.
func gatePaths(cmd *cobra.Command, res *analysis.Result, level string) (bool, error) {
	if level == "" {
		return false, nil
	}
	result, err := findPaths(res)
	if err != nil {
		return false, err
	}
	failing := paths.Gate(result, level)
	if err := paths.GateSummary(cmd.OutOrStdout(), result, level, failing); err != nil {
		return false, err
	}
	return len(failing) > 0, nil
}

// findPaths computes the attack paths of an analysis with the default
// bounds and every entry point and target, for the commands that add
// paths to their output (check --fail-on-path, analyze --paths). Those
// commands keep the analysis's facts (KeepFacts); nil ones are derived.
func findPaths(res *analysis.Result) (*paths.Result, error) {
	return paths.Find(res.Model, res.Facts, res.Report, paths.Options{})
}
