package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/internal/outfile"
	"github.com/iotthreat/iotthreat/synth"
)

func newGenerateCommand() *cobra.Command {
	var opts synth.Options
	var output string
	var force bool
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Write a synthetic IoT model of a given size (for benchmarks and load tests)",
		Long: `generate writes a realistic synthetic model: sites of devices behind
gateways, the vendor's services, third parties, clients and users, about three
flows per element. The same --elements and --seed always give the same model.

The model is written as it is made, in constant memory. --elements is at
most ` + thousands(synth.MaxElements) + `: a larger model would pass the 64 MiB that
the other commands read. An existing -o file is kept unless --force, as
init keeps its files: a model is something people edit.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Elements < 1 {
				return usageError("--elements must be positive")
			}
			if opts.Elements > synth.MaxElements {
				return usageErrorHint("the other commands read models of up to 64 MiB; split a larger system into models joined with include:",
					"--elements %d is more than %d, the most that makes a model the other commands can read", opts.Elements, synth.MaxElements)
			}
			out := outfile.Options{Keep: !force}
			if err := checkOutput(output, out); err != nil {
				return err
			}
			return writeOutput(cmd, output, out, func(w io.Writer, _ bool) error { return synth.Generate(w, opts) })
		},
	}
	cmd.Flags().IntVar(&opts.Elements, "elements", 1000, "approximate number of elements (at most "+thousands(synth.MaxElements)+")")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing -o file")
	return cmd
}
