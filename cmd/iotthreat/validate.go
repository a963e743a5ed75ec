package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
)

func newValidateCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check model files and report every problem with its location",
		Long: `validate loads each model file (with its includes) and reports every problem
as file:line:col: field: message, with a hint. Exit status: 0 when all files
are valid, 1 when any has problems, 2 when a file cannot be read.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if format != "text" && format != "json" {
				return usageError("--format must be text or json, got %q", format)
			}
			return validateFiles(cmd, files, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// validateResult is the JSON form of one file's validation.
type validateResult struct {
	File        string      `json:"file"`
	Valid       bool        `json:"valid"`
	Error       string      `json:"error"`
	Diagnostics diag.List   `json:"diagnostics"`
	Counts      modelCounts `json:"counts"`
}

type modelCounts struct {
	Elements   int `json:"elements"`
	Flows      int `json:"flows"`
	Boundaries int `json:"boundaries"`
	Data       int `json:"data"`
	Files      int `json:"files"`
}

func validateFiles(cmd *cobra.Command, files []string, format string) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	code := exitOK
	results := make([]validateResult, 0, len(files))
	for _, file := range files {
		res := validateResult{File: file, Diagnostics: diag.List{}}
		loaded, diags, err := model.Load(file, model.Options{})
		switch {
		case err != nil:
			res.Error = describeReadError(file, err)
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

func printValidateText(out, errOut interface{ Write([]byte) (int, error) }, res validateResult) {
	switch {
	case res.Error != "":
		fmt.Fprintf(errOut, "%s\n", res.Error)
	case !res.Valid:
		for _, d := range res.Diagnostics {
			fmt.Fprintln(errOut, d.String())
		}
		fmt.Fprintf(errOut, "%s: %s\n", res.File, count(len(res.Diagnostics), "problem", "problems"))
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

func describeReadError(file string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("%s: no such file", file)
	}
	return fmt.Sprintf("%s: cannot read: %v", file, err)
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
