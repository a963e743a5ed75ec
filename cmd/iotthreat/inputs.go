package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/internal/outfile"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
)

// analysisInputs lists the files an analysis of the model at path reads,
// which its output must never replace: the model and, once it is loaded,
// the files it includes; the tracking side file; the rule files. role
// names the model in messages ("the model", "the old model").
func analysisInputs(path, role string, loaded *model.Loaded, opts analysis.Options) []outfile.Input {
	in := []outfile.Input{{Path: path, Role: role}}
	if loaded != nil {
		for _, f := range loaded.Model.Files {
			in = append(in, outfile.Input{Path: filepath.FromSlash(f), Role: "the included file"})
		}
	}
	if opts.TrackingFile != "" {
		in = append(in, outfile.Input{Path: opts.TrackingFile, Role: "the tracking file"})
	}
	for _, p := range opts.RuleDirs {
		files, _ := rules.Files(p) // an unreadable path is refused by checkRulePaths
		for _, f := range files {
			in = append(in, outfile.Input{Path: f, Role: "the rule file"})
		}
	}
	return in
}

// checkRulePaths refuses --rules paths that cannot be read, as usage
// errors: the path is the user's mistake, not the model's.
func checkRulePaths(paths []string) error {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return usageErrorHint("name a rule file, or a directory of *.yaml rule files",
				"--rules %s: %s", p, reason(err))
		}
	}
	return nil
}

// checkTrackingPath refuses a --tracking file that cannot be read.
func checkTrackingPath(path string) error {
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); err != nil {
		return usageErrorHint("name the side file of triage decisions (tracking: …)", "--tracking %s: %s", path, reason(err))
	}
	return nil
}

// reason says why a path could not be read, without repeating the path.
func reason(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}
