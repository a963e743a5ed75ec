package main

import (
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/outfile"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/modeldiff"
	"github.com/iotthreat/iotthreat/report"
)

func newDiffCommand() *cobra.Command {
	var format, output string
	var flags analysisFlags
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two versions of a model: findings and model changes",
		Long: `diff analyses two versions of a model and lists the findings that are new,
resolved, or changed in severity or status (matched by finding id
RULE@target), and the model changes behind them: data assets, boundaries,
elements, flows, triage decisions and the model's own rules added, removed
or changed, field by field.

OLD and NEW are files, or REV:path to read a file from a git revision of the
repository in the current directory (HEAD~1:model.yaml, main:models/lock.yaml;
:model.yaml is the index). Includes of a model read from git resolve in the
same revision. A path that exists on disk is a file even if it has a colon.
The analysis flags apply to both models.

Formats: table (default), json (every field present: findings in the
analyze contract, model changes field by field), markdown (a pull-request
comment). Exit status: 0 when the diff ran (whatever it found),
1 when either model or a rule is invalid, 2 on usage or I/O errors.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := flags.check(); err != nil {
				return err
			}
			if err := checkOutput(output, flags.diffOutput(args, nil, nil)); err != nil {
				return err
			}
			diffFormats := []string{"table", "json", "markdown"}
			if err := formatFromOutput(cmd, output, report.FindingsFormatForFile, diffFormats, &format); err != nil {
				return err
			}
			if !slices.Contains(diffFormats, format) {
				return usageError("--format must be table, json or markdown, got %q", format)
			}
			oldRes, newRes, err := flags.runBoth(cmd, args[0], args[1])
			if err != nil {
				return err
			}
			d := modeldiff.Compare(args[0], oldRes, args[1], newRes)
			return writeOutput(cmd, output, flags.diffOutput(args, oldRes, newRes), func(w io.Writer, terminal bool) error {
				switch format {
				case "json":
					return modeldiff.JSON(w, d)
				case "markdown":
					return modeldiff.Markdown(w, d)
				}
				return modeldiff.Table(w, d, modeldiff.TableOptions{Color: terminal})
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json or markdown")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	flags.register(cmd)
	return cmd
}

// diffOutput names the files diff reads (see analysisFlags.output): both
// models, once analysed with the files they include, and the tracking and
// rule files. A model read from git (REV:path) is no file on disk.
func (a *analysisFlags) diffOutput(specs []string, oldRes, newRes *analysis.Result) outfile.Options {
	var in []outfile.Input
	for i, res := range []*analysis.Result{oldRes, newRes} {
		var loaded *model.Loaded
		if res != nil {
			loaded = res.Model
		}
		in = append(in, analysisInputs(specs[i], []string{"the old model", "the new model"}[i], loaded, a.opts)...)
	}
	return outfile.Options{Inputs: in}
}

// runBoth analyses the two models named by specs (files or REV:path). The
// problems of both are printed, like validate, before giving up.
func (a *analysisFlags) runBoth(cmd *cobra.Command, oldSpec, newSpec string) (*analysis.Result, *analysis.Result, error) {
	a.opts.Engine = engine.Options{Today: a.today}
	a.opts.Cache = engine.NewCache() // the library compiles once for both models
	var results [2]*analysis.Result
	invalid := false
	for i, spec := range []string{oldSpec, newSpec} {
		res, diags, err := modeldiff.Analyze(spec, a.opts)
		if err != nil {
			return nil, nil, usageError("%s", describeReadError(spec, err, false))
		}
		if printProblems(cmd.ErrOrStderr(), spec, diags) != nil {
			invalid = true
		}
		results[i] = res
	}
	if invalid {
		return nil, nil, &exitError{code: exitInvalid}
	}
	return results[0], results[1], nil
}
