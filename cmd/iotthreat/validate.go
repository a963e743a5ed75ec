package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/memtune"
	"github.com/iotthreat/iotthreat/model"
)

func newValidateCommand() *cobra.Command {
	var format string
	var opts analysis.Options
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check model files and report every problem with its location",
		Long: `validate loads each model file (with its includes) and reports every problem
as file:line:col: field: message, with a hint. It checks everything the
other commands check before they analyse: the model's own rules and the
--rules files are assembled with the built-in library (an id that clashes
with a built-in rule is an error) and compiled, and a --tracking file is
merged. Warnings (file:line:col: warning: …, such as hidden bidirectional
or zero-width characters in names and reasons) are printed but do not make
a file invalid. Exit status: 0 when all files are valid, 1 when any has
problems, 2 when a file cannot be read.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if format != "text" && format != "json" {
				return usageError("--format must be text or json, got %q", format)
			}
			if err := checkRulePaths(opts.RuleDirs); err != nil {
				return err
			}
			if err := checkTrackingPath(opts.TrackingFile); err != nil {
				return err
			}
			return validateFiles(cmd, files, format, opts)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().StringArrayVar(&opts.RuleDirs, "rules", nil, "extra rule file, or directory of rule files, to check with the model (repeatable)")
	cmd.Flags().BoolVar(&opts.NoBuiltin, "no-builtin", false, "check the model's rules without the built-in library, as analyze --no-builtin does")
	cmd.Flags().StringVar(&opts.TrackingFile, "tracking", "", "side file of triage decisions (tracking: …) to check with the model")
	return cmd
}

// validateResult is the JSON form of one file's validation.
type validateResult struct {
	File        string      `json:"file"`
	Valid       bool        `json:"valid"`
	Error       string      `json:"error"`
	Diagnostics diag.List   `json:"diagnostics"`
	Warnings    diag.List   `json:"warnings,omitempty"` // do not make the file invalid; left out when none
	Counts      modelCounts `json:"counts"`
}

type modelCounts struct {
	Elements   int `json:"elements"`
	Flows      int `json:"flows"`
	Boundaries int `json:"boundaries"`
	Data       int `json:"data"`
	Files      int `json:"files"`
}

func validateFiles(cmd *cobra.Command, files []string, format string, opts analysis.Options) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	code := exitOK
	results := make([]validateResult, 0, len(files))
	opts.Cache = engine.NewCache() // the library compiles once for all the files
	if len(files) > 0 {
		memtune.ForModel(files[0])
	}
	for _, file := range files {
		res := validateResult{File: file, Diagnostics: diag.List{}}
		loaded, diags, err := model.Load(file, model.Options{})
		if err == nil && len(diags) == 0 && checksRules(loaded, opts) {
			_, diags, err = analysis.Prepare(loaded, opts)
		}
		switch {
		case err != nil:
			res.Error = describeReadError(file, err, true)
			code = exitUsage
		case len(diags) > 0:
			res.Diagnostics = diags
			if code == exitOK {
				code = exitInvalid
			}
		default:
			res.Valid = true
		}
		if loaded != nil {
			res.Warnings = loaded.Warnings
			m := loaded.Model
			res.Counts = modelCounts{len(m.Elements), len(m.Flows), len(m.Boundaries), len(m.Data), len(m.Files)}
		}
		results = append(results, res)
		if format == "text" {
			printValidateText(out, errOut, res)
		}
	}
	if format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// checksRules says whether a valid model needs the rule set assembled and
// compiled to be checked as analyze checks it: when it has rules or a
// vocabulary of its own, threats (whose ids must not be a rule's), or
// rule or tracking files come with it. Without them there is nothing the
// built-in library, tested as it is, could clash with, and validate stays
// as fast as loading.
func checksRules(loaded *model.Loaded, opts analysis.Options) bool {
	m := loaded.Model
	v := &m.Vocabulary
	own := len(v.ElementKinds) + len(v.BoundaryKinds) + len(v.Protocols) + len(v.Controls) + len(v.Enums) + len(v.Standards)
	return len(m.Rules) > 0 || len(m.Threats) > 0 || own > 0 || len(opts.RuleDirs) > 0 || opts.TrackingFile != ""
}

func printValidateText(out, errOut interface{ Write([]byte) (int, error) }, res validateResult) {
	for _, d := range res.Warnings {
		fmt.Fprintln(errOut, d.String())
	}
	switch {
	case res.Error != "":
		fmt.Fprintf(errOut, "%s\n", res.Error)
	case !res.Valid:
		_ = printProblems(errOut, res.File, res.Diagnostics) // validateFiles sets the exit status
	default:
		c := res.Counts
		fmt.Fprintf(out, "%s: valid (%s, %s, %s, %s", res.File, count(c.Elements, "element", "elements"),
			count(c.Flows, "flow", "flows"), count(c.Boundaries, "boundary", "boundaries"), count(c.Data, "data asset", "data assets"))
		if c.Files > 1 {
			fmt.Fprintf(out, ", %d files", c.Files)
		}
		fmt.Fprintln(out, ")")
	}
}
