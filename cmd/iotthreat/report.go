package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/document"
	"github.com/iotthreat/iotthreat/document/publish"
	"github.com/iotthreat/iotthreat/document/regulatory"
)

func newReportCommand() *cobra.Command {
	var format, output, standard string
	var noDiagram bool
	var detail int
	var wopts publish.Options
	var flags analysisFlags
	cmd := &cobra.Command{
		Use:   "report MODEL",
		Short: "Write a report for people (HTML, PDF, CSV, XLSX) or regulatory evidence (--standard)",
		Long: fmt.Sprintf(`report analyses the model as 'analyze' does and writes a report to read,
share or file:

  html  one self-contained page that works offline: summary and charts, the
        diagram, the findings table with filters, sorting and search, the
        threats of each element, the mitigation checklist, and compliance
        coverage (ETSI EN 303 645, OWASP IoT Top 10 2018, NISTIR 8259A,
        OWASP ISVS)
  pdf   the same content on pages: cover, summary, diagram, findings,
        checklist, compliance
  csv   a row per finding with every field
  xlsx  the findings with filters, plus summary, checklist and compliance
        sheets

With --standard, report writes a regulatory evidence document instead
(docs/regulatory.md), as html, pdf, markdown, json or xlsx:

  eu-cra           the Cyber Resilience Act risk assessment (Art. 13,
                   Annex VII): product, architecture, and each Annex I
                   requirement with its applicability, implementation,
                   evidence, residual risk and gaps
  en-18031         the EN 18031 pre-fill: each asset in scope with a pass,
                   fail or not-applicable decision per requirement
  etsi-en-303-645  the EN 303 645 implementation conformance statement:
                   each provision supported or not, with the detail

Each is evidence prepared from the threat model, not a declaration of
conformity.

With -o and no --format, the file's extension (.html, .pdf, .csv, .xlsx;
with --standard also .md and .json) chooses the format. PDF and XLSX are
not written to a terminal. Models of more than %d elements get no
diagram (draw parts with 'diagram --focus'), and HTML and PDF write out
the --detail most severe findings in full (%d by default) and list the
rest; CSV and XLSX always hold every finding.

Exit status: 0 when the report was written, 1 when the model or a rule is
invalid, or a rule fails on the model (the report of the other rules' findings
is still written), 2 on usage or I/O errors.`, document.MaxDiagramElements, document.DefaultMaxDetailed),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("standard") {
				return runStandardReport(cmd, args[0], standardReport{kind: standard, format: format, output: output, noDiagram: noDiagram, flags: &flags})
			}
			if detail < 0 {
				return usageErrorHint("write 0 for every finding in full, or a positive number", "--detail must not be negative, got %d", detail)
			}
			if err := flags.check(); err != nil {
				return err
			}
			if err := checkOutput(output, flags.output(args[0], nil)); err != nil {
				return err
			}
			if err := formatFromOutput(cmd, output, publish.FormatForFile, publish.Formats, &format); err != nil {
				return err
			}
			if !slices.Contains(publish.Formats, format) {
				return usageError("--format must be %s, got %q", strings.Join(publish.Formats, ", "), format)
			}
			if publish.IsBinary(format) && toStdout(output) && isTerminal(cmd.OutOrStdout()) {
				return usageError("refusing to write %s to a terminal; use -o FILE.%s", strings.ToUpper(format), format)
			}
			flags.opts.KeepFacts = true // the document's paths and diagram use them
			res, err := flags.run(cmd, args[0])
			if err != nil {
				return err
			}
			drawn := publish.ShowsDiagram(format) && !noDiagram
			if drawn {
				useGraphvizCache(cmd.ErrOrStderr())
			}
			doc, err := document.New(res.Model, res.Report, document.Options{
				Version: versionString(), Date: flags.today, NoDiagram: !drawn, MaxDetailed: maxDetailed(detail), Facts: res.Facts,
			})
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			wopts.Warn = func(msg string) {
				fmt.Fprintf(cmd.ErrOrStderr(), "iotthreat: warning: %s: %s\n", outputName(output, format), msg)
			}
			return writeOutput(cmd, output, flags.output(args[0], res.Model), func(w io.Writer, _ bool) error {
				return publish.Write(w, format, doc, wopts)
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "html", "report format: "+strings.Join(publish.Formats, ", ")+"; with --standard: "+strings.Join(publish.RegulatoryFormats, ", "))
	cmd.Flags().StringVar(&standard, "standard", "", "write a regulatory evidence document instead: "+strings.Join(regulatory.Kinds, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&noDiagram, "no-diagram", false, "leave the diagram out")
	cmd.Flags().IntVar(&detail, "detail", document.DefaultMaxDetailed, "html, pdf: write out the N most severe findings in full and list the rest (0: all)")
	cmd.Flags().BoolVar(&wopts.CSV.BOM, "bom", false, "csv: start with a UTF-8 byte order mark, so that Excel reads non-ASCII text correctly")
	flags.register(cmd)
	return cmd
}

// outputName names the report in messages: the -o file, or the format
// when it goes to stdout.
func outputName(output, format string) string {
	if output != "" {
		return output
	}
	return strings.ToUpper(format) + " on stdout"
}

// maxDetailed turns the --detail flag (0: all; never negative, see RunE)
// into document.Options.MaxDetailed, where 0 means the default and a
// negative number means all.
func maxDetailed(flag int) int {
	if flag == 0 {
		return -1
	}
	return flag
}
