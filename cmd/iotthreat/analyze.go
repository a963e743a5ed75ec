package main

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/report"
)

func newAnalyzeCommand() *cobra.Command {
	var format, output, today string
	var all bool
	var opts analysis.Options
	cmd := &cobra.Command{
		Use:   "analyze MODEL",
		Short: "Find the threats in a model and explain them",
		Long: `analyze evaluates the built-in rule library, the model's own rules and any
--rules directories against the model and lists the findings, worst first,
each with why it fired, why it got its severity, and what to do.

Formats: table (default; open findings), json (the complete findings
contract), markdown (for pull requests). Exit status: 0 when the analysis
ran (whatever it found; use 'check' to gate CI), 1 when the model or a rule
is invalid, 2 on usage or I/O errors.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" && format != "markdown" {
				return usageError("--format must be table, json or markdown, got %q", format)
			}
			opts.Engine = engine.Options{Today: today}
			res, diags, err := analysis.Run(args[0], opts)
			if err != nil {
				return usageError("%s", describeError(args[0], err))
			}
			if len(diags) > 0 {
				for _, d := range diags {
					fmt.Fprintln(cmd.ErrOrStderr(), d.String())
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", args[0], count(len(diags), "problem", "problems"))
				return &exitError{code: exitInvalid}
			}
			return writeOutput(cmd, output, func(w io.Writer, terminal bool) error {
				switch format {
				case "json":
					return report.JSON(w, res.Report)
				case "markdown":
					return report.Markdown(w, res.Report)
				}
				return report.Table(w, res.Report, report.TableOptions{Color: terminal, All: all})
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json or markdown")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&all, "all", false, "table: list mitigated, accepted and false-positive findings too")
	cmd.Flags().StringArrayVar(&opts.RuleDirs, "rules", nil, "directory of extra rule files (repeatable)")
	cmd.Flags().StringSliceVar(&opts.Only, "only", nil, "evaluate only these rule ids (comma-separated or repeated)")
	cmd.Flags().StringSliceVar(&opts.Disable, "disable", nil, "skip these rule ids (comma-separated or repeated)")
	cmd.Flags().BoolVar(&opts.NoBuiltin, "no-builtin", false, "evaluate only the model's own rules and --rules directories")
	cmd.Flags().StringVar(&today, "today", "", "date for expiring accepted risks, YYYY-MM-DD (default: today)")
	return cmd
}

// writeOutput runs write against stdout or the -o file. terminal says
// whether output goes to a terminal (for colour).
func writeOutput(cmd *cobra.Command, output string, write func(w io.Writer, terminal bool) error) error {
	if output == "" {
		out := cmd.OutOrStdout()
		terminal := false
		if f, ok := out.(*os.File); ok {
			terminal = isatty.IsTerminal(f.Fd())
		}
		if err := write(out, terminal); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		return nil
	}
	f, err := os.Create(output)
	if err != nil {
		return usageError("%v", err)
	}
	if err := write(f, false); err != nil {
		f.Close()
		return &exitError{code: exitUsage, err: err}
	}
	if err := f.Close(); err != nil {
		return usageError("%v", err)
	}
	return nil
}

func describeError(file string, err error) string {
	if os.IsNotExist(err) {
		return file + ": no such file"
	}
	return err.Error()
}
