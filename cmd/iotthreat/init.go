package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/scaffold"
	"github.com/iotthreat/iotthreat/vocab"
)

func newInitCommand() *cobra.Command {
	var name string
	var force, list bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a starting model (the IoT reference architecture by default)",
		Long: `init writes DIR/iotthreat.yaml, a complete and commented model of the IoT
reference architecture (or of the template named by --template), and
DIR/iotthreat.schema.json, which editors use to complete and check fields.
DIR defaults to the current directory. Existing files are kept unless --force.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if list {
				for _, n := range scaffold.Names() {
					t, _ := scaffold.Get(n)
					fmt.Fprintf(cmd.OutOrStdout(), "%-12s %s\n", n, t.Summary)
				}
				return nil
			}
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			t, err := scaffold.Get(name)
			if err != nil {
				return usageError("%v", err)
			}
			schema, err := model.Schema(vocab.Builtin())
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			written, err := scaffold.Write(dir, t, schema, force)
			if err != nil {
				return usageError("%v", err)
			}
			for _, p := range written {
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", filepath.ToSlash(p))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "next: iotthreat validate %s\n", filepath.ToSlash(filepath.Join(dir, scaffold.ModelFile)))
			return nil
		},
	}
	cmd.Flags().StringVarP(&name, "template", "t", scaffold.Default, "template to write; --list shows them")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite existing files")
	cmd.Flags().BoolVar(&list, "list", false, "list the templates and exit")
	return cmd
}
