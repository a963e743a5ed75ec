package position

import "github.com/iotthreat/iotthreat/diag"

// MaxProblems is the bound importers give a Capped list: a hundred
// problems are more than anyone fixes before importing again, and a file
// with a problem on each of its hundred thousand cells would otherwise
// print a hundred thousand lines.
const MaxProblems = 100

// Capped collects the problems found in a file, keeping the first Max
// and counting the rest. The zero value keeps none: set Max.
type Capped struct {
	Max  int
	list diag.List
	more int
	last diag.Pos // where the last problem left out is
}

// Add records a problem, built as diag.At builds one, or only counts it
// once Max are kept. Its arguments are formatted only when it is kept.
func (c *Capped) Add(pos diag.Pos, field, hint, format string, args ...any) {
	if len(c.list) >= c.Max {
		c.more++
		c.last = pos
		return
	}
	c.list.Add(pos, field, hint, format, args...)
}

// Len is the number of problems recorded, kept or not.
func (c *Capped) Len() int { return len(c.list) + c.more }

// Full reports whether the next problem would only be counted; a caller
// whose search for problems is itself costly may stop there.
func (c *Capped) Full() bool { return len(c.list) >= c.Max }

// List returns the problems kept, sorted as diag.List.Sort sorts, and,
// when some were left out, one more at the place of the last of those
// saying how many.
func (c *Capped) List() diag.List {
	if c.Len() == 0 {
		return nil
	}
	out := append(diag.List(nil), c.list...).Sort()
	if c.more > 0 {
		out.Add(c.last, "", "fix the problems listed and import again to see the rest",
			"%d more problems were found; only the first %d are listed", c.more, c.Max)
	}
	return out
}

// Keep records a problem already built, as Add does.
func (c *Capped) Keep(d diag.Diagnostic) {
	if len(c.list) >= c.Max {
		c.more++
		c.last = diag.Pos{File: d.File, Line: d.Line, Column: d.Column}
		return
	}
	c.list = append(c.list, d)
}
