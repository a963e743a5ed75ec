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
	"regexp"
	"sort"
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
//
// Concurrent Records on one model (parallel `iotthreat track` runs in a
// script) are serialised by a lock on the model file, held from the load
// to the check of the result (see lockForEdit), so none loses another's
// entry. A read-only file is refused, as report -o refuses one.
func Record(modelPath, trackingFile string, d Decision) (Result, error) {
	if err := d.Check(); err != nil {
		return Result{}, err
	}
	if trackingFile != "" {
		return recordInSideFile(trackingFile, d)
	}
	if err := checkRegular(modelPath); err != nil {
		return Result{}, err
	}
	unlock, err := lockForEdit(modelPath)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	p, err := plan(modelPath, d)
	if err != nil {
		return Result{}, err
	}
	if !sameFile(p.res.File, modelPath) {
		// The entry lives in an included file, which another model may
		// include too: lock it as well, then plan again from what it
		// holds now.
		unlockPart, err := lockForEdit(p.res.File)
		if err != nil {
			return Result{}, err
		}
		defer unlockPart()
		file := p.res.File
		if p, err = plan(modelPath, d); err != nil {
			return Result{}, err
		}
		if !sameFile(p.res.File, file) {
			return Result{}, fmt.Errorf("the entry for %s moved from %s to %s while track waited; try again", d.Finding, file, p.res.File)
		}
	}
	if err := checkWritable(p.res.File, "record decisions in a separate file with --tracking FILE"); err != nil {
		return Result{}, err
	}
	original, perm, err := editFile(p.res.File, p.change, nil)
	if err != nil {
		return Result{}, err
	}
	// The edit must leave a model that still loads, with every entry it
	// had and the new one; otherwise undo it.
	if why := checkModel(modelPath, p.before, d.Finding); why != "" {
		msg := fmt.Sprintf("editing %s would break the model (%s); it is unchanged", p.res.File, why)
		if rerr := writeAtomically(realPath(p.res.File), original, perm); rerr != nil {
			msg = fmt.Sprintf("editing %s broke the model (%s), and restoring it failed: %v", p.res.File, why, rerr)
		}
		return Result{}, fmt.Errorf("%s\n\thint: add the entry by hand, or record decisions in a separate file with --tracking FILE", msg)
	}
	return p.res, nil
}

// checkModel loads the edited model and says what is wrong with it, or
// "": it must load without problems and hold the entries it held before
// (their ids in before) and finding.
func checkModel(modelPath string, before map[string]bool, finding string) string {
	loaded, diags, err := model.Load(modelPath, model.Options{})
	switch {
	case err != nil:
		return err.Error()
	case len(diags) > 0:
		first := diags[0]
		first.Hint = "" // a hint on how to write YAML misleads: track wrote it
		return first.String()
	}
	var lost []string
	for id := range before {
		if _, ok := loaded.Model.Tracking[id]; !ok {
			lost = append(lost, id)
		}
	}
	if _, ok := loaded.Model.Tracking[finding]; !ok {
		return "the new entry for " + finding + " is not where it was written"
	}
	if len(lost) > 0 {
		sort.Strings(lost)
		return "the entries for " + strings.Join(lost, ", ") + " would be lost"
	}
	return ""
}

// planned is what Record will change: which file, and how.
type planned struct {
	res    Result
	change func([]string) ([]string, error)
	before map[string]bool // the ids of the entries the model has now
}

// plan loads the model and works out where the decision goes.
func plan(modelPath string, d Decision) (planned, error) {
	loaded, diags, err := model.Load(modelPath, model.Options{})
	if err != nil {
		return planned{}, err
	}
	if len(diags) > 0 {
		return planned{}, fmt.Errorf("the model has problems; fix them first (iotthreat validate %s)", modelPath)
	}
	m := loaded.Model
	before := make(map[string]bool, len(m.Tracking))
	for id := range m.Tracking {
		before[id] = true
	}
	if t, ok := m.Tracking[d.Finding]; ok {
		return planned{
			before: before,
			res:    Result{File: t.Src.KeyPos().File, Replaced: true},
			change: func(lines []string) ([]string, error) {
				return replaceEntry(lines, t.Src.KeyPos().Line, d.Finding, d.entry())
			},
		}, nil
	}
	return planned{
		before: before,
		res:    Result{File: modelPath},
		change: func(lines []string) ([]string, error) { return addEntry(lines, m.Src, d.entry()) },
	}, nil
}

// sameFile reports whether a and b name one file (through links or other
// spellings). Files that cannot be read are not the same.
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
