package main

import (
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/memtune"
	"github.com/iotthreat/iotthreat/internal/outfile"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/report"
)

// analysisFlags are the flags every command that analyses a model shares.
type analysisFlags struct {
	opts  analysis.Options
	today string
}

func (a *analysisFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&a.opts.RuleDirs, "rules", nil, "extra rule file, or directory of rule files (repeatable)")
	cmd.Flags().StringSliceVar(&a.opts.Only, "only", nil, "evaluate only these rule ids (comma-separated or repeated)")
	cmd.Flags().StringSliceVar(&a.opts.Disable, "disable", nil, "skip these rule ids (comma-separated or repeated)")
	cmd.Flags().BoolVar(&a.opts.NoBuiltin, "no-builtin", false, "evaluate only the model's own rules and the --rules files")
	cmd.Flags().StringVar(&a.opts.TrackingFile, "tracking", "", "side file of triage decisions (tracking: …) to merge into the model's")
	cmd.Flags().StringVar(&a.today, "today", "", "date for expiring accepted risks, YYYY-MM-DD (default: today)")
}

// run analyses the model, printing model or rule problems like validate.
// Rules that failed on some target are printed the same way, but the
// other rules' findings are returned: the command writes them, then exits
// 1 (see failAfterOutput).
func (a *analysisFlags) run(cmd *cobra.Command, path string) (*analysis.Result, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	memtune.ForModel(path)
	progress := newProgress(cmd.ErrOrStderr())
	a.opts.Model.Progress = progress.reporter("loading "+path, megabytes)
	a.opts.Engine = engine.Options{Today: a.today, Progress: progress.reporter("analyzing", thousands)}
	res, diags, err := analysis.Run(path, a.opts)
	progress.clear()
	if err != nil {
		return nil, usageError("%s", describeReadError(path, err, false))
	}
	if err := printProblems(cmd.ErrOrStderr(), path, diags); err != nil {
		if res != nil {
			failAfterOutput(cmd)
			return res, nil
		}
		return nil, err
	}
	return res, nil
}

// check refuses flags that are wrong whatever the model: a --today that is
// not a date, --rules or --tracking paths that cannot be read. They are
// usage errors (exit 2), never the model's problems.
func (a *analysisFlags) check() error {
	if err := checkDateFlag("--today", a.today); err != nil {
		return err
	}
	if err := checkRulePaths(a.opts.RuleDirs); err != nil {
		return err
	}
	return checkTrackingPath(a.opts.TrackingFile)
}

// output names the files an analysis of the model at path reads, which
// the -o file must not replace; loaded adds the included files once known.
func (a *analysisFlags) output(path string, loaded *model.Loaded) outfile.Options {
	return outfile.Options{Inputs: analysisInputs(path, "the model", loaded, a.opts)}
}

// failAfterOutput makes cmd exit 1 once it has written its output, for
// rules that failed at evaluation: their diagnostics are on stderr, and
// the output holds the other rules' findings. Cobra runs PostRunE only
// when RunE succeeded, so a failure to write the output keeps its own
// exit status.
func failAfterOutput(cmd *cobra.Command) {
	cmd.PostRunE = func(*cobra.Command, []string) error { return &exitError{code: exitInvalid} }
}

func newAnalyzeCommand() *cobra.Command {
	var format, output string
	var all, withPaths bool
	var flags analysisFlags
	cmd := &cobra.Command{
		Use:   "analyze MODEL",
		Short: "Find the threats in a model and explain them",
		Long: `analyze evaluates the built-in rule library, the model's own rules and any
--rules files against the model and lists the findings, worst first,
each with why it fired, why it got its severity, and what to do.

Formats: table (default; open findings), json (the complete findings
contract), markdown (for pull requests), sarif (SARIF 2.1.0 for code
scanning); with -o and no --format, the file's extension (.txt, .json,
.md, .sarif) chooses. --paths adds the attack paths to the SARIF, each as
a result with a code flow through its steps (docs/paths.md). Exit status: 0 when the analysis ran (whatever it found; use
'check' to gate CI), 1 when the model or a rule is invalid, or a rule fails
on the model (the other rules' findings are still written), 2 on usage or
I/O errors.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := flags.check(); err != nil {
				return err
			}
			if err := checkOutput(output, flags.output(args[0], nil)); err != nil {
				return err
			}
			if err := formatFromOutput(cmd, output, report.FindingsFormatForFile, report.FindingsFormats, &format); err != nil {
				return err
			}
			if !slices.Contains(report.FindingsFormats, format) {
				return usageError("--format must be table, json, markdown or sarif, got %q", format)
			}
			if withPaths && format != "sarif" {
				return usageErrorHint("use 'iotthreat paths' for the paths as a table, json, markdown or mermaid", "--paths needs --format sarif, got %q", format)
			}
			flags.opts.KeepFacts = withPaths
			res, err := flags.run(cmd, args[0])
			if err != nil {
				return err
			}
			sarifOpts := report.SARIFOptions{Version: versionString()}
			if withPaths {
				if sarifOpts.Paths, err = findPaths(res); err != nil {
					return err
				}
			}
			return writeOutput(cmd, output, flags.output(args[0], res.Model), func(w io.Writer, terminal bool) error {
				switch format {
				case "json":
					return report.JSON(w, res.Report)
				case "markdown":
					return report.Markdown(w, res.Report)
				case "sarif":
					return report.SARIF(w, res.Report, append(res.Rules.Definitions(), res.Model.Model.ThreatRules()...), sarifOpts)
				}
				return report.Table(w, res.Report, report.TableOptions{Color: terminal, All: all})
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown or sarif")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&withPaths, "paths", false, "sarif: add each attack path as a result whose code flow walks its steps")
	cmd.Flags().BoolVar(&all, "all", false, "table: list mitigated, accepted and false-positive findings too")
	flags.register(cmd)
	return cmd
}
