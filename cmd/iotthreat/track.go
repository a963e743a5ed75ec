package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/triage"
)

func newTrackCommand() *cobra.Command {
	var d triage.Decision
	var trackingFile string
	cmd := &cobra.Command{
		Use:   "track MODEL FINDING-ID --status STATUS [--reason TEXT] [--until DATE]",
		Short: "Record a triage decision on a finding, editing the YAML in place",
		Long: `track writes a decision on a finding (or RULE@* for every finding of a rule)
into the model's tracking: section, or into a side file with --tracking.
Only that entry's line changes: comments, order and formatting are kept.
accepted and false-positive need --reason; an acceptance can end (--until),
after which the finding is open again.`,
		Example: `  iotthreat track model.yaml IOT-BLE-002@app-setup-device --status accepted \
      --reason "setup happens once, inside the home" --until 2027-06-30 --by alice`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			d.Finding = args[1]
			if d.Date == "" {
				d.Date = time.Now().Format("2006-01-02")
			}
			if err := d.Check(); err != nil {
				return usageError("%v", err)
			}
			res, err := triage.Record(args[0], trackingFile, d)
			if err != nil {
				return usageError("%v", err)
			}
			verb := "added"
			if res.Replaced {
				verb = "updated"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s in %s: %s\n", verb, d.Finding, res.File, d.Status)
			warnPastUntil(cmd.ErrOrStderr(), d.Until)
			warnIfUnknown(cmd, args[0], trackingFile, d.Finding)
			return nil
		},
	}
	cmd.Flags().StringVar(&d.Status, "status", "", "open, in-progress, mitigated, accepted or false-positive (required)")
	cmd.Flags().StringVar(&d.Reason, "reason", "", "why (required for accepted and false-positive)")
	cmd.Flags().StringVar(&d.Until, "until", "", "acceptance end date, YYYY-MM-DD")
	cmd.Flags().StringVar(&d.By, "by", "", "who decided")
	cmd.Flags().StringVar(&d.Ticket, "ticket", "", "issue-tracker reference")
	cmd.Flags().StringVar(&d.Date, "date", "", "decision date, YYYY-MM-DD (default: today)")
	cmd.Flags().StringVar(&trackingFile, "tracking", "", "write to this tracking side file instead of the model")
	_ = cmd.MarkFlagRequired("status")
	return cmd
}

// warnIfUnknown notes on stderr when no current finding matches the id:
// the decision is recorded, but will be reported as orphaned.
func warnIfUnknown(cmd *cobra.Command, modelPath, trackingFile, id string) {
	res, diags, err := analysis.Run(modelPath, analysis.Options{TrackingFile: trackingFile})
	if err != nil || len(diags) > 0 {
		return
	}
	rule, target, _ := strings.Cut(id, "@")
	for _, f := range res.Report.Findings {
		if f.ID == id || (target == "*" && f.Rule == rule) {
			return
		}
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "note: no current finding matches %s; the entry will be reported as orphaned until one does\n", id)
}
