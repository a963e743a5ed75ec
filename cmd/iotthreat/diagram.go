package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/render"
)

func newDiagramCommand() *cobra.Command {
	var format, output, today string
	var opts render.Options
	var aopts analysis.Options
	cmd := &cobra.Command{
		Use:   "diagram MODEL",
		Short: "Draw the model as a data-flow diagram (SVG, PNG, DOT or Mermaid)",
		Long: `diagram draws the model as a data-flow diagram: trust boundaries as nested
boxes labelled with their name and kind, one shape per element kind, flows
labelled with their protocol and the data they carry, flows that cross a
boundary without encryption in dashed red, and elements coloured by their
worst open finding (analysed as 'analyze' does), with a legend.

Formats: svg (default), png, dot (Graphviz source), mermaid (a flowchart
GitHub renders in Markdown). With -o and no --format, the file's extension
(.svg, .png, .dot, .mmd) chooses the format. Nothing needs installing:
Graphviz runs inside iotthreat.

--plain draws the architecture without findings; --focus ELEMENT draws one
element, its neighbours and the flows between them, for large models.

Exit status: 0 when the diagram was written, 1 when the model or a rule is
invalid, 2 on usage or I/O errors.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") {
				if f := render.FormatForFile(output); f != "" {
					format = f
				}
			}
			if !validFormat(format) {
				return usageError("--format must be %s, got %q", strings.Join(render.Formats, ", "), format)
			}
			loaded, rep, err := diagramInput(cmd, args[0], opts.Plain, aopts, today)
			if err != nil {
				return err
			}
			if format == "png" && output == "" && isTerminal(cmd.OutOrStdout()) {
				return usageError("refusing to write a PNG image to a terminal; use -o FILE.png")
			}
			if err := checkFocus(loaded, opts); err != nil {
				return err
			}
			return writeOutput(cmd, output, func(w io.Writer, _ bool) error {
				return render.Write(w, format, loaded, rep, opts)
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "svg", "output format: "+strings.Join(render.Formats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "draw the architecture only, without findings")
	cmd.Flags().StringVar(&opts.Focus, "focus", "", "draw only this element, its neighbours and their flows")
	cmd.Flags().StringVar(&opts.Direction, "direction", "", "layout direction: TB (top to bottom) or LR (left to right); default: chosen by the model's shape")
	cmd.Flags().StringArrayVar(&aopts.RuleDirs, "rules", nil, "directory of extra rule files (repeatable)")
	cmd.Flags().BoolVar(&aopts.NoBuiltin, "no-builtin", false, "evaluate only the model's own rules and --rules directories")
	cmd.Flags().StringVar(&today, "today", "", "date for expiring accepted risks, YYYY-MM-DD (default: today)")
	return cmd
}

func validFormat(f string) bool {
	for _, x := range render.Formats {
		if f == x {
			return true
		}
	}
	return false
}

// diagramInput loads the model and, unless the diagram is plain, analyses
// it. Problems in the model or rules are printed as validate prints them.
func diagramInput(cmd *cobra.Command, path string, plain bool, aopts analysis.Options, today string) (*model.Loaded, *engine.Report, error) {
	loaded, diags, err := model.Load(path, model.Options{})
	if err == nil && len(diags) == 0 && !plain {
		aopts.Engine = engine.Options{Today: today}
		var res *analysis.Result
		res, diags, err = analysis.RunLoaded(loaded, aopts)
		if res != nil {
			return loaded, res.Report, nil
		}
	}
	switch {
	case err != nil:
		return nil, nil, usageError("%s", describeError(path, err))
	case len(diags) > 0:
		for _, d := range diags {
			fmt.Fprintln(cmd.ErrOrStderr(), d.String())
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", path, count(len(diags), "problem", "problems"))
		return nil, nil, &exitError{code: exitInvalid}
	}
	return loaded, nil, nil
}

// checkFocus reports an unknown --focus element (and a bad --direction)
// as a usage error before any output file is created.
func checkFocus(loaded *model.Loaded, opts render.Options) error {
	var fe *render.FocusError
	if err := render.CheckOptions(loaded, opts); errors.As(err, &fe) {
		return usageError("--focus: %v", fe)
	} else if err != nil {
		return usageError("%v", err)
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}
