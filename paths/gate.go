package paths

import (
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// MaxGateListed is how many failing paths GateSummary names: a CI log
// needs the worst few to act on, and 'iotthreat paths' lists them all.
const MaxGateListed = 10

// Gate returns the reported paths whose risk is at or above threshold
// (low, medium, high or critical), worst first. A path resting on an
// accepted finding counts: accepting one step's risk does not remove the
// chain it belongs to.
func Gate(r *Result, threshold string) []Path {
	floor := engine.LevelRank(threshold)
	var out []Path
	for _, p := range r.Paths {
		if engine.LevelRank(p.Risk) >= floor {
			out = append(out, p)
		}
	}
	return out
}

// GateSummary writes the path gate's part of check's output: one line
// saying whether it passed, then the worst failing paths (id, entry ->
// target, risk), at most MaxGateListed of them.
func GateSummary(w io.Writer, r *Result, threshold string, failing []Path) error {
	ew := &errWriter{w: w}
	if len(failing) == 0 {
		ew.printf("path check passed: no attack path at or above %s (%d %s in all)\n", threshold, len(r.Paths), plural(len(r.Paths), "path", "paths"))
		return ew.err
	}
	counts := map[string]int{}
	for _, p := range failing {
		counts[p.Risk]++
	}
	var parts []string
	for i := len(engine.Levels) - 1; i >= 0; i-- {
		if n := counts[engine.Levels[i]]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, engine.Levels[i]))
		}
	}
	ew.printf("path check failed: %d attack %s at or above %s (%s)\n", len(failing), plural(len(failing), "path", "paths"), threshold, strings.Join(parts, ", "))
	for _, p := range failing[:min(len(failing), MaxGateListed)] {
		ew.printf("%s %s: %s -> %s (likelihood %s, impact %s%s)\n", p.Risk, p.ID, p.Entry, p.Target, p.Likelihood, p.Impact, unknownNote(p.Unknown))
	}
	if len(failing) > MaxGateListed {
		ew.printf("… and %d more: 'iotthreat paths' lists them with their steps\n", len(failing)-MaxGateListed)
	}
	for _, t := range r.Truncated {
		ew.printf("limits reached: %s\n", t)
	}
	return ew.err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
