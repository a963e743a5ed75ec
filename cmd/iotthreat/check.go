package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/report"
)

func newCheckCommand() *cobra.Command {
	var failOn, failOnPath, standard string
	var strict bool
	var flags analysisFlags
	cmd := &cobra.Command{
		Use:   "check MODEL",
		Short: "Gate CI: fail when open findings reach a severity",
		Long: `check analyses the model and fails when any finding at or above --fail-on
is open or in progress (an acceptance past its until date counts as open).
It prints a one-line summary and the offending findings as file:line.
With --fail-on-path LEVEL it also fails while an attack path of that risk
or worse exists ('iotthreat paths'), naming the worst paths.
With --standard eu-cra (or en-18031, or a regulatory standard's id) it
gates on requirements instead: --fail-on gap fails while an applicable
requirement has status gap, --fail-on partial also on partial
(docs/regulatory.md explains the statuses).

Exit status: 0 when nothing open reaches the threshold, 1 when something
does (or, with --strict, when a tracking entry matches no finding, or when
a rule fails on the model: the gate cannot pass without it), 2 on usage or
I/O errors or an invalid model.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkStandardFlags(standard, failOn); err != nil {
				return err
			}
			if standard == "" && !slices.Contains(engine.Levels, failOn) {
				return usageError("--fail-on must be low, medium, high or critical, got %q", failOn)
			}
			if err := checkPathFlag(failOnPath); err != nil {
				return err
			}
			flags.opts.KeepFacts = failOnPath != ""
			res, err := flags.run(cmd, args[0])
			if err != nil {
				if ee, ok := err.(*exitError); ok && ee.code == exitInvalid {
					return &exitError{code: exitUsage} // an invalid model is an error, not a failed gate
				}
				return err
			}
			// The requirement gate replaces the severity gate; the path
			// gate and --strict apply to either.
			var failed bool
			if standard != "" {
				failed, err = gateStandard(cmd.OutOrStdout(), res, standard, failOn)
				if err != nil {
					return err
				}
			} else {
				failing := report.Gate(res.Report, failOn)
				report.GateSummary(cmd.OutOrStdout(), res.Report, failOn, failing)
				failed = len(failing) > 0
			}
			orphans := res.Report.Orphaned
			for _, o := range orphans {
				fmt.Fprintf(cmd.OutOrStdout(), "%s:%d: tracking entry %s matches no finding\n", o.Source.File, o.Source.Line, o.ID)
			}
			pathFailed, err := gatePaths(cmd, res, failOnPath)
			if err != nil {
				return err
			}
			if failed || pathFailed || (strict && len(orphans) > 0) {
				return &exitError{code: exitInvalid}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&failOn, "fail-on", "high", "lowest severity that fails the check: low, medium, high or critical")
	cmd.Flags().StringVar(&failOnPath, "fail-on-path", "", "also fail while an attack path of this risk or worse exists: low, medium, high or critical")
	cmd.Flags().StringVar(&standard, "standard", "", "gate on a regulatory standard's requirements instead of severities: eu-cra, en-18031 or a standard id (with --fail-on gap or partial)")
	cmd.Flags().BoolVar(&strict, "strict", false, "also fail when a tracking entry matches no finding")
	flags.register(cmd)
	return cmd
}
