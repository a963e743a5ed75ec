package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

func newSchemaCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the model format",
		Long: `schema prints a JSON Schema (draft 2020-12) generated from the model types.
Point your editor at it (init writes it next to the model, and the model's
first line names it for the YAML language server) to get completion and checks.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := model.Schema(vocab.Builtin())
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			fmt.Fprintln(cmd.OutOrStdout(), string(s))
			return nil
		},
	}
}
