package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/internal/memtune"
	"github.com/iotthreat/iotthreat/internal/outfile"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/render"
)

func newDiagramCommand() *cobra.Command {
	var format, output, today, pathID string
	var opts render.Options
	var aopts analysis.Options
	cmd := &cobra.Command{
		Use:   "diagram MODEL",
		Short: "Draw the model as a data-flow diagram (SVG, PNG, DOT or Mermaid)",
		Long: fmt.Sprintf(`diagram draws the model as a data-flow diagram: trust boundaries as nested
boxes labelled with their name and kind, one shape per element kind, flows
labelled with their protocol and the data they carry, flows that cross a
boundary without encryption in dashed red, and elements coloured by their
worst open finding (analysed as 'analyze' does), with a legend.

Formats: svg (default), png, dot (Graphviz source), mermaid (a flowchart
GitHub renders in Markdown). With -o and no --format, the file's extension
(.svg, .png, .dot, .mmd) chooses the format. Nothing needs installing:
Graphviz runs inside iotthreat.

--plain draws the architecture without findings. --focus ELEMENT draws one
element, the elements it exchanges flows with, and those flows. --path AP-…
draws an attack path ('iotthreat paths') highlighted: its elements and
flows thick in blue, named in the legend. Beyond %d
flow lines the flows are not labelled (the SVG's tooltips keep protocol and
data); focus on an element to see its flows labelled.

Exit status: 0 when the diagram was written, 1 when the model or a rule is
invalid, or a rule fails on the model (the diagram is still drawn, coloured by
the other rules' findings), 2 on usage or I/O errors.`, render.MaxLabelledFlows),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkDateFlag("--today", today); err != nil {
				return err
			}
			if err := checkRulePaths(aopts.RuleDirs); err != nil {
				return err
			}
			if err := checkOutput(output, outfile.Options{Inputs: analysisInputs(args[0], "the model", nil, aopts)}); err != nil {
				return err
			}
			if err := formatFromOutput(cmd, output, render.FormatForFile, render.Formats, &format); err != nil {
				return err
			}
			if !validDiagramFormat(format) {
				return usageError("--format must be %s, got %q", strings.Join(render.Formats, ", "), format)
			}
			if pathID != "" && opts.Plain {
				return usageError("--path needs the findings: drop --plain")
			}
			if format == "png" && toStdout(output) && isTerminal(cmd.OutOrStdout()) {
				return usageError("refusing to write a PNG image to a terminal; use -o FILE.png")
			}
			loaded, err := loadDiagramModel(cmd, args[0])
			if err != nil {
				return err
			}
			if err := checkDiagramOptions(loaded, opts); err != nil {
				return err
			}
			var rep *engine.Report
			if !opts.Plain {
				aopts.Engine = engine.Options{Today: today}
				aopts.KeepFacts = true // drawing the flows uses them
				if rep, opts.Facts, err = analyseForDiagram(cmd, args[0], loaded, aopts); err != nil {
					return err
				}
				if pathID != "" {
					if opts.Path, err = diagramPath(loaded, opts.Facts, rep, pathID); err != nil {
						return err
					}
				}
			}
			if format == "svg" || format == "png" {
				useGraphvizCache(cmd.ErrOrStderr())
			}
			// Draw into memory first: a failure leaves no half-written file.
			var buf bytes.Buffer
			if err := render.Write(&buf, format, loaded, rep, opts); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			return writeBytes(cmd, output, outfile.Options{Inputs: analysisInputs(args[0], "the model", loaded, aopts)}, buf.Bytes())
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "svg", "output format: "+strings.Join(render.Formats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "draw the architecture only, without findings")
	cmd.Flags().StringVar(&opts.Focus, "focus", "", "draw only this element, its neighbours and their flows")
	cmd.Flags().StringVar(&pathID, "path", "", "draw this attack path (AP-…, from 'iotthreat paths') highlighted")
	cmd.Flags().StringVar(&opts.Direction, "direction", "", "layout direction: TB (top to bottom) or LR (left to right); default: chosen by the model's shape")
	cmd.Flags().StringArrayVar(&aopts.RuleDirs, "rules", nil, "extra rule file, or directory of rule files (repeatable)")
	cmd.Flags().BoolVar(&aopts.NoBuiltin, "no-builtin", false, "evaluate only the model's own rules and the --rules files")
	cmd.Flags().StringVar(&today, "today", "", "date for expiring accepted risks, YYYY-MM-DD (default: today)")
	return cmd
}

func validDiagramFormat(f string) bool {
	for _, x := range render.Formats {
		if f == x {
			return true
		}
	}
	return false
}

// loadDiagramModel loads a model, printing its problems as validate does.
func loadDiagramModel(cmd *cobra.Command, path string) (*model.Loaded, error) {
	memtune.ForModel(path)
	loaded, diags, err := model.Load(path, model.Options{})
	if err != nil {
		return nil, usageError("%s", describeReadError(path, err, false))
	}
	return loaded, printProblems(cmd.ErrOrStderr(), path, diags)
}

// analyseForDiagram runs the analysis for the finding colours, printing problems in
// the model's rules or --rules directories as analyze does. Rules that failed on
// some target are printed too, and the diagram is drawn with the other rules'
// findings before the command exits 1. The facts are the analysis's, when
// opts.KeepFacts asks for them.
func analyseForDiagram(cmd *cobra.Command, path string, loaded *model.Loaded, opts analysis.Options) (*engine.Report, *engine.Facts, error) {
	res, diags, err := analysis.RunLoaded(loaded, opts)
	if err != nil {
		return nil, nil, usageError("%v", err)
	}
	if err := printProblems(cmd.ErrOrStderr(), path, diags); err != nil {
		if res == nil {
			return nil, nil, err
		}
		failAfterOutput(cmd)
	}
	return res.Report, res.Facts, nil
}

// checkDiagramOptions reports an unknown --focus element (with a suggestion) and
// a bad --direction as usage errors, before any work is done.
func checkDiagramOptions(loaded *model.Loaded, opts render.Options) error {
	var fe *render.FocusError
	if err := render.CheckOptions(loaded, opts); errors.As(err, &fe) {
		return usageError("--focus: %v", fe)
	} else if err != nil {
		return usageError("%v", err)
	}
	return nil
}
