// Package triage records decisions on findings (accepted, false positive,
// in progress, …) in the model's YAML, or in a tracking side file, by
// editing the text in place: only the lines of the one entry change, so
// the file keeps its comments, order and formatting and the change reads
// well in a pull request. Triage never needs hand editing.
package triage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/iotthreat/iotthreat/model"
)

// Decision is a triage decision on one finding (or RULE@* for all of a rule).
type Decision struct {
	Finding string // RULE@target
	Status  string // open, in-progress, mitigated, accepted, false-positive
	Reason  string
	Until   string // YYYY-MM-DD; acceptance end
	By      string
	Ticket  string
	Date    string // YYYY-MM-DD; when decided (default: today)
}

var findingID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+@([A-Za-z0-9][A-Za-z0-9._-]*|\*)$`)

// Check validates a decision before anything is written.
func (d Decision) Check() error {
	var problems []string
	if !findingID.MatchString(d.Finding) {
		problems = append(problems, fmt.Sprintf("invalid finding id %q (write RULE@target, e.g. IOT-MQTT-002@broker, or RULE@*)", d.Finding))
	}
	switch d.Status {
	case "open", "in-progress", "mitigated", "accepted", "false-positive":
	default:
		problems = append(problems, fmt.Sprintf("invalid status %q (open, in-progress, mitigated, accepted or false-positive)", d.Status))
	}
	if (d.Status == "accepted" || d.Status == "false-positive") && strings.TrimSpace(d.Reason) == "" {
		problems = append(problems, "status "+d.Status+" needs --reason")
	}
	for _, date := range []struct{ name, value string }{{"until", d.Until}, {"date", d.Date}} {
		if date.value == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", date.value); err != nil {
			problems = append(problems, fmt.Sprintf("invalid --%s %q (write YYYY-MM-DD)", date.name, date.value))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// entry renders the decision as a one-line YAML flow mapping. Strings are
// JSON-quoted, which is valid YAML double-quoted syntax.
func (d Decision) entry() string {
	parts := []string{"status: " + d.Status}
	add := func(key, value string) {
		if value != "" {
			q, _ := json.Marshal(value)
			parts = append(parts, key+": "+string(q))
		}
	}
	add("reason", d.Reason)
	add("ticket", d.Ticket)
	add("by", d.By)
	if d.Date != "" {
		parts = append(parts, "date: "+d.Date)
	}
	if d.Until != "" {
		parts = append(parts, "until: "+d.Until)
	}
	return d.Finding + ": {" + strings.Join(parts, ", ") + "}"
}

// Result says what Record changed.
type Result struct {
	File     string // the file edited
	Replaced bool   // an existing entry was replaced (else one was added)
}

// Record writes the decision into the model file at modelPath (or into the
// file that already holds an entry for the finding, when the model is
// split with include:), replacing an existing entry for the same id. With
// trackingFile set, the decision goes to that side file instead, which is
// created if missing. The edited file is re-read and must still load; it
// is replaced atomically, so a failure never leaves a half-written file.
func Record(modelPath, trackingFile string, d Decision) (Result, error) {
	if err := d.Check(); err != nil {
		return Result{}, err
	}
	if trackingFile != "" {
		return recordInSideFile(trackingFile, d)
	}
	loaded, diags, err := model.Load(modelPath, model.Options{})
	if err != nil {
		return Result{}, err
	}
	if len(diags) > 0 {
		return Result{}, fmt.Errorf("the model has problems; fix them first (iotthreat validate %s)", modelPath)
	}
	m := loaded.Model
	res := Result{File: modelPath}
	var change func([]string) ([]string, error)
	if t, ok := m.Tracking[d.Finding]; ok {
		res = Result{File: t.Src.KeyPos().File, Replaced: true}
		change = func(lines []string) ([]string, error) {
			return replaceEntry(lines, t.Src.KeyPos().Line, d.Finding, d.entry())
		}
	} else {
		change = func(lines []string) ([]string, error) { return addEntry(lines, m.Src, d.entry()) }
	}
	original, err := os.ReadFile(res.File)
	if err != nil {
		return Result{}, err
	}
	if err := editFile(res.File, change); err != nil {
		return Result{}, err
	}
	// The edit must leave a model that still loads; otherwise undo it.
	if _, diags, err := model.Load(modelPath, model.Options{}); err != nil || len(diags) > 0 {
		info, _ := os.Stat(res.File)
		_ = writeAtomically(res.File, original, info.Mode().Perm())
		return Result{}, fmt.Errorf("editing %s would break the model (%v%v); it is unchanged", res.File, err, diags)
	}
	return res, nil
}

func recordInSideFile(path string, d Decision) (Result, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		text := "# Triage decisions for iotthreat (iotthreat track … --tracking " + filepath.Base(path) + ").\ntracking:\n  " + d.entry() + "\n"
		return Result{File: path}, writeAtomically(path, []byte(text), 0o644)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Result{}, err
	}
	lines := splitLines(string(data))
	key := regexp.MustCompile(`^(\s*)` + regexp.QuoteMeta(d.Finding) + `\s*:`)
	for i, l := range lines {
		if key.MatchString(l) {
			return Result{File: path, Replaced: true}, editFile(path, func(lines []string) ([]string, error) {
				return replaceEntry(lines, i+1, d.Finding, d.entry())
			})
		}
	}
	return Result{File: path}, editFile(path, func(lines []string) ([]string, error) {
		for i, l := range lines {
			if strings.HasPrefix(l, "tracking:") {
				return insertIntoSection(lines, i, d.entry())
			}
		}
		return appendSection(lines, d.entry()), nil
	})
}

// editFile applies edit to the file's lines, checks the result still
// parses as YAML, and replaces the file atomically.
//
// A symbolic link is followed and its target edited: renaming over the
// link would replace it with a copy and leave the real model unchanged.
func editFile(path string, edit func([]string) ([]string, error)) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines, err := edit(splitLines(string(data)))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	out := []byte(strings.Join(lines, "\n"))
	return writeAtomically(path, out, info.Mode().Perm())
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

func writeAtomically(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".iotthreat-track-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
