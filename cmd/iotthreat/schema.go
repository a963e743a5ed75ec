package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/internal/outfile"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

func newSchemaCommand() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the model format",
		Long: `schema prints a JSON Schema (draft 2020-12) generated from the model types,
or writes it to the -o file. Point your editor at it (init writes it next to
the model, and the model's first line names it for the YAML language server)
to get completion and checks. The schema is derived, not edited, so -o
replaces an existing file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(output, outfile.Options{}); err != nil {
				return err
			}
			s, err := model.Schema(vocab.Builtin())
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			return writeOutput(cmd, output, outfile.Options{}, func(w io.Writer, _ bool) error {
				if _, err := w.Write(s); err != nil {
					return err
				}
				_, err := io.WriteString(w, "\n")
				return err
			})
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}
