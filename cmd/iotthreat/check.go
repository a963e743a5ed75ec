package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/report"
)

func newCheckCommand() *cobra.Command {
	var failOn string
	var strict bool
	var flags analysisFlags
	cmd := &cobra.Command{
		Use:   "check MODEL",
		Short: "Gate CI: fail when open findings reach a severity",
		Long: `check analyses the model and fails when any finding at or above --fail-on
is open or in progress (an acceptance past its until date counts as open).
It prints a one-line summary and the offending findings as file:line.

Exit status: 0 when nothing open reaches the threshold, 1 when something
does (or, with --strict, when a tracking entry matches no finding, or when
a rule fails on the model: the gate cannot pass without it), 2 on usage or
I/O errors or an invalid model.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(engine.Levels, failOn) {
				return usageError("--fail-on must be low, medium, high or critical, got %q", failOn)
			}
			res, err := flags.run(cmd, args[0])
			if err != nil {
				if ee, ok := err.(*exitError); ok && ee.code == exitInvalid {
					return &exitError{code: exitUsage} // an invalid model is an error, not a failed gate
				}
				return err
			}
			failing := report.Gate(res.Report, failOn)
			report.GateSummary(cmd.OutOrStdout(), res.Report, failOn, failing)
			orphans := res.Report.Orphaned
			for _, o := range orphans {
				fmt.Fprintf(cmd.OutOrStdout(), "%s:%d: tracking entry %s matches no finding\n", o.Source.File, o.Source.Line, o.ID)
			}
			if len(failing) > 0 || (strict && len(orphans) > 0) {
				return &exitError{code: exitInvalid}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&failOn, "fail-on", "high", "lowest severity that fails the check: low, medium, high or critical")
	cmd.Flags().BoolVar(&strict, "strict", false, "also fail when a tracking entry matches no finding")
	flags.register(cmd)
	return cmd
}
