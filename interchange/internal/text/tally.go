package text

import "strconv"

// Tally counts the things one note speaks of and keeps the names of the
// first few, for a note that names those and counts the rest: `"a", "b"
// and 7 more`. The importers fold thousands of like findings (flows from
// a shape to itself, references to nothing, curves a flow crosses) into
// one such note, so a note's length and the memory behind it stay the
// same however many things the file has. The zero value keeps
// MaxListed names.
type Tally struct {
	// Max is how many names are kept; zero keeps MaxListed.
	Max   int
	n     int
	names []string
}

// Add counts one more thing and keeps its name, as given, while fewer
// than Max are kept; it reports whether the name was kept.
func (t *Tally) Add(name string) bool {
	t.n++
	if t.Full() {
		return false
	}
	t.names = append(t.names, name)
	return true
}

// AddShort is Add of a foreign name made short (see Short), and
// AddQuoted of one made short and quoted; the name is cleaned only when
// it is kept, so counting a million long names costs no copy of them.
func (t *Tally) AddShort(name string) bool { return t.addWith(name, Short) }
func (t *Tally) AddQuoted(name string) bool {
	return t.addWith(name, func(s string) string { return strconv.Quote(Short(s)) })
}

func (t *Tally) addWith(name string, clean func(string) string) bool {
	if t.Full() {
		t.n++
		return false
	}
	return t.Add(clean(name))
}

// AddUnnamed counts one more thing without naming it: for a caller that
// has run out of names for the whole file.
func (t *Tally) AddUnnamed() { t.n++ }

// Full reports whether the next name would only be counted: a caller
// whose name costs work to build may then count with AddUnnamed.
func (t *Tally) Full() bool { return len(t.names) >= t.max() }

// Len is how many things were counted, named or not.
func (t *Tally) Len() int { return t.n }

// Names returns the names kept, in the order they were added.
func (t *Tally) Names() []string { return t.names }

// String lists the names kept and counts the rest, as Few does.
func (t *Tally) String() string { return Few(t.names, t.n) }

func (t *Tally) max() int {
	if t.Max > 0 {
		return t.Max
	}
	return MaxListed
}
