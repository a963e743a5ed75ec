package triage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const base = `# Acme lock model
iotthreat: 1
system: {name: Acme}   # the product
elements:
  - {id: lock, kind: device}   # front door
`

func write(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "model.yaml")
	if err := os.WriteFile(path, []byte(text), 0o640); err != nil {
		t.Fatal(err)
	}
	return path
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var accept = Decision{Finding: "IOT-HW-001@lock", Status: "accepted", Reason: `Ports potted; "verified" by lab`, Until: "2027-06-30", By: "alice"}

func TestRecordAddsSectionKeepingTheRest(t *testing.T) {
	path := write(t, base)
	res, err := Record(path, "", accept)
	if err != nil || res.Replaced {
		t.Fatalf("Record: %v %+v", err, res)
	}
	want := base + "\ntracking:\n" + `  IOT-HW-001@lock: {status: accepted, reason: "Ports potted; \"verified\" by lab", by: "alice", until: 2027-06-30}` + "\n"
	if got := read(t, path); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("permissions changed to %v", info.Mode().Perm())
	}
}

func TestRecordReplacesEntryInBlock(t *testing.T) {
	text := base + `tracking:
  # reviewed 2026-10
  IOT-HW-001@lock:
    status: in-progress
    ticket: SEC-1
  IOT-FW-003@lock: {status: open}   # keep
rules: []
`
	path := write(t, text)
	res, err := Record(path, "", accept)
	if err != nil || !res.Replaced {
		t.Fatalf("Record: %v %+v", err, res)
	}
	got := read(t, path)
	want := strings.Replace(text, "  IOT-HW-001@lock:\n    status: in-progress\n    ticket: SEC-1\n",
		`  IOT-HW-001@lock: {status: accepted, reason: "Ports potted; \"verified\" by lab", by: "alice", until: 2027-06-30}`+"\n", 1)
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRecordFillsEmptySection(t *testing.T) {
	path := write(t, base+"tracking: {}   # none yet\nrules: []\n")
	if _, err := Record(path, "", Decision{Finding: "IOT-FW-003@*", Status: "in-progress"}); err != nil {
		t.Fatal(err)
	}
	want := base + "tracking:  # none yet\n  IOT-FW-003@*: {status: in-progress}\nrules: []\n"
	if got := read(t, path); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRecordSideFile(t *testing.T) {
	dir := t.TempDir()
	side := filepath.Join(dir, "triage.yaml")
	if _, err := Record("", side, accept); err != nil {
		t.Fatal(err)
	}
	if _, err := Record("", side, Decision{Finding: "IOT-HW-001@lock", Status: "false-positive", Reason: "no port"}); err != nil {
		t.Fatal(err)
	}
	got := read(t, side)
	if strings.Count(got, "IOT-HW-001@lock") != 1 || !strings.Contains(got, "false-positive") {
		t.Errorf("side file:\n%s", got)
	}
}

func TestDecisionIsChecked(t *testing.T) {
	for _, d := range []Decision{
		{Finding: "iot-hw-001@lock", Status: "open"},
		{Finding: "IOT-HW-001@lock", Status: "ignored"},
		{Finding: "IOT-HW-001@lock", Status: "accepted"},
		{Finding: "IOT-HW-001@lock", Status: "open", Until: "next year"},
	} {
		if err := d.Check(); err == nil {
			t.Errorf("%+v accepted", d)
		}
	}
}

// A model reached through a symbolic link is edited where it lives; the
// link stays a link.
func TestRecordFollowsSymlink(t *testing.T) {
	real := write(t, base)
	link := filepath.Join(t.TempDir(), "model.yaml")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("cannot make a symbolic link here:", err)
	}
	if _, err := Record(link, "", accept); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st, err)
	}
	if got := read(t, real); !strings.Contains(got, "IOT-HW-001@lock: {status: accepted") {
		t.Errorf("the linked model was not edited:\n%s", got)
	}
}
