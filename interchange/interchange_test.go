package interchange

import (
	"fmt"
	"testing"
)

func TestNoteKeepsEachTextOnce(t *testing.T) {
	imp := New("s", "test")
	imp.Note("elements[a]", "same %d", 1)
	imp.Note("elements[a]", "same 1")
	imp.Note("elements[b]", "same 1")
	imp.Note("elements[a]", "  ")
	if got := imp.Notes["elements[a]"]; len(got) != 1 || got[0] != "same 1" {
		t.Fatalf("elements[a] notes = %q, want one", got)
	}
	if got := imp.Notes["elements[b]"]; len(got) != 1 {
		t.Fatalf("the same text on another item is its own note; got %q", got)
	}
}

func TestNotesPerItemAreBounded(t *testing.T) {
	imp := New("s", "test")
	const said = 10 * MaxNotesPerItem
	for i := range said {
		imp.Note("elements[a]", "self-loop %d", i)
		imp.Note("elements[a]", "self-loop %d", i) // repeats are not counted as left out
	}
	notes := imp.Notes["elements[a]"]
	if len(notes) != MaxNotesPerItem {
		t.Fatalf("%d notes kept, want %d", len(notes), MaxNotesPerItem)
	}
	if notes[MaxNotesPerItem-2] != fmt.Sprintf("self-loop %d", MaxNotesPerItem-2) {
		t.Errorf("the notes before the bound are kept as said; got %q", notes[MaxNotesPerItem-2])
	}
	want := fmt.Sprintf("%d more notes here were left out: at most %d are kept.", said-MaxNotesPerItem+1, MaxNotesPerItem)
	if last := notes[len(notes)-1]; last != want {
		t.Errorf("last note = %q, want %q", last, want)
	}
}

// The head holds the importers' summaries, often written after many
// per-diagram notes: it keeps far more than an item before counting.
func TestHeadKeepsItsSummaries(t *testing.T) {
	imp := New("s", "test")
	for i := range 3 * MaxNotesPerItem {
		imp.Note("", "diagram %d has a text block", i)
	}
	imp.Note("", "The file's diagrams are merged into one model.")
	head := imp.Notes[""]
	if len(head) != 3*MaxNotesPerItem+2 || head[len(head)-1] != "The file's diagrams are merged into one model." {
		t.Fatalf("%d head notes, last %q: the summary was lost", len(head), head[len(head)-1])
	}
	for i := range 2 * MaxHeadNotes {
		imp.Note("", "repeat %d", i)
	}
	if n := len(imp.Notes[""]); n != MaxHeadNotes {
		t.Errorf("%d head notes, want at most %d", n, MaxHeadNotes)
	}
}

// A literal Import (as tests and callers may build) works as one from New,
// and notes already in it are not said twice.
func TestNoteOnLiteralImport(t *testing.T) {
	imp := &Import{Notes: map[string][]string{"": {"kept"}}}
	imp.Note("", "kept")
	imp.Note("", "new")
	if got := imp.Notes[""]; len(got) != 2 {
		t.Fatalf("notes = %q, want [kept new]", got)
	}
}
