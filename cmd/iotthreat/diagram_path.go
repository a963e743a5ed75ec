package main

import (
	"fmt"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/paths"
	"github.com/iotthreat/iotthreat/render"
)

// diagramPath finds the attack path diagram --path names and what it
// passes through. Paths are searched with the bounds 'iotthreat paths'
// uses, keeping up to paths.MaxPaths of them, so any id that command
// printed (with any --max) is found. An unknown id is a usage error that
// lists the worst paths' ids.
func diagramPath(loaded *model.Loaded, facts *engine.Facts, rep *engine.Report, id string) (*render.PathHighlight, error) {
	result, err := paths.Find(loaded, facts, rep, paths.Options{Max: paths.MaxPaths})
	if err != nil {
		return nil, err
	}
	for _, p := range result.Paths {
		if p.ID == id {
			return render.HighlightPath(loaded.Model, p), nil
		}
	}
	if len(result.Paths) == 0 {
		return nil, usageErrorHint("the model has no attack path; 'iotthreat paths MODEL' explains why", "--path %q: no such attack path", id)
	}
	ids := make([]string, 0, 5)
	for _, p := range result.Paths[:min(len(result.Paths), 5)] {
		ids = append(ids, p.ID)
	}
	more := ""
	if len(result.Paths) > len(ids) {
		more = fmt.Sprintf(", … (%d in all: 'iotthreat paths MODEL' lists them)", len(result.Paths))
	}
	return nil, usageErrorHint("the worst paths are "+strings.Join(ids, ", ")+more, "--path %q: no such attack path in the model", id)
}
