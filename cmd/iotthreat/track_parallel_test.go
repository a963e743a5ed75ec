package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/iotthreat/iotthreat/model"
)

// TestTrackParallelProcesses runs 50 `iotthreat track` processes at once
// on one model, each recording a decision on a different finding, as a
// script triaging a batch in parallel does. Every one must exit 0 and
// every decision must be in the file: before the edit lock, about a
// quarter of them were lost (each run renamed its copy over the others').
//
// The processes are this test binary under the name iotthreat, which
// TestMain (testscript.Main) dispatches to run(), as scripts' exec does.
func TestTrackParallelProcesses(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip("cannot find the test binary:", err)
	}
	bin := filepath.Join(t.TempDir(), "iotthreat")
	if err := os.Symlink(exe, bin); err != nil {
		t.Skip("cannot link the test binary:", err)
	}
	dir := t.TempDir()
	const modelText = "# parallel triage\r\niotthreat: 1\r\nsystem: {name: Acme}\r\nelements:\r\n  - {id: lock, kind: device}\r\ntracking:\r\n  IOT-PAR-000@lock: {status: open}   # kept\r\n"
	if err := os.WriteFile(filepath.Join(dir, "m.yaml"), []byte(modelText), 0o640); err != nil {
		t.Fatal(err)
	}
	const n = 50
	cmds := make([]*exec.Cmd, n)
	outs := make([]*bytes.Buffer, n)
	for i := range n {
		outs[i] = new(bytes.Buffer)
		cmds[i] = exec.Command(bin, "track", "m.yaml", fmt.Sprintf("IOT-PAR-%03d@lock", i+1),
			"--status", "false-positive", "--reason", "r", "--date", "2026-11-26")
		cmds[i].Dir = dir
		cmds[i].Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
	}
	start := time.Now()
	for i, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatalf("process %d: %v", i+1, err)
		}
	}
	for i, c := range cmds {
		err := c.Wait()
		want := fmt.Sprintf("added IOT-PAR-%03d@lock in m.yaml: false-positive\n", i+1)
		if err != nil || !bytes.HasPrefix(outs[i].Bytes(), []byte(want)) {
			t.Errorf("process %d: %v\n%s", i+1, err, outs[i])
		}
	}
	t.Logf("%d processes took %v", n, time.Since(start).Round(time.Millisecond))

	loaded, diags, err := model.Load(filepath.Join(dir, "m.yaml"), model.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("the model no longer loads: %v %v", err, diags)
	}
	for i := range n + 1 {
		id := fmt.Sprintf("IOT-PAR-%03d@lock", i)
		if _, ok := loaded.Model.Tracking[id]; !ok {
			t.Errorf("decision on %s lost", id)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "m.yaml"))
	if got, want := bytes.Count(data, []byte("\r\n")), bytes.Count(data, []byte("\n")); got != want || want != 8+n-1 {
		t.Errorf("%d of %d lines end in CRLF, want all %d", got, want, 8+n-1)
	}
	if st, err := os.Stat(filepath.Join(dir, "m.yaml")); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("mode changed: %v %v", st.Mode().Perm(), err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
		t.Errorf("files left behind: %v", leftovers)
	}
}
