package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
	"github.com/iotthreat/iotthreat/internal/interoptest"
	"github.com/iotthreat/iotthreat/model"
)

// fakeFormats stand in for real formats, so that the import and export
// commands are tested whatever formats exist. "fake" converts by the
// file's first word (see fakeImport) and exports the system name and the
// finding count; "fake-out" only exports.
var fakeFormats = []interchange.Format{
	{Name: "fake", Title: "Fake test format", Extensions: []string{".fake"}, Import: fakeImport, Export: fakeExport},
	{Name: "fake-out", Title: "Fake export-only format", Extensions: []string{".out"}, Export: fakeExport},
}

// The test binary runs the CLI for the scripts too: with
// IOTTHREAT_TEST_FORMATS set (interchange_cli.txtar sets it) the fake
// formats are known there.
func init() {
	if os.Getenv("IOTTHREAT_TEST_FORMATS") != "" {
		interchangeFormats = append(interchangeFormats, fakeFormats...)
	}
}

// withFakeFormats makes the fake formats the only ones for one test, so
// that its expectations do not change as real formats are added.
func withFakeFormats(t *testing.T) {
	saved := interchangeFormats
	interchangeFormats = append([]interchange.Format(nil), fakeFormats...)
	t.Cleanup(func() { interchangeFormats = saved })
}

// fakeImport converts by the file's first word: "diag" gives a located
// problem, "nil" no model, "invalid" a model that does not validate (an
// importer bug), "warn" a model and a warning; anything else a small
// valid model with notes. A mapping file's element rules apply to the
// elements' kinds and ids ("fake type" and "name").
func fakeImport(file string, data []byte, opts interchange.Options) (*interchange.Import, diag.List) {
	word, _, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
	var diags diag.List
	switch word {
	case "diag":
		diags.Add(diag.Pos{File: file, Line: 1, Column: 1}, "cells[0]", "give the cell an id", "cell has no id")
		return nil, diags
	case "nil":
		return nil, nil
	case "warn":
		diags = append(diags, diag.Warn(diag.Pos{File: file, Line: 2, Column: 3}, "cells[1]", "", "cell style ignored"))
	}
	imp := interchange.New("Fake "+word, "fake file "+file)
	imp.Model.Boundaries = []model.Boundary{{ID: "home", Kind: "local-network"}}
	imp.Model.Elements = []model.Element{{ID: "lock", Kind: "device", Boundary: "home"}, {ID: "hub", Kind: "gateway", Boundary: "home"}}
	imp.Model.Flows = []model.Flow{{ID: "cmd", From: "hub", To: "lock", Protocol: "zigbee", Encryption: "link", Authentication: "shared-key"}}
	imp.Note("elements[lock]", "The fake format says nothing of the lock's firmware.")
	imp.Note("flows[cmd]", "Encryption link assumed.")
	for i := range imp.Model.Elements {
		e := &imp.Model.Elements[i]
		if m, ok := opts.Map.Element(interchange.Subject{What: "fake type", Text: e.Kind}, interchange.Subject{What: "name", Text: e.ID}); ok {
			e.Kind = m.Kind
			imp.Note("elements["+e.ID+"]", "kind %s %s.", m.Kind, m.Why())
		}
	}
	if word == "invalid" {
		imp.Model.Elements[0].Kind = "devise"
	}
	if word == "big" { // a small file whose model is large
		imp.Model.Elements[0].Description = strings.Repeat("long text ", 400)
	}
	return imp, diags
}

func fakeExport(w io.Writer, e interchange.Export) error {
	_, err := fmt.Fprintf(w, "fake export of %s by %s: %d findings\n", e.Loaded.Model.System.Name, strings.Fields(e.Producer)[0], len(e.Report.Findings))
	return err
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// import: convert, re-validate, write; keep an existing -o file unless
// --force; never replace the input; a conversion that does not validate is
// an importer bug, not a file to write.
func TestInterchangeImport(t *testing.T) {
	withFakeFormats(t)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "ok.fake", "ok\n")

	code, stdout, stderr := runCLI("import", "fake", "ok.fake")
	if code != exitOK || !strings.Contains(stdout, "\n  - {id: lock, kind: device, boundary: home}\n") {
		t.Fatalf("import to stdout: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "  # The fake format says nothing of the lock's firmware.\n  - {id: lock") {
		t.Errorf("note not above the element:\n%s", stdout)
	}
	wantSummary := "iotthreat: imported 2 elements, 1 flow, 1 boundary, 0 threats from ok.fake\n" +
		"iotthreat: 2 comments in the model mark what ok.fake did not say or the model cannot hold; review them\n"
	if stderr != wantSummary {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantSummary)
	}

	code, stdout, stderr = runCLI("import", "fake", "ok.fake", "-o", "model.yaml")
	if code != exitOK || stdout != "" {
		t.Fatalf("import -o: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "model.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, diags := model.Parse("model.yaml", data, model.Options{}); len(diags) > 0 {
		t.Errorf("written model does not validate: %s", diags.Error())
	}
	if code, _, _ := runCLI("validate", "model.yaml"); code != exitOK {
		t.Errorf("validate of the imported model: exit %d", code)
	}

	// An existing model is something people edit: kept without --force.
	code, _, stderr = runCLI("import", "fake", "ok.fake", "-o", "model.yaml")
	if code != exitUsage || !strings.Contains(stderr, "model.yaml") {
		t.Errorf("import over an existing file: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runCLI("import", "fake", "ok.fake", "-o", "model.yaml", "--force"); code != exitOK {
		t.Errorf("import --force: exit %d, stderr %q", code, stderr)
	}

	// The input is never the output, however named.
	code, _, stderr = runCLI("import", "fake", "ok.fake", "-o", "./ok.fake", "--force")
	if code != exitUsage || !strings.Contains(stderr, "ok.fake") {
		t.Errorf("import -o INPUT: exit %d, stderr %q", code, stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "ok.fake")); string(data) != "ok\n" {
		t.Errorf("input changed to %q", data)
	}
}

func TestInterchangeImportProblems(t *testing.T) {
	withFakeFormats(t)
	dir := t.TempDir()
	t.Chdir(dir)
	for name, text := range map[string]string{"diag.fake": "diag", "nil.fake": "nil", "invalid.fake": "invalid", "warn.fake": "warn"} {
		writeFile(t, dir, name, text)
	}
	cases := []struct {
		file   string
		code   int
		stderr []string
		stdout bool
	}{
		{"diag.fake", exitInvalid, []string{"diag.fake:1:1: cells[0]: cell has no id\n\thint: give the cell an id\n", "diag.fake: 1 problem\n"}, false},
		{"nil.fake", exitInvalid, []string{"this is a bug in the fake importer"}, false},
		{"invalid.fake", exitInvalid, []string{
			"iotthreat: invalid.fake: the converted model does not validate; this is a bug in the fake importer\n",
			"fake import:", `unknown element kind "devise"`, "fake import: 1 problem\n"}, false},
		{"warn.fake", exitOK, []string{"warn.fake:2:3: warning: cells[1]: cell style ignored", "imported 2 elements"}, true},
	}
	for _, c := range cases {
		code, stdout, stderr := runCLI("import", "fake", c.file)
		if code != c.code || (stdout != "") != c.stdout {
			t.Errorf("%s: exit %d, stdout %d bytes; want exit %d, stdout %v\nstderr:\n%s", c.file, code, len(stdout), c.code, c.stdout, stderr)
		}
		for _, want := range c.stderr {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", c.file, want, stderr)
			}
		}
	}
	// The -o file names the model in the re-validation's diagnostics.
	code, _, stderr := runCLI("import", "fake", "invalid.fake", "-o", "out.yaml")
	if code != exitInvalid || !strings.Contains(stderr, "out.yaml:") {
		t.Errorf("invalid with -o: exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.yaml")); err == nil {
		t.Error("an invalid conversion was written")
	}
}

// Files that cannot be read are usage or I/O errors (exit 2), worded as
// the other commands word them; a file over the size limit is the
// input's problem (exit 1), located.
func TestInterchangeImportUnreadable(t *testing.T) {
	withFakeFormats(t)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "big.fake", strings.Repeat("x", 2048))
	cases := []struct {
		file, stderr string
		code         int
	}{
		{"missing.fake", "iotthreat: missing.fake: no such file\n", exitUsage},
		{"adir", "iotthreat: adir: cannot read: it is a directory\n", exitUsage},
		{"/dev/null", "iotthreat: /dev/null: cannot read: not a regular file\n\thint: save the file to import first, then name it\n", exitUsage},
	}
	for _, c := range cases {
		code, stdout, stderr := runCLI("import", "fake", c.file)
		if code != c.code || stdout != "" || stderr != c.stderr {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d, stderr %q", c.file, code, stdout, stderr, c.code, c.stderr)
		}
	}
	saved := interchange.MaxInputBytes
	interchange.MaxInputBytes = 1024
	defer func() { interchange.MaxInputBytes = saved }()
	code, _, stderr := runCLI("import", "fake", "big.fake")
	want := "big.fake:1:1: file is larger than the 1024-byte import limit\n\thint: a threat model is a few megabytes at most; is this the right file?\nbig.fake: 1 problem\n"
	if code != exitInvalid || stderr != want {
		t.Errorf("too large: exit %d, stderr %q; want %q", code, stderr, want)
	}
	// A file under the limit whose model is over it is refused as a
	// property of the file, not as a bug in the importer, and nothing is
	// written.
	if err := os.WriteFile("small.fake", []byte("big\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	interchange.MaxInputBytes = 4000
	code, _, stderr = runCLI("import", "fake", "small.fake", "-o", "out.yaml")
	want = "bytes, more than the 4000 bytes a model file may be\n" +
		"\thint: split the source into several smaller models, or leave out what the threat model does not need\nsmall.fake: 1 problem\n"
	_, err := os.Stat("out.yaml")
	if code != exitInvalid || !strings.HasPrefix(stderr, "small.fake:1:1: the converted model would be ") || !strings.HasSuffix(stderr, want) || err == nil {
		t.Errorf("model too large: exit %d, stderr %q, out.yaml written: %v; want it to end %q", code, stderr, err == nil, want)
	}
}

// Unknown formats and unsupported directions are usage errors that say
// what there is; help lists the formats from interchangeFormats.
func TestInterchangeUsage(t *testing.T) {
	withFakeFormats(t)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "ok.fake", "ok")
	writeFile(t, dir, "m.yaml", validModel)
	cases := []struct {
		args   []string
		stderr string
	}{
		{[]string{"import", "nope", "ok.fake"}, "iotthreat: unknown format \"nope\"\n\thint: formats: fake (see 'iotthreat import --help')\n"},
		{[]string{"export", "nope", "m.yaml"}, "iotthreat: unknown format \"nope\"\n\thint: formats: fake, fake-out (see 'iotthreat export --help')\n"},
		{[]string{"import", "fake-out", "ok.fake"}, "iotthreat: fake-out cannot be imported: iotthreat supports export only for Fake export-only format\n\thint: formats that can be imported: fake\n"},
	}
	for _, c := range cases {
		code, stdout, stderr := runCLI(c.args...)
		if code != exitUsage || stdout != "" || stderr != c.stderr {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2, stderr %q", c.args, code, stdout, stderr, c.stderr)
		}
	}
	for _, args := range [][]string{{"import"}, {"import", "fake"}, {"import", "fake", "a", "b"}, {"export", "fake"}} {
		if code, _, stderr := runCLI(args...); code != exitUsage || !strings.Contains(stderr, "accepts 2 arg(s)") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	for _, cmd := range []string{"import", "export"} {
		code, stdout, _ := runCLI(cmd, "--help")
		if code != exitOK || !strings.Contains(stdout, "  fake          Fake test format (import, export; .fake)\n") ||
			!strings.Contains(stdout, "  fake-out      Fake export-only format (export only; .out)\n") {
			t.Errorf("%s --help: exit %d, lacks the formats:\n%s", cmd, code, stdout)
		}
	}
}

// export analyses like analyze (its flags work, an invalid model exits 1)
// and warns when -o has none of the format's extensions.
func TestInterchangeExport(t *testing.T) {
	withFakeFormats(t)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "m.yaml", validModel)
	writeFile(t, dir, "bad.yaml", invalidModel)

	code, stdout, stderr := runCLI("export", "fake", "m.yaml")
	if code != exitOK || !strings.HasPrefix(stdout, "fake export of Acme by iotthreat: ") || stderr != "" {
		t.Errorf("export: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = runCLI("export", "fake", "m.yaml", "-o", "out.fake")
	if code != exitOK || stderr != "" {
		t.Errorf("export -o out.fake: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI("export", "fake-out", "m.yaml", "-o", "out.txt")
	if code != exitOK || stderr != "iotthreat: warning: out.txt: Fake export-only format files usually end in .out\n" {
		t.Errorf("export -o out.txt: exit %d, stderr %q", code, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "out.txt")); err != nil || !strings.HasPrefix(string(data), "fake export of Acme") {
		t.Errorf("out.txt: %q, %v", data, err)
	}
	if code, _, stderr = runCLI("export", "fake", "bad.yaml"); code != exitInvalid || !strings.Contains(stderr, "bad.yaml: 1 problem") {
		t.Errorf("export of an invalid model: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runCLI("export", "fake", "m.yaml", "-o", "m.yaml"); code != exitUsage {
		t.Errorf("export -o MODEL: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runCLI("export", "fake", "m.yaml", "--today", "yesterday"); code != exitUsage {
		t.Errorf("export --today yesterday: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runCLI("export", "fake", "missing.yaml"); code != exitUsage || stderr != "iotthreat: missing.yaml: no such file\n" {
		t.Errorf("export of a missing model: exit %d, stderr %q", code, stderr)
	}
}

// --map reaches the importer: the fake format maps its elements' kinds
// and ids; a mapping file with problems stops the import before the
// file is read.
func TestInterchangeImportMap(t *testing.T) {
	withFakeFormats(t)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "ok.fake", "ok")
	writeFile(t, dir, "map.yaml", "elements:\n  hub: device\n")
	code, stdout, stderr := runCLI("import", "fake", "ok.fake", "--map", "map.yaml")
	if code != 0 || !strings.Contains(stdout, "{id: hub, kind: device, boundary: home}") ||
		!strings.Contains(stdout, `# kind device from the mapping file map.yaml (rule "hub" on line 2 matched its name`) {
		t.Errorf("exit %d, stderr %q, stdout\n%s", code, stderr, stdout)
	}
	writeFile(t, dir, "bad.yaml", "elements:\n  hub: gatway\n")
	code, stdout, stderr = runCLI("import", "fake", "missing.fake", "--map", "bad.yaml")
	want := "bad.yaml:2:8: elements[hub]: unknown element kind \"gatway\"\n\thint: did you mean \"gateway\"?\nbad.yaml: 1 problem\n"
	if code != exitInvalid || stdout != "" || stderr != want {
		t.Errorf("bad map: exit %d, stdout %q, stderr %q; want %q", code, stdout, stderr, want)
	}
}

// Under IOTTHREAT_REQUIRE_INTEROP=1 a script's [interop] condition fails
// where ../shared/interop is absent, rather than let [!interop] skip.
func TestInterchangeInteropRequired(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "go.mod", "module example.com/x\n")
	t.Chdir(dir)
	t.Setenv(interoptest.RequireEnv, "")
	if ok, err := interopCondition(); ok || err != nil {
		t.Errorf("not required: %v, %v; want false, nil", ok, err)
	}
	t.Setenv(interoptest.RequireEnv, "1")
	if ok, err := interopCondition(); ok || err == nil {
		t.Errorf("required: %v, %v; want an error", ok, err)
	}
}
