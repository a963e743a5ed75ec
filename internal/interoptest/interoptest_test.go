package interoptest

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder stands in for a test, recording how it ended.
type recorder struct {
	testing.TB
	fatal, skipped bool
}

func (r *recorder) Helper()           {}
func (r *recorder) Fatal(args ...any) { r.fatal = true }
func (r *recorder) Skip(args ...any)  { r.skipped = true }

// Where the samples are absent, a test skips, or fails under
// IOTTHREAT_REQUIRE_INTEROP=1; Check fails only then.
func TestMissing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if p := Path(); p != "" {
		t.Fatalf("Path() = %q in a module without samples beside it", p)
	}
	for _, required := range []string{"", "1"} {
		t.Setenv(RequireEnv, required)
		r := &recorder{TB: t}
		Dir(r)
		if r.fatal != (required == "1") || r.skipped == (required == "1") {
			t.Errorf("Dir with %s=%q: fatal %v, skipped %v", RequireEnv, required, r.fatal, r.skipped)
		}
		r = &recorder{TB: t}
		Check(r)
		if r.fatal != (required == "1") || r.skipped {
			t.Errorf("Check with %s=%q: fatal %v, skipped %v", RequireEnv, required, r.fatal, r.skipped)
		}
	}
}

// Path finds shared/interop beside the module root from a directory
// deep inside the module, when it holds expect.json.
func TestPath(t *testing.T) {
	root := t.TempDir()
	repo, set := filepath.Join(root, "main"), filepath.Join(root, "shared", "interop")
	for _, d := range []string{filepath.Join(repo, "a", "b"), set} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(repo, "go.mod"), filepath.Join(set, "expect.json")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(repo, "a", "b"))
	if got := Path(); got != set {
		t.Errorf("Path() = %q; want %q", got, set)
	}
	t.Setenv(RequireEnv, "1")
	r := &recorder{TB: t}
	if Dir(r) != set || r.fatal || r.skipped {
		t.Errorf("Dir: fatal %v, skipped %v", r.fatal, r.skipped)
	}
}
