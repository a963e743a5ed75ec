package triage

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var open1 = Decision{Finding: "IOT-B-001@lock", Status: "open", Date: "2026-11-26"}

const open1Entry = "IOT-B-001@lock: {status: open, date: 2026-11-26}"

// An empty section written as null, or with an anchor or a tag, is a
// block mapping to add to, not flow style: the value goes, the anchor,
// tag and comment stay.
func TestRecordIntoEmptyOrAnchoredSection(t *testing.T) {
	for _, c := range []struct{ section, want string }{
		{"tracking: ~\n", "tracking:\n  " + open1Entry + "\n"},
		{"tracking: null   # later\n", "tracking:  # later\n  " + open1Entry + "\n"},
		{"tracking:\n", "tracking:\n  " + open1Entry + "\n"},
		{"tracking: &t\n    IOT-A-001@lock: {status: open}\n",
			"tracking: &t\n    IOT-A-001@lock: {status: open}\n    " + open1Entry + "\n"},
		{"tracking: &t {}\n", "tracking: &t\n  " + open1Entry + "\n"},
		{"tracking: !!map {}\n", "tracking: !!map\n  " + open1Entry + "\n"},
		{"tracking: &t ~\nrules: []\n", "tracking: &t\n  " + open1Entry + "\nrules: []\n"},
	} {
		path := write(t, base+c.section)
		if _, err := Record(path, "", open1); err != nil {
			t.Errorf("%q: %v", c.section, err)
			continue
		}
		if got := read(t, path); got != base+c.want {
			t.Errorf("%q gives:\n%s\nwant:\n%s", c.section, got, base+c.want)
		}
	}
}

// A section in flow style, on one line or several, is refused with a
// located message that names it, and the file is left alone. No message
// may carry a Go zero value such as <nil>.
func TestRecordRefusesFlowSections(t *testing.T) {
	for _, c := range []struct {
		section string
		d       Decision
		want    string
	}{
		{"tracking: {IOT-A-001@lock: {status: open}}\n", open1,
			":6:1: tracking: the section is written in flow style ({…})"},
		{"tracking: {\n  IOT-A-001@lock: {status: open},\n  IOT-A-002@lock: {status: open}\n}\n", open1,
			":6:1: tracking: the section is written in flow style ({…})"},
		{"tracking:\n  {IOT-A-001@lock: {status: open}}\n", open1,
			":7:3: tracking: the section is written in flow style ({…})"},
		{"tracking: {\n  IOT-A-001@lock: {status: open}, IOT-A-002@lock: {status: open}\n}\n",
			Decision{Finding: "IOT-A-001@lock", Status: "mitigated"},
			":7:3: tracking.IOT-A-001@lock: the entry does not have its line to itself in a flow mapping ({…})"},
		{"tracking: {\n  IOT-A-001@lock: {status: open,\n    reason: r},\n  IOT-A-002@lock: {status: open}\n}\n",
			Decision{Finding: "IOT-A-001@lock", Status: "mitigated"},
			":7:3: tracking.IOT-A-001@lock: the entry does not have its line to itself in a flow mapping ({…})"},
		{"tracking: {IOT-A-001@lock: {status: open}}\n",
			Decision{Finding: "IOT-A-001@lock", Status: "mitigated"},
			":6:1: tracking.IOT-A-001@lock: the entry does not start its line"},
		{"tracking:\n  ? IOT-A-001@lock\n  : {status: open}\n", Decision{Finding: "IOT-A-001@lock", Status: "mitigated"},
			":7:3: tracking.IOT-A-001@lock: the entry does not start its line"},
	} {
		path := write(t, base+c.section)
		_, err := Record(path, "", c.d)
		if err == nil {
			t.Errorf("%q: accepted:\n%s", c.section, read(t, path))
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, path+c.want) || !strings.Contains(msg, "\n\thint: ") || strings.Contains(msg, "<nil>") || strings.Contains(msg, "one line") {
			t.Errorf("%q: message\n%s\nwant it to start %s%s, with a hint", c.section, msg, path, c.want)
		}
		if got := read(t, path); got != base+c.section {
			t.Errorf("%q: file changed to\n%s", c.section, got)
		}
	}
}

// An entry replaced in place keeps the comment on its key's line and,
// inside a flow mapping written one entry per line, its comma.
func TestRecordReplaceKeepsCommentAndComma(t *testing.T) {
	mitigate := func(id string) Decision { return Decision{Finding: id, Status: "mitigated", Date: "2026-11-26"} }
	for _, c := range []struct {
		section string
		d       Decision
		want    string
	}{
		{"tracking: {\n  IOT-A-001@lock: {status: open},   # first\n  IOT-A-002@lock: {status: open}\n}\n", mitigate("IOT-A-001@lock"),
			"tracking: {\n  IOT-A-001@lock: {status: mitigated, date: 2026-11-26},   # first\n  IOT-A-002@lock: {status: open}\n}\n"},
		{"tracking: {\n  IOT-A-001@lock: {status: open},\n  IOT-A-002@lock: {status: open}\n}\n", mitigate("IOT-A-002@lock"),
			"tracking: {\n  IOT-A-001@lock: {status: open},\n  IOT-A-002@lock: {status: mitigated, date: 2026-11-26}\n}\n"},
		{"tracking:\n  IOT-A-001@lock:   # reviewed\n    status: open   # dropped with the block\n  IOT-A-002@lock: {status: open}\n", mitigate("IOT-A-001@lock"),
			"tracking:\n  IOT-A-001@lock: {status: mitigated, date: 2026-11-26}   # reviewed\n  IOT-A-002@lock: {status: open}\n"},
		{"tracking:\n  IOT-A-001@lock: {\n    status: open, reason: \"a } b\"\n  }\n  IOT-A-002@lock: {status: open}  # it's\n", mitigate("IOT-A-001@lock"),
			"tracking:\n  IOT-A-001@lock: {status: mitigated, date: 2026-11-26}\n  IOT-A-002@lock: {status: open}  # it's\n"},
	} {
		path := write(t, base+c.section)
		if _, err := Record(path, "", c.d); err != nil {
			t.Errorf("%q: %v", c.section, err)
			continue
		}
		if got := read(t, path); got != base+c.want {
			t.Errorf("%q gives:\n%s\nwant:\n%s", c.section, got, base+c.want)
		}
	}
}

// When the edited model does not load, the message gives the problem
// without a Go zero value (it once read "(<nil>model.yaml:7:3: …"), and
// the file is restored.
func TestRecordUndoMessage(t *testing.T) {
	for _, what := range []string{"not load", "lose entries"} {
		path := write(t, base+"tracking:\n  IOT-A-001@lock: {status: open}\n")
		before := read(t, path)
		bad := func([]string) ([]string, error) {
			if what == "not load" {
				return []string{"iotthreat: 1", "system: {name: Acme", ""}, nil
			}
			return strings.Split(base+"tracking:\n  "+open1Entry+"\n", "\n"), nil
		}
		original, perm, err := editFile(path, bad, nil)
		if err != nil {
			t.Fatal(err)
		}
		why := checkModel(path, map[string]bool{"IOT-A-001@lock": true}, open1.Finding)
		if why == "" || strings.Contains(why, "<nil>") || strings.Contains(why, "hint") {
			t.Errorf("%s: check says %q", what, why)
		}
		if what == "lose entries" && !strings.Contains(why, "IOT-A-001@lock would be lost") {
			t.Errorf("lost entry not named: %q", why)
		}
		if err := writeAtomically(path, original, perm); err != nil || read(t, path) != before {
			t.Errorf("restore: %v", err)
		}
	}
}

// A CRLF model stays CRLF, the added lines and the section included, and
// so does a file without a final line break; a LF file stays LF.
func TestRecordKeepsLineEndings(t *testing.T) {
	crlf := strings.ReplaceAll(base, "\n", "\r\n")
	for _, c := range []struct{ name, text, want string }{
		{"crlf, no section", crlf, crlf + "\r\ntracking:\r\n  " + open1Entry + "\r\n"},
		{"crlf, no final break", strings.TrimSuffix(crlf, "\r\n"), crlf + "\r\ntracking:\r\n  " + open1Entry + "\r\n"},
		{"crlf, section", crlf + "tracking: {}\r\nrules: []\r\n", crlf + "tracking:\r\n  " + open1Entry + "\r\nrules: []\r\n"},
		{"crlf, replace", crlf + "tracking:\r\n  IOT-B-001@lock:\r\n    status: accepted\r\n    reason: x\r\n", crlf + "tracking:\r\n  " + open1Entry + "\r\n"},
		{"lf", base + "tracking: ~\n", base + "tracking:\n  " + open1Entry + "\n"},
	} {
		path := write(t, c.text)
		if _, err := Record(path, "", open1); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := read(t, path); got != c.want {
			t.Errorf("%s: got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// In a file that mixes endings, lines the edit does not touch keep
// theirs; new lines take the most common one.
func TestJoinKeepsUntouchedEndings(t *testing.T) {
	tx := splitText("a\r\nb\nc\r\nd\r\n")
	got := tx.join([]string{"a", "b", "new", "c", "d", ""})
	if want := "a\r\nb\nnew\r\nc\r\nd\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := splitText("x\ny\r\n").join([]string{"x", "y", "z", ""}); got != "x\ny\r\nz\n" {
		t.Errorf("a tie takes LF: %q", got)
	}
}

// A read-only model, or side file, is refused as report -o refuses a
// read-only output, and left as it was (a rename would replace it: the
// directory is writable).
func TestRecordRefusesReadOnly(t *testing.T) {
	path := write(t, base)
	side := filepath.Join(filepath.Dir(path), "triage.yaml")
	if _, err := Record("", side, open1); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ model, side, hint string }{
		{path, "", "or record decisions in a separate file with --tracking FILE"},
		{"", side, "or name another file with --tracking"},
	} {
		file := c.model + c.side
		before := read(t, file)
		if err := os.Chmod(file, 0o444); err != nil {
			t.Fatal(err)
		}
		_, err := Record(c.model, c.side, Decision{Finding: "IOT-B-002@lock", Status: "open"})
		want := "cannot write " + file + ": the file is read-only\n\thint: make it writable (chmod u+w " + file + "), " + c.hint
		if err == nil || err.Error() != want {
			t.Errorf("Record on a read-only file: %v\nwant %s", err, want)
		}
		if st, _ := os.Stat(file); read(t, file) != before || st.Mode().Perm() != 0o444 {
			t.Errorf("read-only %s was changed (mode %v)", file, st.Mode().Perm())
		}
	}
}

// Concurrent Records on one model each keep their entry: the edits are
// serialised by the lock (a lock per open file, so goroutines exclude
// each other as processes do). cmd/iotthreat tests the same with 50
// processes.
func TestRecordConcurrently(t *testing.T) {
	for _, side := range []bool{false, true} {
		path := write(t, base)
		sideFile := ""
		if side {
			sideFile = filepath.Join(filepath.Dir(path), "triage.yaml")
		}
		const n = 12
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = Record(path, sideFile, Decision{Finding: fmt.Sprintf("IOT-P-%03d@lock", i), Status: "open"})
			})
		}
		wg.Wait()
		got := read(t, path)
		if side {
			got = read(t, sideFile)
		}
		for i := range n {
			if errs[i] != nil {
				t.Errorf("side file %v: Record %d: %v", side, i, errs[i])
			}
			if !strings.Contains(got, fmt.Sprintf("IOT-P-%03d@lock: {status: open}", i)) {
				t.Errorf("side file %v: entry %d lost:\n%s", side, i, got)
			}
		}
	}
}

// A lock held beyond the wait is reported by name, and nothing is written.
func TestRecordLockTimeout(t *testing.T) {
	path := write(t, base)
	old := lockWait
	lockWait = 100 * time.Millisecond
	defer func() { lockWait = old }()
	unlock, err := lockForEdit(path)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	_, err = Record(path, "", open1)
	if err == nil || !strings.HasPrefix(err.Error(), "another iotthreat track is editing "+path+"; try again\n\thint: ") {
		switch runtime.GOOS {
		case "darwin", "dragonfly", "freebsd", "linux", "netbsd", "openbsd":
			t.Errorf("Record on a locked model: %v", err)
		default:
			t.Skipf("no locks on %s: %v", runtime.GOOS, err)
		}
	}
	if read(t, path) != base {
		t.Error("the model was written while locked")
	}
}
