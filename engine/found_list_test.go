package engine

import (
	"fmt"
	"testing"
)

// A foundList gives back what was added, in order, at the addresses it
// was first stored at (collect keeps pointers to them), in chunks no
// larger than maxFoundChunk; drop keeps the others in order.
func TestFoundList(t *testing.T) {
	rules := make([]CompiledRule, 3)
	var l foundList
	var first []*found
	const n = 3*maxFoundChunk + 17
	for i := range n {
		l.add(found{cr: &rules[i%3], because: fmt.Sprint(i)})
		if i%1000 == 0 {
			last := l.chunks[len(l.chunks)-1]
			first = append(first, &last[len(last)-1])
		}
	}
	if l.n != n {
		t.Fatalf("n = %d, want %d", l.n, n)
	}
	i := 0
	l.each(func(f *found) {
		if f.because != fmt.Sprint(i) {
			t.Fatalf("finding %d is %q", i, f.because)
		}
		if i%1000 == 0 && first[i/1000] != f {
			t.Fatalf("finding %d moved", i)
		}
		i++
	})
	if i != n {
		t.Fatalf("each visited %d, want %d", i, n)
	}
	for _, c := range l.chunks {
		if cap(c) > maxFoundChunk {
			t.Fatalf("a chunk of %d", cap(c))
		}
	}
	if cap(l.chunks[0]) != minFoundChunk {
		t.Fatalf("the first chunk holds %d, want %d", cap(l.chunks[0]), minFoundChunk)
	}
	l.drop(func(f *found) bool { return f.cr == &rules[1] })
	i = 0
	l.each(func(f *found) {
		if f.cr == &rules[1] {
			t.Fatalf("drop kept %q", f.because)
		}
		want := i/2*3 + i%2*2 // the numbers not 1 mod 3, in order
		if f.because != fmt.Sprint(want) {
			t.Fatalf("after drop, finding %d is %q, want %d", i, f.because, want)
		}
		i++
	})
	kept := n - (n+1)/3 // less the numbers 1 mod 3 below n
	if l.n != i || i != kept {
		t.Fatalf("after drop n = %d, visited %d, want %d", l.n, i, kept)
	}
}
