package modeldiff

import (
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/paths"
)

// PathChanges are the attack paths (package paths) one model has and the
// other has not, matched by their stable ids (AP-…: a hash of the entry,
// the target and every step's justification). A path whose id changed is
// a closed path and a new one: some step now rests on another finding or
// fact. Each list is worst first, as paths orders them.
type PathChanges struct {
	New    []paths.Path `json:"new"`    // in the new model only
	Closed []paths.Path `json:"closed"` // in the old model only
}

// findPaths computes a model's attack paths as 'iotthreat paths' does
// (every entry point and target, the default bounds).
func findPaths(res *analysis.Result) *paths.Result {
	r, err := paths.Find(res.Model, nil, res.Report, paths.Options{})
	if err != nil {
		// Find fails only on From/To selections, which diff does not make.
		return &paths.Result{}
	}
	return r
}

// ComparePaths matches two results' paths by id.
func ComparePaths(oldRes, newRes *paths.Result) PathChanges {
	c := PathChanges{New: []paths.Path{}, Closed: []paths.Path{}}
	ids := func(r *paths.Result) map[string]bool {
		m := make(map[string]bool, len(r.Paths))
		for _, p := range r.Paths {
			m[p.ID] = true
		}
		return m
	}
	oldIDs, newIDs := ids(oldRes), ids(newRes)
	for _, p := range newRes.Paths {
		if !oldIDs[p.ID] {
			c.New = append(c.New, p)
		}
	}
	for _, p := range oldRes.Paths {
		if !newIDs[p.ID] {
			c.Closed = append(c.Closed, p)
		}
	}
	return c
}

// Empty reports whether no path opened or closed.
func (c PathChanges) Empty() bool { return len(c.New)+len(c.Closed) == 0 }

// pathLine is a path in one line: "high AP-… radio:ble -> safety-action:lock".
func pathLine(p paths.Path) string {
	return fmt.Sprintf("%s %s %s -> %s", p.Risk, p.ID, p.Entry, p.Target)
}

// tablePaths writes the path changes for a terminal, after the model
// changes: nothing when no path opened or closed.
func tablePaths(w io.Writer, c PathChanges) error {
	if c.Empty() {
		return nil
	}
	if _, err := fmt.Fprintf(w, "attack paths: %d new, %d closed\n", len(c.New), len(c.Closed)); err != nil {
		return err
	}
	for _, p := range c.New {
		if _, err := fmt.Fprintf(w, "+ path %s\n", oneLine(pathLine(p))); err != nil {
			return err
		}
	}
	for _, p := range c.Closed {
		if _, err := fmt.Fprintf(w, "- path %s\n", oneLine(pathLine(p))); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// markdownPaths writes the path changes as pull-request sections.
func markdownPaths(b *strings.Builder, c PathChanges) {
	for _, s := range []struct {
		title string
		ps    []paths.Path
	}{{"New attack paths", c.New}, {"Closed attack paths", c.Closed}} {
		if len(s.ps) == 0 {
			continue
		}
		startSection(b, s.title, len(s.ps))
		b.WriteString("| risk | path | entry | target | steps |\n|---|---|---|---|---|\n")
		for _, p := range s.ps {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %d |\n", p.Risk, code(p.ID), code(p.Entry), code(p.Target), len(p.Steps))
		}
		b.WriteString("\n")
		endSection(b, len(s.ps))
	}
}
