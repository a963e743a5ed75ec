package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/model"
)

// version is set at release builds with -ldflags "-X main.version=v1.2.3";
// otherwise the module version recorded by go install is used.
var version = ""

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the iotthreat version and the model format it reads",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "iotthreat %s (model format %d)\n", versionString(), model.FormatVersion)
			return nil
		},
	}
}

// versionString is the release version, the module version recorded by
// go install, or (devel).
func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
