package paths

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// Choke is a fix that breaks many of the reported paths: declaring
// controls on one element or flow. A path counts when one of its steps
// would lose every finding that allows it.
type Choke struct {
	// Controls to declare (all of them); empty when no control mitigates
	// the finding and it must be fixed as its mitigation says.
	Controls []string `json:"controls"`
	On       string   `json:"on"`      // element or flow id (or system) to declare them on
	Finding  string   `json:"finding"` // a finding they mitigate (the first by id)
	Breaks   int      `json:"breaks"`  // reported paths that lose a step
	Of       int      `json:"of"`      // reported paths
	// Critical counts the critical-risk paths among Breaks, out of
	// CriticalOf.
	Critical   int      `json:"critical"`
	CriticalOf int      `json:"critical_of"`
	Paths      []string `json:"paths"` // ids of the paths broken
}

// MaxChokePoints is how many choke points a result lists.
const MaxChokePoints = 10

// fix is what cuts one step: declaring controls on one target mitigates
// every finding that allows it. A step allowed by findings on different
// targets, or by one no control mitigates next to others, has no single
// fix (nil).
type fix struct {
	controls []string // sorted
	on       string
	finding  string
}

func stepFix(j *justification) *fix {
	all := append([]*engine.Finding{j.finding}, j.alternatives...)
	f := &fix{on: j.finding.Target.ID, finding: j.finding.ID}
	for _, fd := range all {
		if fd.Target.ID != f.on || (len(fd.Controls) == 0) != (len(j.finding.Controls) == 0) {
			return nil
		}
		f.controls = append(f.controls, fd.Controls...)
		f.finding = min(f.finding, fd.ID)
	}
	if len(f.controls) == 0 && len(all) > 1 {
		return nil
	}
	slices.Sort(f.controls)
	f.controls = slices.Compact(f.controls)
	return f
}

func (f *fix) key() string {
	if len(f.controls) == 0 {
		return "fix:" + f.finding
	}
	return strings.Join(f.controls, "+") + "@" + f.on
}

// cuts reports whether applying f also applies g: same target, and f
// declares every control g needs (a finding-specific fix only cuts
// itself).
func (f *fix) cuts(g *fix) bool {
	if g == nil || f.on != g.on {
		return false
	}
	if len(g.controls) == 0 || len(f.controls) == 0 {
		return f.key() == g.key()
	}
	for _, c := range g.controls {
		if _, ok := slices.BinarySearch(f.controls, c); !ok {
			return false
		}
	}
	return true
}

// chokePoints takes each step's fix as a candidate, counts the reported
// paths it cuts, and returns the candidates that cut most (critical paths
// first).
func chokePoints(paths []Path) []Choke {
	candidates := map[string]*fix{}
	critical := 0
	for _, p := range paths {
		if p.Risk == "critical" {
			critical++
		}
		for _, s := range p.Steps {
			if s.fix != nil {
				candidates[s.fix.key()] = s.fix
			}
		}
	}
	out := []Choke{}
	for _, f := range candidates {
		c := Choke{Controls: f.controls, On: f.on, Finding: f.finding, Of: len(paths), CriticalOf: critical, Paths: []string{}}
		if c.Controls == nil {
			c.Controls = []string{}
		}
		for _, p := range paths {
			if slices.ContainsFunc(p.Steps, func(s Step) bool { return f.cuts(s.fix) }) {
				c.Breaks++
				if p.Risk == "critical" {
					c.Critical++
				}
				c.Paths = append(c.Paths, p.ID)
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Choke) int {
		return cmp.Or(-cmp.Compare(a.Critical, b.Critical), -cmp.Compare(a.Breaks, b.Breaks), cmp.Compare(len(a.Controls), len(b.Controls)),
			cmp.Compare(a.On, b.On), cmp.Compare(strings.Join(a.Controls, "+"), strings.Join(b.Controls, "+")), cmp.Compare(a.Finding, b.Finding))
	})
	return out[:min(len(out), MaxChokePoints)]
}

// Summary says in one line what the fix is and what it breaks.
func (c Choke) Summary() string {
	what := "fix " + c.Finding + " (no control mitigates it: see its mitigation)"
	if len(c.Controls) > 0 {
		what = fmt.Sprintf("declare %s on %s", strings.Join(c.Controls, " + "), c.On)
	}
	s := fmt.Sprintf("%s: breaks %d of %d paths", what, c.Breaks, c.Of)
	if c.CriticalOf > 0 {
		s += fmt.Sprintf(" (%d of %d critical)", c.Critical, c.CriticalOf)
	}
	return s
}
