package threatdragon

import (
	"fmt"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
)

// folded gathers the cells of a diagram that one note speaks of (cells
// of a type import does not know; cells that are not imported yet carry
// threats): it counts them, and tallies the distinct kinds of cell among
// them, naming the first few. A file of a hundred thousand cells of a
// hundred thousand made-up shapes so gives one note, not one per shape.
type folded struct {
	cells, threats int
	seen           map[cellKind]bool
	kinds          text.Tally // each kind once, maxNamedKinds of them named
}

// cellKind is what a cell says it is: its data.type, or its shape when it
// has none.
type cellKind struct {
	shape bool
	name  string
}

func kindOf(cl *cell) cellKind {
	if cl.Data != nil && cl.Data.Type != "" {
		return cellKind{name: cl.Data.Type}
	}
	return cellKind{shape: true, name: cl.Shape}
}

// String names a kind for a note, its free text cut short.
func (k cellKind) String() string {
	switch {
	case !k.shape:
		return fmt.Sprintf("type %q", text.Short(k.name))
	case k.name == "":
		return "no shape"
	}
	return fmt.Sprintf("shape %q", text.Short(k.name))
}

// add counts a cell and the threats it carries.
func (f *folded) add(cl *cell, threats int) {
	f.cells++
	f.threats += threats
	k := kindOf(cl)
	if f.seen == nil {
		f.seen = map[cellKind]bool{}
		f.kinds.Max = maxNamedKinds
	}
	if f.seen[k] {
		return
	}
	f.seen[k] = true
	if f.kinds.Full() {
		f.kinds.AddUnnamed()
	} else {
		f.kinds.Add(k.String())
	}
}

// maxNamedKinds bounds the kinds of cell a folded note names.
const maxNamedKinds = 3

// kindsText says the kinds: "shape "a", type "b" and 4 more".
func (f *folded) kindsText() string { return f.kinds.String() }

// count words a number of things: "1 cell", "3 cells".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
