package main

import (
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/paths"
)

// pathFormats are the formats paths writes, in the order help lists them.
var pathFormats = []string{"table", "json", "markdown", "mermaid"}

// pathFormatForFile names the paths format a file's extension asks for.
func pathFormatForFile(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".md", ".markdown":
		return "markdown"
	case ".mmd", ".mermaid":
		return "mermaid"
	case ".txt":
		return "table"
	}
	return ""
}

func newPathsCommand() *cobra.Command {
	var format, output string
	var opts paths.Options
	var flags analysisFlags
	cmd := &cobra.Command{
		Use:   "paths MODEL",
		Short: "Chain the findings into attack paths, from where attackers start to what must be protected",
		Long: `paths analyses the model like 'analyze', then links the findings into
attack paths: from an entry point (the internet, radio range, a unit in
hand, the local network, a third party, an insider) to a target (secret
or sensitive data, safety-relevant actions, fleet command, updates,
signing keys). Each step names the finding (RULE@target) or the model
fact that allows it, and where in the YAML. Paths are ranked by risk,
and the choke points say which declared controls break the most of them.
docs/paths.md explains how to read them.

--from keeps entry points by id (radio:ble), kind (radio) or element;
--to keeps targets by id (data:signing-key), kind (data) or name
(signing-key); both are repeatable. Formats: table (default), json (the
paths contract), markdown, mermaid (a flowchart of the worst paths).
Exit status: 0 when the paths were computed (whatever they are), 1 when the
model or a rule is invalid, 2 on usage or I/O errors, or a --from/--to
that matches nothing.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := flags.check(); err != nil {
				return err
			}
			if opts.Max < 1 || opts.Max > paths.MaxPaths {
				return usageError("--max must be between 1 and %d, got %d", paths.MaxPaths, opts.Max)
			}
			if err := checkOutput(output, flags.output(args[0], nil)); err != nil {
				return err
			}
			if err := formatFromOutput(cmd, output, pathFormatForFile, pathFormats, &format); err != nil {
				return err
			}
			if !slices.Contains(pathFormats, format) {
				return usageError("--format must be table, json, markdown or mermaid, got %q", format)
			}
			flags.opts.KeepFacts = true
			res, err := flags.run(cmd, args[0])
			if err != nil {
				return err
			}
			progress := newProgress(cmd.ErrOrStderr())
			opts.Progress = progress.reporter("searching attack paths", thousands)
			result, err := paths.Find(res.Model, res.Facts, res.Report, opts)
			progress.clear()
			var sel *paths.SelectError
			if errors.As(err, &sel) {
				return usageErrorHint("run without "+sel.Flag+" to see every path, or pick one of the values listed", "%v", err)
			}
			if err != nil {
				return err
			}
			return writeOutput(cmd, output, flags.output(args[0], res.Model), func(w io.Writer, _ bool) error {
				switch format {
				case "json":
					return paths.JSON(w, result)
				case "markdown":
					return paths.Markdown(w, result)
				case "mermaid":
					return paths.Mermaid(w, result)
				}
				return paths.Table(w, result)
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown or mermaid")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().StringSliceVar(&opts.From, "from", nil, "keep only these entry points: id, kind or element (comma-separated or repeated)")
	cmd.Flags().StringSliceVar(&opts.To, "to", nil, "keep only these targets: id, kind or name (comma-separated or repeated)")
	cmd.Flags().IntVar(&opts.Max, "max", paths.DefaultMax, "report at most this many paths, worst first")
	flags.register(cmd)
	return cmd
}
