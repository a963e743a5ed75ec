package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/interchange/drawio"
	"github.com/iotthreat/iotthreat/interchange/modelyaml"
	"github.com/iotthreat/iotthreat/interchange/otm"
	"github.com/iotthreat/iotthreat/interchange/threagile"
	"github.com/iotthreat/iotthreat/interchange/threatdragon"
	"github.com/iotthreat/iotthreat/interchange/tm7"
	"github.com/iotthreat/iotthreat/internal/outfile"
	"github.com/iotthreat/iotthreat/model"
)

// interchangeFormats are the other tools' formats import and export know,
// in the order help lists them. Each format package adds its Format here.
var interchangeFormats = []interchange.Format{
	// One line per format package, in the order help lists them.
	otm.Format,
	threagile.Format,
	threatdragon.Format,
	drawio.Format,
	tm7.Format,
}

// Directions a format may support, as help and errors name them.
const (
	dirImport = "import"
	dirExport = "export"
)

// supports says whether f can be used in direction.
func supports(f *interchange.Format, direction string) bool {
	if direction == dirImport {
		return f.Import != nil
	}
	return f.Export != nil
}

// formatDirections says which of import and export f supports.
func formatDirections(f *interchange.Format) string {
	switch {
	case f.Import != nil && f.Export != nil:
		return "import, export"
	case f.Import != nil:
		return "import only"
	case f.Export != nil:
		return "export only"
	}
	return "neither"
}

// formatList is the formats for help text: one line each, with its title,
// directions and usual extensions.
func formatList() string {
	if len(interchangeFormats) == 0 {
		return "  (none yet)\n"
	}
	var b strings.Builder
	for i := range interchangeFormats {
		f := &interchangeFormats[i]
		fmt.Fprintf(&b, "  %-13s %s (%s", f.Name, f.Title, formatDirections(f))
		if len(f.Extensions) > 0 {
			fmt.Fprintf(&b, "; %s", strings.Join(f.Extensions, " "))
		}
		b.WriteString(")\n")
	}
	return b.String()
}

// formatNames lists the names of the formats that support direction.
func formatNames(direction string) []string {
	var names []string
	for i := range interchangeFormats {
		if supports(&interchangeFormats[i], direction) {
			names = append(names, interchangeFormats[i].Name)
		}
	}
	return names
}

// findFormat returns the format named name for direction, or a usage
// error that lists what exists and what each format supports.
func findFormat(name, direction string) (*interchange.Format, error) {
	for i := range interchangeFormats {
		f := &interchangeFormats[i]
		if f.Name != name {
			continue
		}
		if !supports(f, direction) {
			other := formatNames(direction)
			hint := "no format can be " + direction + "ed yet"
			if len(other) > 0 {
				hint = "formats that can be " + direction + "ed: " + strings.Join(other, ", ")
			}
			return nil, usageErrorHint(hint, "%s cannot be %sed: iotthreat supports %s for %s", name, direction, formatDirections(f), f.Title)
		}
		return f, nil
	}
	names := formatNames(direction)
	hint := "no format can be " + direction + "ed yet"
	if len(names) > 0 {
		hint = "formats: " + strings.Join(names, ", ") + " (see 'iotthreat " + direction + " --help')"
	}
	return nil, usageErrorHint(hint, "unknown format %q", name)
}

func newImportCommand() *cobra.Command {
	var output, mapFile string
	var force bool
	cmd := &cobra.Command{
		Use:   "import FORMAT FILE",
		Short: "Convert another tool's threat model into an iotthreat model",
		Long: `import reads a threat model written by another tool and writes it as an
iotthreat model, laid out as a person would write it. Comments in the model
mark what the source did not say (and the importer chose a safe default
for) and what the source said that the model cannot hold: review them. A
summary of the conversion goes to stderr.

Formats:
` + formatList() + `
The model goes to stdout, or to the -o file; an existing -o file is kept
unless --force, as init keeps its files: a model is something people edit.
Files of more than 64 MiB are refused. The converted model is checked as
validate checks a model before it is written.

Component and zone types are free text in most formats; the importer
guesses each kind from the words of the type and the name, and says so in
a comment. --map FILE names a mapping file whose rules decide first:

  elements:               # type or name (any case; * for any run) → element kind
    "aws-lambda": support-service
    "*sensor*": device
  boundaries:
    "Public Cloud": vendor-cloud

The first rule, in file order, that matches an item's type or name gives
its kind; a rule that decided nothing is warned about on stderr.

Exit status: 0 when the model was written, 1 when the file or the mapping
file could not be converted (each problem is printed with its position),
2 on usage or I/O errors.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := findFormat(args[0], dirImport)
			if err != nil {
				return err
			}
			return runImport(cmd, f, args[1], output, mapFile, force)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the model to this file instead of stdout")
	cmd.Flags().StringVar(&mapFile, "map", "", "a mapping file of rules from types and names to element and boundary kinds")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing -o file")
	return cmd
}

// runImport converts file with format f, and the mapping file mapFile
// when not "", and writes the model.
func runImport(cmd *cobra.Command, f *interchange.Format, file, output, mapFile string, force bool) error {
	opts := outfile.Options{Inputs: []outfile.Input{{Path: file, Role: "the file to import"}}, Keep: !force}
	if mapFile != "" {
		opts.Inputs = append(opts.Inputs, outfile.Input{Path: mapFile, Role: "the mapping file"})
	}
	if err := checkOutput(output, opts); err != nil {
		return err
	}
	mapping, err := readMapping(cmd, mapFile)
	if err != nil {
		return err
	}
	data, err := readImportFile(cmd, file)
	if err != nil {
		return err
	}
	imp, diags := f.Import(file, data, interchange.Options{Map: mapping})
	if err := printProblems(cmd.ErrOrStderr(), file, onlyErrors(diags)); err != nil {
		return err
	}
	printWarnings(cmd.ErrOrStderr(), diags)
	printWarnings(cmd.ErrOrStderr(), mapping.Unused(f.Name))
	if imp == nil || imp.Model == nil {
		return &exitError{code: exitInvalid, err: fmt.Errorf("%s: the %s importer returned no model; this is a bug in the %s importer", file, f.Name, f.Name)}
	}
	if id := model.TooDeep(imp.Model); id != "" {
		return &exitError{code: exitInvalid, err: fmt.Errorf("%s: the source nests boundaries more than %d deep (at %q); an iotthreat model nests them at most %d deep: flatten the nesting in the source", file, model.MaxBoundaryDepth, id, model.MaxBoundaryDepth)}
	}
	out, err := modelyaml.Marshal(imp)
	if err != nil {
		return &exitError{code: exitInvalid, err: fmt.Errorf("%s: cannot write the converted model: %v; this is a bug in iotthreat", file, err)}
	}
	if err := printProblems(cmd.ErrOrStderr(), file, interchange.ModelTooLarge(file, len(out))); err != nil {
		return err
	}
	name := output
	if toStdout(output) {
		name = f.Name + " import"
	}
	loaded, problems := model.Parse(name, out, model.Options{})
	if errs := onlyErrors(problems); len(errs) > 0 || loaded == nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "iotthreat: %s: the converted model does not validate; this is a bug in the %s importer\n", file, f.Name)
		if err := printProblems(cmd.ErrOrStderr(), name, errs); err != nil {
			return err
		}
		return &exitError{code: exitInvalid}
	}
	if err := writeBytes(cmd, output, opts, out); err != nil {
		return err
	}
	printWarnings(cmd.ErrOrStderr(), loaded.Warnings) // hidden characters in the source's text, as validate shows them
	m := loaded.Model
	fmt.Fprintf(cmd.ErrOrStderr(), "iotthreat: imported %s, %s, %s, %s from %s\n",
		count(len(m.Elements), "element", "elements"), count(len(m.Flows), "flow", "flows"),
		count(len(m.Boundaries), "boundary", "boundaries"), count(len(m.Threats), "threat", "threats"), file)
	if n := noteCount(imp); n > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "iotthreat: %s in the model mark what %s did not say or the model cannot hold; review them\n",
			count(n, "comment", "comments"), file)
	}
	return nil
}

// noteCount counts the notes of an import, beside the head note every
// import has.
func noteCount(imp *interchange.Import) int {
	n := 0
	for path, notes := range imp.Notes {
		if path != "" {
			n += len(notes)
		}
	}
	return n
}

// onlyErrors is diags without the warnings: the diagnostics that stop a
// conversion.
func onlyErrors(diags diag.List) diag.List {
	var errs diag.List
	for _, d := range diags {
		if d.Severity != diag.Warning {
			errs = append(errs, d)
		}
	}
	return errs
}

// printWarnings writes the warnings among diags (an importer's remarks
// that do not stop the conversion).
func printWarnings(w io.Writer, diags diag.List) {
	for _, d := range diags {
		if d.Severity == diag.Warning {
			fmt.Fprintln(w, d.String())
		}
	}
}

// readMapping reads and checks the --map file; nil when path is "". An
// unreadable file is a usage or I/O error (exit 2); a file with problems
// prints them, located, and exits 1.
func readMapping(cmd *cobra.Command, path string) (*interchange.Mapping, error) {
	if path == "" {
		return nil, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, usageError("%s: cannot read: it is a directory", path)
	} else if err == nil && !st.Mode().IsRegular() {
		return nil, usageErrorHint("save the mapping file first, then name it", "%s: cannot read: not a regular file", path)
	}
	m, diags, err := interchange.ReadMapping(path)
	if err != nil {
		return nil, usageError("%s", describeReadError(path, err, true))
	}
	if err := printProblems(cmd.ErrOrStderr(), path, diags); err != nil {
		return nil, err
	}
	return m, nil
}

// readImportFile reads the file to import. A missing or unreadable file,
// a directory or a device is a usage or I/O error (exit 2), worded as the
// other commands word it; a file over the size limit is the input's
// problem (exit 1), located at its start as an oversized model is.
func readImportFile(cmd *cobra.Command, file string) ([]byte, error) {
	if st, err := os.Stat(file); err == nil && st.IsDir() {
		return nil, usageError("%s: cannot read: it is a directory", file)
	} else if err == nil && !st.Mode().IsRegular() {
		return nil, usageErrorHint("save the file to import first, then name it", "%s: cannot read: not a regular file", file)
	}
	data, err := interchange.ReadFile(file)
	if errors.Is(err, interchange.ErrTooLarge) {
		var diags diag.List
		diags.Add(diag.Pos{File: file, Line: 1, Column: 1}, "", "a threat model is a few megabytes at most; is this the right file?",
			"file is larger than the %d-byte import limit", interchange.MaxInputBytes)
		return nil, printProblems(cmd.ErrOrStderr(), file, diags)
	}
	if err != nil {
		return nil, usageError("%s", describeReadError(file, err, true))
	}
	return data, nil
}

func newExportCommand() *cobra.Command {
	var output string
	var flags analysisFlags
	cmd := &cobra.Command{
		Use:   "export FORMAT MODEL",
		Short: "Write a model and its findings in another tool's format",
		Long: `export analyses the model as 'analyze' does (the analysis flags apply) and
writes the model and its findings, with their status from tracking, in
another tool's format.

Formats:
` + formatList() + `
The file goes to stdout, or to the -o file; an -o file whose extension is
not one of the format's is written, with a warning.

Exit status: 0 when the file was written, 1 when the model or a rule is
invalid, or a rule fails on the model (the other rules' findings are still
written), 2 on usage or I/O errors.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := findFormat(args[0], dirExport)
			if err != nil {
				return err
			}
			return runExport(cmd, f, args[1], output, &flags)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	flags.register(cmd)
	return cmd
}

// runExport analyses the model at path and writes it with format f.
func runExport(cmd *cobra.Command, f *interchange.Format, path, output string, flags *analysisFlags) error {
	if err := flags.check(); err != nil {
		return err
	}
	if err := checkOutput(output, flags.output(path, nil)); err != nil {
		return err
	}
	if !toStdout(output) && len(f.Extensions) > 0 && !hasExtension(output, f.Extensions) {
		fmt.Fprintf(cmd.ErrOrStderr(), "iotthreat: warning: %s: %s files usually end in %s\n",
			output, f.Title, strings.Join(f.Extensions, " or "))
	}
	res, err := flags.run(cmd, path)
	if err != nil {
		return err
	}
	e := interchange.Export{Loaded: res.Model, Report: res.Report, Producer: "iotthreat " + versionString()}
	return writeOutput(cmd, output, flags.output(path, res.Model), func(w io.Writer, _ bool) error {
		return f.Export(w, e)
	})
}

// hasExtension says whether name ends in one of exts (".json", ".otm.json"),
// ignoring case.
func hasExtension(name string, exts []string) bool {
	base := strings.ToLower(filepath.Base(name))
	return slices.ContainsFunc(exts, func(ext string) bool { return strings.HasSuffix(base, strings.ToLower(ext)) })
}
