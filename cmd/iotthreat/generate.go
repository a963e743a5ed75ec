package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/synth"
)

func newGenerateCommand() *cobra.Command {
	var opts synth.Options
	var output string
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Write a synthetic IoT model of a given size (for benchmarks and load tests)",
		Long: `generate writes a realistic synthetic model: sites of devices behind
gateways, the vendor's services, third parties, clients and users, about three
flows per element. The same --elements and --seed always give the same model.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(output); err != nil {
				return err
			}
			if opts.Elements < 1 {
				return usageError("--elements must be positive")
			}
			return writeOutput(cmd, output, func(w io.Writer, _ bool) error { return synth.Generate(w, opts) })
		},
	}
	cmd.Flags().IntVar(&opts.Elements, "elements", 1000, "approximate number of elements")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}
