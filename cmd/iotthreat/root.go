package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes: what happened, for scripts and CI.
const (
	exitOK      = 0 // success; the model is valid
	exitInvalid = 1 // the model has problems
	exitUsage   = 2 // bad flags or arguments, or a file could not be read or written
)

// exitError carries an exit code through cobra's error return.
type exitError struct {
	code int
	err  error // printed when non-nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// usageErrorHint is usageError with a hint on the next line, shown the
// way diagnostics show theirs.
func usageErrorHint(hint, format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format+"\n\thint: %s", append(args, hint)...)}
}

// run executes the command line and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "iotthreat:", ee.err)
		}
		return ee.code
	}
	// Errors cobra raises itself: unknown commands and flags, wrong arguments.
	fmt.Fprintln(stderr, "iotthreat:", err)
	fmt.Fprintln(stderr, "run 'iotthreat --help' for usage")
	return exitUsage
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "iotthreat",
		Short: "Threat modeling as code for IoT systems",
		Long: `iotthreat reads a YAML description of an IoT system — devices, gateways,
the vendor's services, third-party services, mobile and web clients, the data
flows between them and the trust boundaries they cross — and reports what can
go wrong.

Start with 'iotthreat init demo', then 'iotthreat analyze demo/iotthreat.yaml'.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newInitCommand(), newValidateCommand(), newAnalyzeCommand(), newCheckCommand(), newTrackCommand(), newDiffCommand(), newPathsCommand(),
		newDiagramCommand(), newReportCommand(), newRulesCommand(), newSchemaCommand(), newGenerateCommand(), newVersionCommand(),
		newImportCommand(), newExportCommand(),
	)
	return root
}
