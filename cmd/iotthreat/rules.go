package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

func newRulesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List and explain the threat rules",
	}
	cmd.AddCommand(newRulesListCommand(), newRulesShowCommand())
	return cmd
}

// loadRules returns the built-in rules plus those of the given files and
// directories, assembled as analyze does (a duplicated id is an error).
// Problems in rule files are printed like validate's, then exit 1.
func loadRules(cmd *cobra.Command, dirs []string) ([]model.Rule, error) {
	if err := checkRulePaths(dirs); err != nil {
		return nil, err
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
			var fe *rules.FilterError
			if err := f.Check(vocab.Builtin()); errors.As(err, &fe) {
				return usageErrorHint(fe.Hint, "%s", fe)
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
	cmd.Flags().StringArrayVar(&dirs, "rules", nil, "extra rule file, or directory of rule files (repeatable)")
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
			if diag.Suggest(strings.ToUpper(args[0]), ids) == "" {
				// Not a typo of a library rule: perhaps a model's own rule
				// or hand-written threat, which only a model holds.
				return usageErrorHint("rules show knows the built-in library and --rules files; a model's own rules and threats (threats: section) are reported with their findings by: iotthreat analyze MODEL --format json",
					"unknown rule %q (%s)", args[0], diag.OneOf(ids))
			}
			return usageError("unknown rule %q (%s)", args[0], diag.DidYouMean(strings.ToUpper(args[0]), ids))
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().StringArrayVar(&dirs, "rules", nil, "extra rule file, or directory of rule files (repeatable)")
	return cmd
}

// showRule prints a rule field by field, leaving out the fields the rule
// does not set: a privacy-neutral rule has no linddun: line.
func showRule(w io.Writer, r model.Rule) {
	fmt.Fprintf(w, "%s  %s\n\n", r.ID, r.Title)
	if d := strings.TrimSpace(r.Description); d != "" {
		fmt.Fprintf(w, "%s\n\n", d)
	}
	refs := r.References
	for _, f := range []struct{ name, value string }{
		{"target", targetLabel(r)},
		{"condition", strings.TrimSpace(r.Condition)},
		{"stride", strings.Join(r.STRIDE, ", ")},
		{"linddun", strings.Join(r.LINDDUN, ", ")},
		{"likelihood", r.Likelihood},
		{"impact", r.Impact},
		{"controls", strings.Join(r.Controls, ", ")},
		{"mitigation", strings.TrimSpace(r.Mitigation)},
		{"cwe", joinInts(refs.CWE, "CWE-")},
		{"capec", joinInts(refs.CAPEC, "CAPEC-")},
		{"owasp iot", strings.Join(refs.OWASPIoT, ", ")},
		{"etsi", strings.Join(refs.ETSI, ", ")},
		{"nistir 8259a", strings.Join(refs.NISTIR8259, ", ")},
		{"isvs", strings.Join(refs.ISVS, ", ")},
		{"defined at", r.Src.Pos.String()},
	} {
		if f.value != "" {
			fmt.Fprintf(w, "%-12s %s\n", f.name+":", f.value)
		}
	}
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
