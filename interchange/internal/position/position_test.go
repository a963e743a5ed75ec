package position

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/diag"
)

// slowAt is how the importers located an offset before Index: count the
// line breaks before it, and measure from the last one.
func slowAt(file string, data []byte, off int64) diag.Pos {
	off = max(0, min(off, int64(len(data))))
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return diag.Pos{File: file, Line: line, Column: col}
}

// Every offset, and offsets past either end, is placed where counting
// from the start of the file places it: the column counts bytes, so a
// line of multi-byte characters has columns past its character count.
func TestAtAgreesWithCounting(t *testing.T) {
	for _, data := range []string{"", "\n", "\n\n", "abc", "a\nbc\r\nd\n", "日本\n語\n\nx", "{\n  \"a\": 1\n}"} {
		x := New("f", []byte(data))
		for off := int64(-2); off <= int64(len(data))+2; off++ {
			if got, want := x.At(off), slowAt("f", []byte(data), off); got != want {
				t.Errorf("%q at %d: %v, want %v", data, off, got, want)
			}
		}
	}
}

func TestAtExamples(t *testing.T) {
	x := New("a.json", []byte("ab\ncd\n日x"))
	for off, want := range map[int64]string{0: "a.json:1:1", 2: "a.json:1:3", 3: "a.json:2:1", 6: "a.json:3:1", 9: "a.json:3:4"} {
		if got := x.At(off).String(); got != want {
			t.Errorf("At(%d) = %s, want %s", off, got, want)
		}
	}
}

// A one-line file of many megabytes with a problem every few bytes: each
// position costs a binary search, not a scan back to the line's start
// (which took seconds for a few thousand problems).
func TestAtManyOnOneLongLine(t *testing.T) {
	data := []byte(strings.Repeat("x", 8<<20))
	x := New("min.json", data)
	for off := int64(0); off < int64(len(data)); off += 97 {
		if p := x.At(off); p.Line != 1 || p.Column != int(off)+1 {
			t.Fatalf("At(%d) = %v", off, p)
		}
	}
}

func TestCapped(t *testing.T) {
	c := &Capped{Max: 3}
	if c.List() != nil || c.Full() {
		t.Fatal("an empty list is not nil or is full")
	}
	for i := 5; i >= 1; i-- {
		c.Add(diag.Pos{File: "f", Line: i, Column: 1}, fmt.Sprintf("cells[%d]", i), "h", "problem %d", i)
	}
	if c.Len() != 5 || !c.Full() {
		t.Errorf("Len %d, Full %v", c.Len(), c.Full())
	}
	var got []string
	for _, d := range c.List() {
		got = append(got, d.String())
	}
	want := []string{
		"f:3:1: cells[3]: problem 3\n\thint: h",
		"f:4:1: cells[4]: problem 4\n\thint: h",
		"f:5:1: cells[5]: problem 5\n\thint: h",
		"f:1:1: 2 more problems were found; only the first 3 are listed\n\thint: fix the problems listed and import again to see the rest",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Under the bound, nothing is added: the list is the problems, sorted.
func TestCappedUnder(t *testing.T) {
	c := &Capped{Max: MaxProblems}
	c.Add(diag.Pos{File: "f", Line: 2}, "", "", "b")
	c.Add(diag.Pos{File: "f", Line: 1}, "", "", "a")
	if l := c.List(); len(l) != 2 || l[0].Message != "a" || l[1].Message != "b" {
		t.Errorf("got %v", l)
	}
}

// Problems already built are kept or counted like those Add builds.
func TestCappedKeep(t *testing.T) {
	c := &Capped{Max: 2}
	for i := 3; i > 0; i-- {
		c.Keep(diag.Diagnostic{File: "f", Line: i, Column: 1, Message: fmt.Sprint(i)})
	}
	l := c.List()
	if len(l) != 3 || l[0].Message != "2" || l[1].Message != "3" || l[2].Line != 1 || l[2].Message != "1 more problems were found; only the first 2 are listed" {
		t.Errorf("got %v", l)
	}
}
