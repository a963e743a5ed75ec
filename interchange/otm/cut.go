package otm

import (
	"sync/atomic"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
	"github.com/iotthreat/iotthreat/model"
)

// label makes a name, title or type of the file a model label (one line,
// at most model.MaxLabelLength characters), noting a cut at path: OTM
// strings may be a megabyte long, and the model refuses a longer label.
func (k *conversion) label(path, what, s string) string {
	out, cut := text.Label(s)
	if cut {
		k.imp.Note(path, "The %s was shortened to %d characters.", what, model.MaxLabelLength)
	}
	return out
}

// prose makes a description of the file model prose (at most
// model.MaxProseLength characters), noting a cut at path.
func (k *conversion) prose(path, what, s string) string {
	out, cut := text.Prose(s, nil)
	if cut {
		k.imp.Note(path, "The %s was shortened to %d characters.", what, model.MaxProseLength)
	}
	return out
}

// namedInNote is how many items a counted note names before "and N
// more": enough to recognise the case, few enough that a note about
// fifty thousand items stays one line.
const namedInNote = 3

// tally starts the count of the items one note speaks of (see
// text.Tally), naming namedInNote of them.
func tally() text.Tally { return text.Tally{Max: namedInNote} }

// uniqueList builds a list of strings without repeats, finding a repeat
// in a set: a list of fifty thousand items costs fifty thousand look-ups,
// not their square.
type uniqueList struct {
	items []string
	seen  map[string]struct{}
}

// add appends v unless it is empty or already in the list.
func (u *uniqueList) add(v string) {
	if v == "" || u.has(v) {
		return
	}
	if u.seen == nil {
		u.seen = map[string]struct{}{}
	}
	u.seen[v] = struct{}{}
	u.items = append(u.items, v)
}

// has says whether v is in the list.
func (u *uniqueList) has(v string) bool {
	repeatProbes.Add(1)
	_, ok := u.seen[v]
	return ok
}

// repeatProbes counts the look-ups made to find repeats, in every import
// of the process: each is one step of work, so the tests can check that
// a file of n list items costs a few times n of them, where a scan of the
// list so far cost n². It is atomic because imports may run at once.
var repeatProbes atomic.Int64
