package strictyaml

import (
	"strconv"
	"testing"

	"github.com/iotthreat/iotthreat/diag"
)

func at(line int) diag.Pos { return diag.Pos{File: "m.yaml", Line: line, Column: 3} }

// A long scalar list records one key per item; past indexFrom entries the
// Source finds them through an index and still answers like the plain
// search: later records win, unknown keys fall back to the mapping.
func TestSourceIndexAnswersLikeTheSearch(t *testing.T) {
	s := &Source{Pos: at(1)}
	const n = 5000
	for i := range n {
		s.Record("tags["+strconv.Itoa(i)+"]", at(i+2), at(i+2))
	}
	if s.index == nil || len(s.index) != n {
		t.Fatalf("index holds %d keys after %d records, want all of them", len(s.index), n)
	}
	s.Record("tags[7]", at(9000), at(9000))
	if got := s.At("tags[7]").Line; got != 9000 {
		t.Errorf("tags[7] at line %d, want the later record's 9000", got)
	}
	if got := s.At("tags[4999]").Line; got != 5001 {
		t.Errorf("tags[4999] at line %d, want 5001", got)
	}
	if got := s.At("nope"); got != s.Pos || s.Written("nope") {
		t.Errorf("an unwritten key answers %v, want the mapping's own position", got)
	}
	s.markInvalid("tags[3]")
	if s.Has("tags[3]") || !s.Written("tags[3]") {
		t.Error("an invalid entry is written but not had")
	}
}

// A copy taken before more records shares the index but not the new
// entries; it must not see them, nor lose its own.
func TestSourceCopySharesIndexSafely(t *testing.T) {
	s := &Source{Pos: at(1)}
	for i := range indexFrom + 5 {
		s.Record("k"+strconv.Itoa(i), at(i+2), at(i+2))
	}
	before := *s
	s.Record("late", at(500), at(500))
	if before.Written("late") {
		t.Error("a copy taken before a record sees the record")
	}
	if !s.Written("late") || s.At("late").Line != 500 {
		t.Error("the Source lost its own late record")
	}
	if before.At("k3").Line != 5 {
		t.Errorf("the copy finds k3 at line %d, want 5", before.At("k3").Line)
	}
}
