//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iotthreat/iotthreat/synth"
)

// TestGenerateInterrupted stops `generate -o` of the largest model with
// SIGINT, then SIGTERM, as soon as its temporary file appears: the command
// must remove it, leave no output, and exit 128 plus the signal's number.
// It runs the CLI in a child process, as a user's shell would.
func TestGenerateInterrupted(t *testing.T) {
	bin, err := exec.LookPath("iotthreat") // installed in $PATH by testscript.Main
	if err != nil {
		t.Skipf("iotthreat is not in $PATH: %v", err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(bin, "generate", "--elements", strconv.Itoa(synth.MaxElements), "-o", "big.yaml")
			cmd.Dir = dir
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if !waitForTemp(dir, 20*time.Second) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("no temporary file appeared; stderr:\n%s", stderr.String())
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 128+int(sig) {
				t.Errorf("exit: %v, want status %d", err, 128+int(sig))
			}
			if !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stderr.String(), "big.yaml was not written") {
				t.Errorf("stderr does not say what happened:\n%s", stderr.String())
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				t.Errorf("left behind: %s", e.Name())
			}
		})
	}
}

// waitForTemp polls dir until a temporary output file appears.
func waitForTemp(dir string, timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(m) > 0 {
			return true
		}
	}
	return false
}
