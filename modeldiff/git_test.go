package modeldiff

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// gitRepo creates a git repository in a temporary directory and makes it
// the current directory.
func gitRepo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	git(t, "init", "-q")
}

func git(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	// The user's configuration (signing, hooks) must not matter.
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func commit(t *testing.T, msg string) {
	t.Helper()
	git(t, "add", "-A")
	git(t, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", msg)
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const gitRoot = `iotthreat: 1
system: {name: Acme Lock}
include: [parts/elements.yaml]
boundaries:
  - {id: door, kind: physical}
`

func elementIDs(l *model.Loaded) []string {
	var out []string
	for _, e := range l.Model.Elements {
		out = append(out, e.ID)
	}
	return out
}

func TestLoadRevision(t *testing.T) {
	gitRepo(t)
	write(t, "models/root.yaml", gitRoot)
	write(t, "models/parts/elements.yaml", "elements:\n  - {id: lock, kind: device, boundary: door}\n")
	commit(t, "v1")
	write(t, "models/parts/elements.yaml", "elements:\n  - {id: lock, kind: device, boundary: door}\n  - {id: hub, kind: gateway, boundary: door}\n")
	commit(t, "v2")
	// The working tree differs from both revisions.
	write(t, "models/parts/elements.yaml", "elements:\n  - {id: keypad, kind: device, boundary: door}\n")

	cases := []struct {
		spec  string
		ids   []string
		files []string
	}{
		{"HEAD~1:models/root.yaml", []string{"lock"}, []string{"HEAD~1:models/root.yaml", "HEAD~1:models/parts/elements.yaml"}},
		{"HEAD:models/root.yaml", []string{"lock", "hub"}, []string{"HEAD:models/root.yaml", "HEAD:models/parts/elements.yaml"}},
		{"models/root.yaml", []string{"keypad"}, []string{"models/root.yaml", "models/parts/elements.yaml"}},
	}
	for _, c := range cases {
		loaded, diags, err := Load(c.spec, model.Options{})
		if err != nil || len(diags) > 0 {
			t.Fatalf("Load(%s): %v %v", c.spec, err, diags)
		}
		if got := elementIDs(loaded); !reflect.DeepEqual(got, c.ids) {
			t.Errorf("Load(%s): elements %v, want %v", c.spec, got, c.ids)
		}
		if !reflect.DeepEqual(loaded.Model.Files, c.files) {
			t.Errorf("Load(%s): files %v, want %v", c.spec, loaded.Model.Files, c.files)
		}
	}

	// REV:./path is relative to the current directory, as in git.
	t.Chdir("models")
	loaded, diags, err := Load("HEAD~1:./root.yaml", model.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("Load(HEAD~1:./root.yaml): %v %v", err, diags)
	}
	if got := elementIDs(loaded); !reflect.DeepEqual(got, []string{"lock"}) {
		t.Errorf("Load(HEAD~1:./root.yaml): elements %v", got)
	}
}

func TestLoadRevisionErrors(t *testing.T) {
	gitRepo(t)
	write(t, "model.yaml", gitRoot)
	write(t, "parts/elements.yaml", "elements: []\n")
	write(t, "other.yaml", "iotthreat: 1\nsystem: {name: X}\ninclude: [untracked.yaml]\n")
	commit(t, "v1")
	write(t, "untracked.yaml", "elements: []\n")

	for _, c := range []struct{ spec, msg string }{
		{"HEAD:nope.yaml", "HEAD:nope.yaml: path 'nope.yaml' does not exist in 'HEAD'"},
		{"v9:model.yaml", "v9:model.yaml: invalid object name 'v9'"},
	} {
		_, _, err := Load(c.spec, model.Options{})
		if err == nil || err.Error() != c.msg {
			t.Errorf("Load(%s): error %v, want %q", c.spec, err, c.msg)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Load(%s): error %v does not match fs.ErrNotExist", c.spec, err)
		}
	}
	for _, spec := range []string{"HEAD:parts", "HEAD:", "-x:model.yaml"} {
		if _, _, err := Load(spec, model.Options{}); err == nil {
			t.Errorf("Load(%s) succeeded, want an error", spec)
		}
	}

	// An include is read from the revision, never from the working tree.
	_, diags, err := Load("HEAD:other.yaml", model.Options{})
	if err != nil || len(diags) != 1 || !strings.Contains(diags[0].Message, "cannot read included file HEAD:untracked.yaml: path 'untracked.yaml' exists on disk, but not in 'HEAD'") {
		t.Errorf("Load(HEAD:other.yaml) = %v, %v; want one diagnostic about the missing include", diags, err)
	}

	// A file on disk whose name has a colon is a file.
	write(t, "HEAD:odd.yaml", "iotthreat: 1\nsystem: {name: Odd}\n")
	loaded, diags, err := Load("HEAD:odd.yaml", model.Options{})
	if err != nil || len(diags) > 0 || loaded.Model.System.Name != "Odd" {
		t.Errorf("Load(HEAD:odd.yaml) from disk: %v %v", err, diags)
	}

	// Outside a repository, git says so. The ceiling keeps git from finding
	// a repository that happens to enclose the temporary directory.
	outside := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(outside))
	t.Chdir(outside)
	_, _, err = Load("HEAD:model.yaml", model.Options{})
	if err == nil || err.Error() != "HEAD:model.yaml: no such file, and no git repository here to read REV:path from" {
		t.Errorf("Load outside a repository: %v", err)
	}
}

// TestLoadRevisionLimit checks that a blob over the size limit is refused
// like an oversized file, after reading no more than the limit.
func TestLoadRevisionLimit(t *testing.T) {
	gitRepo(t)
	write(t, "big.yaml", "iotthreat: 1\nsystem: {name: Big}\n"+strings.Repeat("# padding\n", 50_000))
	commit(t, "big")
	limits := strictyaml.DefaultLimits
	limits.MaxBytes = 1000
	_, diags, err := Load("HEAD:big.yaml", model.Options{Limits: limits})
	if err != nil || len(diags) != 1 || !strings.Contains(diags[0].Message, "larger than the 1000-byte limit") {
		t.Errorf("Load(HEAD:big.yaml) = %v, %v; want the size limit diagnostic", diags, err)
	}
	data, err := GitFS{Rev: "HEAD", MaxBytes: 1000}.show("HEAD:big.yaml")
	if err != nil || len(data) != 1001 {
		t.Errorf("show read %d bytes (%v), want 1001", len(data), err)
	}
}
