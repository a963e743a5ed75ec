package otm

import (
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

// some names the first few of items, quoted and cut to labels, then says
// how many of total were not named: `"a", "b", "c" and 7 more`.
func some(items []string, total int) string {
	return text.FewQuoted(items[:min(len(items), namedInNote)], total)
}

// someWords is some without the quotes, for words such as categories.
func someWords(items []string, total int) string {
	words := make([]string, min(len(items), namedInNote))
	for i := range words {
		words[i], _ = text.Label(items[i])
	}
	return text.Few(words, total)
}

// firstFew appends s to list while it holds fewer than namedInNote items,
// for a later call of some.
func firstFew(list []string, s string) []string {
	if len(list) < namedInNote {
		return append(list, s)
	}
	return list
}

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
	_, ok := u.seen[v]
	return ok
}
