package modeldiff

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Load reads the model named by spec: a file, or REV:path, a file in a git
// revision of the repository in the current directory (HEAD:model.yaml,
// main:models/lock.yaml, v1.2:./lock.yaml relative to the current
// directory, :model.yaml for the index). A spec that exists on disk is a
// file even when it contains a colon. In a revision, includes resolve
// inside the same revision.
//
// Like model.Load, problems in the model are diagnostics and err is for
// what cannot be read at all; a revision or path that does not exist in
// git is such an error, matching fs.ErrNotExist, with git's message.
func Load(spec string, opts model.Options) (*model.Loaded, diag.List, error) {
	rev, p, isGit := splitRevision(spec)
	if !isGit {
		return model.Load(spec, opts)
	}
	dir, base := "", p
	if i := strings.LastIndex(p, "/"); i >= 0 {
		dir, base = p[:i], p[i+1:]
	}
	if base == "" {
		return nil, nil, fmt.Errorf("%s: name a model file after the colon (REV:path)", spec)
	}
	if strings.HasPrefix(rev, "-") {
		// git would read it as an option.
		return nil, nil, fmt.Errorf("%s: a revision cannot start with '-'", spec)
	}
	maxBytes := opts.Limits.MaxBytes
	if maxBytes == 0 {
		maxBytes = strictyaml.DefaultLimits.MaxBytes
	}
	fsys := GitFS{Rev: rev, Dir: dir, MaxBytes: maxBytes}
	prefix := rev + ":"
	if dir != "" {
		prefix += dir + "/"
	}
	loaded, diags, err := model.LoadFS(fsys, base, prefix, opts)
	var gitErr *GitError
	if errors.As(err, &gitErr) {
		if strings.Contains(gitErr.Msg, "not a git repository") {
			// Most likely a file name with a colon, mistyped.
			gitErr = &GitError{Msg: "no such file, and no git repository here to read REV:path from", notExist: true}
		}
		// model.LoadFS says "read REV:path: …"; the spec is the better name.
		return nil, nil, fmt.Errorf("%s: %w", spec, gitErr)
	}
	return loaded, diags, err
}

// splitRevision splits a REV:path spec. A spec that exists on disk, or
// has no colon, is a file.
func splitRevision(spec string) (rev, path string, ok bool) {
	i := strings.Index(spec, ":")
	if i < 0 {
		return "", "", false
	}
	if _, err := os.Stat(spec); err == nil {
		return "", "", false
	}
	return spec[:i], spec[i+1:], true
}

// Analyze loads the model named by spec (see Load), merges opts'
// tracking file into it and analyses it, as analysis.Run does for a file.
// Problems in the model, the tracking file or the rules are diagnostics;
// err is for what cannot be read and for invalid options.
func Analyze(spec string, opts analysis.Options) (*analysis.Result, diag.List, error) {
	loaded, diags, err := Load(spec, model.Options{})
	if err != nil {
		return nil, nil, err
	}
	if len(diags) > 0 {
		return nil, diags, nil
	}
	return analysis.RunLoaded(loaded, opts)
}
