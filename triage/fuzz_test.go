package triage

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/model"
)

// FuzzTrackEdit records a decision into arbitrary model (or side file)
// text. It must never panic. When Record succeeds, the file must load
// again, hold the new entry and every entry it held before, unchanged
// unless it was the one replaced, and a file whose lines all end in CRLF
// must still. When Record fails, the file must be as it was.
//
// pick chooses the decision: bit 0-1 a new id, the first existing id (a
// replacement) or a RULE@* id; bit 2 the side-file form (--tracking).
func FuzzTrackEdit(f *testing.F) {
	for _, s := range []string{
		base,
		strings.ReplaceAll(base, "\n", "\r\n"),
		strings.ReplaceAll(base+"tracking:\n  IOT-A-001@lock: {status: open}\n", "\n", "\r\n"),
		base + "tracking: ~\n",
		base + "tracking: null # none\nrules: []\n",
		base + "tracking: &t\n  IOT-A-001@lock: {status: open}\n",
		base + "tracking: &t {}\n",
		base + "tracking: {}   # none yet\n",
		base + "tracking: {IOT-A-001@lock: {status: open}}\n",
		base + "tracking: {\n  IOT-A-001@lock: {status: open},\n  IOT-A-002@lock: {status: open}\n}\n",
		base + "tracking:\n  {IOT-A-001@lock: {status: open}}\n",
		base + "tracking:\n  IOT-A-001@lock: {\n    status: open, reason: \"a } b\"\n  }\n  IOT-A-002@lock: {status: open}  # it's\n",
		base + "tracking:\n  # reviewed\n  IOT-A-001@lock:\n    status: in-progress   # see ticket\n    ticket: SEC-1\n\n  # later\nrules: []\n",
		base + "tracking:\n  ? IOT-A-001@lock\n  : {status: open}\n",
		base + "tracking:\n  'IOT-A-001@lock': {status: accepted, reason: 'it''s # fine'}\n",
		"# only a comment\r\ntracking:\n  IOT-A-001@lock: {status: open}\r\n",
		strings.TrimSuffix(base, "\n"),
	} {
		for pick := range 8 {
			f.Add(s, uint8(pick))
		}
	}
	f.Fuzz(func(t *testing.T, text string, pick uint8) {
		if len(text) > 1<<16 || strings.Contains(text, "include") {
			// include: could lead Record to edit a file outside the test
			// directory.
			return
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "model.yaml")
		modelPath, sideFile := path, ""
		if pick&4 != 0 {
			modelPath, sideFile = "", path
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		before, ok := entries(path, sideFile != "")
		d := Decision{Finding: "IOT-FZ-001@lock", Status: "mitigated", Date: "2026-11-26"}
		switch pick & 3 {
		case 1:
			ids := make([]string, 0, len(before))
			for id := range before {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			if len(ids) > 0 && findingID.MatchString(ids[0]) {
				d.Finding = ids[0]
			}
		case 2:
			d.Finding = "IOT-FZ-001@*"
		}
		_, err := Record(modelPath, sideFile, d)
		got, rerr := os.ReadFile(path)
		if rerr != nil {
			t.Fatal(rerr)
		}
		if err != nil {
			if string(got) != text {
				t.Fatalf("Record failed (%v) and changed the file to %q", err, got)
			}
			if strings.Contains(err.Error(), "<nil>") {
				t.Fatalf("message with a Go zero value: %v", err)
			}
			return
		}
		if !ok && sideFile == "" {
			t.Fatalf("Record edited a model that did not load")
		}
		after, ok := entries(path, sideFile != "")
		if !ok {
			t.Fatalf("after Record the file does not load:\n%s", got)
		}
		if e, ok := after[d.Finding]; !ok || e.Status != d.Status || e.Date != d.Date {
			t.Fatalf("new entry missing or wrong (%+v):\n%s", e, got)
		}
		for id, e := range before {
			if id == d.Finding {
				continue
			}
			a, ok := after[id]
			if !ok || decision(a) != decision(e) {
				t.Fatalf("entry %s lost or changed (%+v, was %+v):\n%s", id, a, e, got)
			}
		}
		if n := strings.Count(text, "\n"); n > 0 && strings.Count(text, "\r\n") == n && bytes.Count(got, []byte("\r\n")) != bytes.Count(got, []byte("\n")) {
			t.Fatalf("a CRLF file got LF lines:\n%q", got)
		}
	})
}

// entries reads the tracking entries of the model, or side file, at path,
// and whether it loads without problems.
func entries(path string, side bool) (map[string]model.Tracking, bool) {
	if side {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, false
		}
		e, diags := sideEntries(path, data)
		return e, len(diags) == 0
	}
	loaded, diags, err := model.Load(path, model.Options{})
	if err != nil || len(diags) > 0 {
		return nil, false
	}
	return loaded.Model.Tracking, true
}

// decision is an entry without its position, which an edit may move.
func decision(t model.Tracking) Decision {
	return Decision{Status: t.Status, Reason: t.Reason, Until: t.Until, By: t.By, Ticket: t.Ticket, Date: t.Date}
}
