package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

func newRulesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List and explain the threat rules",
	}
	cmd.AddCommand(newRulesListCommand(), newRulesShowCommand())
	return cmd
}

// loadRules returns the built-in rules plus those of the given directories,
// assembled as analyze does (a duplicated id is an error). Problems in rule
// files are printed like validate's, then exit 1.
func loadRules(cmd *cobra.Command, dirs []string) ([]model.Rule, error) {
	for _, dir := range dirs {
		if _, err := os.Stat(dir); err != nil {
			return nil, usageError("--rules %s: %v", dir, err)
		}
	}
	all, diags := analysis.Library(&model.Model{}, dirs, true)
	if len(diags) > 0 {
		for _, d := range diags.Sort() {
			fmt.Fprintln(cmd.ErrOrStderr(), d.String())
		}
		return nil, &exitError{code: exitInvalid}
	}
	return all, nil
}

func newRulesListCommand() *cobra.Command {
	var f rules.Filter
	var format string
	var dirs []string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List rules, optionally filtered by kind, category or standard",
		Example: `  iotthreat rules list --kind device
  iotthreat rules list --category spoofing
  iotthreat rules list --standard etsi:5.1      # every rule citing an ETSI 5.1 provision
  iotthreat rules list --standard cwe:319 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageError("--format must be table or json, got %q", format)
			}
			all, err := loadRules(cmd, dirs)
			if err != nil {
				return err
			}
			selected := rules.Select(all, f)
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), selected)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTARGET\tCATEGORIES\tTITLE")
			for _, r := range selected {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, targetLabel(r), strings.Join(append(append([]string{}, r.STRIDE...), r.LINDDUN...), ","), r.Title)
			}
			tw.Flush()
			fmt.Fprintf(cmd.OutOrStdout(), "%s\n", count(len(selected), "rule", "rules"))
			return nil
		},
	}
	cmd.Flags().StringVar(&f.Kind, "kind", "", "element kind, or flow, boundary, data, system")
	cmd.Flags().StringVar(&f.Category, "category", "", "STRIDE or LINDDUN category (spoofing, linking, …)")
	cmd.Flags().StringVar(&f.Standard, "standard", "", "standard, optionally with an item: "+strings.Join(rules.StandardNames, ", ")+" (etsi:5.6-4)")
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.Flags().StringArrayVar(&dirs, "rules", nil, "directory of extra rule files (repeatable)")
	return cmd
}

func targetLabel(r model.Rule) string {
	if r.Target.Type == "element" && len(r.Target.Kinds) > 0 {
		return strings.Join(r.Target.Kinds, ",")
	}
	return r.Target.Type
}

func newRulesShowCommand() *cobra.Command {
	var format string
	var dirs []string
	cmd := &cobra.Command{
		Use:   "show RULE-ID",
		Short: "Show one rule in full: condition, scoring, mitigation, references",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			all, err := loadRules(cmd, dirs)
			if err != nil {
				return err
			}
			for _, r := range all {
				if strings.EqualFold(r.ID, args[0]) {
					if format == "json" {
						return writeJSON(cmd.OutOrStdout(), r)
					}
					showRule(cmd.OutOrStdout(), r)
					return nil
				}
			}
			ids := make([]string, len(all))
			for i, r := range all {
				ids[i] = r.ID
			}
			return usageError("unknown rule %q (%s)", args[0], diag.DidYouMean(strings.ToUpper(args[0]), ids))
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().StringArrayVar(&dirs, "rules", nil, "directory of extra rule files (repeatable)")
	return cmd
}

func showRule(w io.Writer, r model.Rule) {
	fmt.Fprintf(w, "%s  %s\n\n", r.ID, r.Title)
	if r.Description != "" {
		fmt.Fprintf(w, "%s\n\n", strings.TrimSpace(r.Description))
	}
	fmt.Fprintf(w, "target:      %s\n", targetLabel(r))
	fmt.Fprintf(w, "condition:   %s\n", strings.TrimSpace(r.Condition))
	fmt.Fprintf(w, "stride:      %s\n", strings.Join(r.STRIDE, ", "))
	fmt.Fprintf(w, "linddun:     %s\n", strings.Join(r.LINDDUN, ", "))
	fmt.Fprintf(w, "likelihood:  %s\n", r.Likelihood)
	fmt.Fprintf(w, "impact:      %s\n", r.Impact)
	fmt.Fprintf(w, "controls:    %s\n", strings.Join(r.Controls, ", "))
	fmt.Fprintf(w, "mitigation:  %s\n", strings.TrimSpace(r.Mitigation))
	refs := r.References
	fmt.Fprintf(w, "cwe:         %s\n", joinInts(refs.CWE, "CWE-"))
	fmt.Fprintf(w, "capec:       %s\n", joinInts(refs.CAPEC, "CAPEC-"))
	fmt.Fprintf(w, "owasp iot:   %s\n", strings.Join(refs.OWASPIoT, ", "))
	fmt.Fprintf(w, "etsi:        %s\n", strings.Join(refs.ETSI, ", "))
	fmt.Fprintf(w, "nistir 8259a: %s\n", strings.Join(refs.NISTIR8259, ", "))
	fmt.Fprintf(w, "isvs:        %s\n", strings.Join(refs.ISVS, ", "))
	fmt.Fprintf(w, "defined at:  %s\n", r.Src.Pos)
}

func joinInts(ns []int, prefix string) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprintf("%s%d", prefix, n)
	}
	return strings.Join(parts, ", ")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
