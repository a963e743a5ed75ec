// Package interoptest finds the conformance set of other tools' sample
// files (../shared/interop beside the repository: OTM, Threat Dragon and
// Threagile files, their schemas, and expect.json with the counts a
// faithful import reproduces) for the interchange tests. The set is not
// in the repository, so the tests that read it skip where it is absent;
// CI sets IOTTHREAT_REQUIRE_INTEROP=1, which makes that a failure, as
// IOTTHREAT_REQUIRE_CHROMIUM does for the browser tests. It is imported
// only by tests.
package interoptest

import (
	"os"
	"path/filepath"
	"testing"
)

// RequireEnv is the variable that makes a missing conformance set fail
// the tests that need it instead of skipping them.
const RequireEnv = "IOTTHREAT_REQUIRE_INTEROP"

// Required says whether RequireEnv is set to 1.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Path is the absolute path of the conformance set, or "" when it is
// absent: shared/interop beside the directory of the repository's go.mod,
// found by walking up from the working directory (a package's directory
// under go test), holding expect.json.
func Path() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
	set := filepath.Join(filepath.Dir(dir), "shared", "interop")
	if st, err := os.Stat(filepath.Join(set, "expect.json")); err != nil || !st.Mode().IsRegular() {
		return ""
	}
	return set
}

// Dir returns the conformance set's path. Where it is absent, t skips,
// or fails when RequireEnv is set.
func Dir(t testing.TB) string {
	t.Helper()
	dir := Path()
	if dir == "" {
		Missing(t, "../shared/interop is absent")
	}
	return dir
}

// Missing ends t for a sample it cannot read (why says which): a skip,
// or a failure when RequireEnv is set, so CI never passes without the
// samples.
func Missing(t testing.TB, why ...any) {
	t.Helper()
	if Required() {
		t.Fatal(append([]any{RequireEnv + "=1, but the interop samples are missing:"}, why...)...)
		return
	}
	t.Skip(why...)
}

// Check fails t when RequireEnv is set and the conformance set is
// absent, and does nothing otherwise: for tests that use the samples
// when they are there and stand without them (fuzz seeds).
func Check(t testing.TB) {
	t.Helper()
	if Required() && Path() == "" {
		t.Fatal(RequireEnv + "=1, but ../shared/interop is absent")
	}
}
