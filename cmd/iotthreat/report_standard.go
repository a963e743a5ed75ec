package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/document/publish"
	"github.com/iotthreat/iotthreat/document/regulatory"
)

// standardReport is what `report --standard` was asked for.
type standardReport struct {
	kind, format, output string
	noDiagram            bool
	flags                *analysisFlags
	wopts                publish.Options
}

// checkStandardReport refuses the flags that belong to the findings
// report only, and an unknown document, before any work is done.
func checkStandardReport(cmd *cobra.Command, kind string) error {
	if !slices.Contains(regulatory.Kinds, kind) {
		return usageErrorHint("--standard takes "+strings.Join(regulatory.Kinds, ", "),
			"--standard: unknown regulatory document %q", kind)
	}
	for _, name := range []string{"detail", "bom"} {
		if cmd.Flags().Changed(name) {
			return usageError("--%s is for the findings report; it does not apply with --standard", name)
		}
	}
	return nil
}

// runStandardReport writes a regulatory evidence document: it analyses
// the model as the findings report does, and hands the result to package
// regulatory and publish.
func runStandardReport(cmd *cobra.Command, model string, r standardReport) error {
	if err := checkStandardReport(cmd, r.kind); err != nil {
		return err
	}
	if err := r.flags.check(); err != nil {
		return err
	}
	if err := checkOutput(r.output, r.flags.output(model, nil)); err != nil {
		return err
	}
	if err := formatFromOutput(cmd, r.output, publish.RegulatoryFormatForFile, publish.RegulatoryFormats, &r.format); err != nil {
		return err
	}
	if !slices.Contains(publish.RegulatoryFormats, r.format) {
		return usageError("with --standard, --format must be %s, got %q", strings.Join(publish.RegulatoryFormats, ", "), r.format)
	}
	if publish.IsBinary(r.format) && toStdout(r.output) && isTerminal(cmd.OutOrStdout()) {
		return usageError("refusing to write %s to a terminal; use -o FILE.%s", strings.ToUpper(r.format), r.format)
	}
	r.flags.opts.KeepFacts = true // the document's architecture and paths use them
	res, err := r.flags.run(cmd, model)
	if err != nil {
		return err
	}
	drawn := publish.ShowsDiagram(r.format) && !r.noDiagram
	if drawn {
		useGraphvizCache(cmd.ErrOrStderr())
	}
	doc, err := regulatory.New(res.Model, res.Report, r.kind, regulatory.Options{Version: versionString(), Date: r.flags.today, NoDiagram: !drawn, Facts: res.Facts})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	r.wopts.Warn = func(msg string) {
		fmt.Fprintf(cmd.ErrOrStderr(), "iotthreat: warning: %s: %s\n", outputName(r.output, r.format), msg)
	}
	return writeOutput(cmd, r.output, r.flags.output(model, res.Model), func(w io.Writer, _ bool) error {
		return publish.WriteRegulatory(w, r.format, doc, r.wopts)
	})
}
