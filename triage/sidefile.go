package triage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// recordInSideFile writes the decision into the side file at path,
// creating it when missing. The result is checked before it is written:
// it must still read as a tracking file that holds the entry.
func recordInSideFile(path string, d Decision) (Result, error) {
	created, err := createSideFile(path, d)
	if created || err != nil {
		return Result{File: path}, err
	}
	unlock, err := lockForEdit(path)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	if err := checkRegular(path); err != nil {
		return Result{}, err
	}
	if err := checkWritable(path, "name another file with --tracking"); err != nil {
		return Result{}, err
	}
	data, err := readLimited(path)
	if err != nil {
		return Result{}, err
	}
	key := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(d.Finding) + `\s*:`)
	replaced := -1
	for i, l := range splitText(string(data)).lines {
		if key.MatchString(l) {
			replaced = i
			break
		}
	}
	change := func(lines []string) ([]string, error) {
		if replaced >= 0 {
			return replaceEntry(lines, replaced+1, d.Finding, d.entry())
		}
		for i, l := range lines {
			if strings.HasPrefix(l, "tracking:") {
				return insertIntoSection(lines, i, d.entry())
			}
		}
		return appendSection(lines, d.entry()), nil
	}
	before, _ := sideEntries(path, data)
	verify := func(out []byte) error { return checkSideFile(path, out, before, d.Finding) }
	if _, _, err := editFile(path, change, verify); err != nil {
		return Result{}, err
	}
	return Result{File: path, Replaced: replaced >= 0}, nil
}

// createSideFile creates the side file at path holding only d, unless
// something is there already (created false). Creation is exclusive: of
// two runs creating the file at once, one creates it and the other edits
// it under the lock.
func createSideFile(path string, d Decision) (created bool, err error) {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	text := "# Triage decisions for iotthreat (iotthreat track … --tracking " + filepath.Base(path) + ").\ntracking:\n  " + d.entry() + "\n"
	tmp, err := writeTemp(path, []byte(text), 0o644)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp)
	err = os.Link(tmp, path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrExist):
		return false, nil
	}
	// No hard links here (some network and FAT file systems): a plain
	// rename, which an exactly simultaneous creation could overwrite.
	if err := os.Rename(tmp, path); err != nil {
		return false, err
	}
	return true, nil
}

// sideEntries reads the entries of a side file's text.
func sideEntries(path string, data []byte) (map[string]model.Tracking, diag.List) {
	root, diags := strictyaml.Parse(path, data, strictyaml.DefaultLimits)
	if len(diags) > 0 {
		return nil, diags
	}
	var tf model.TrackingFile
	if diags = strictyaml.Decode(root, &tf, ""); len(diags) > 0 {
		return nil, diags
	}
	return tf.Tracking, nil
}

// checkSideFile checks that out, the edited side file, still reads as a
// tracking file, holding every entry it held before and one for finding.
func checkSideFile(path string, out []byte, before map[string]model.Tracking, finding string) error {
	after, diags := sideEntries(path, out)
	if len(diags) > 0 {
		first := diags[0]
		first.Hint = ""
		return fmt.Errorf("editing %s would break it (%s); it is unchanged\n\thint: fix the file, or add the entry by hand", path, first.String())
	}
	var lost []string
	for id := range before {
		if _, ok := after[id]; !ok {
			lost = append(lost, id)
		}
	}
	if _, ok := after[finding]; !ok {
		lost = append(lost, finding+" (the new entry)")
	}
	if len(lost) > 0 {
		sort.Strings(lost)
		return fmt.Errorf("editing %s would lose the entries for %s; it is unchanged\n\thint: add the entry by hand", path, strings.Join(lost, ", "))
	}
	return nil
}
