package prefault

import (
	"reflect"
	"runtime"
	"testing"
	"unsafe"
)

// record is shaped like the buffers the package serves: pointers the
// collector scans, and a size that is not a divisor of the page size,
// so elements straddle pages.
type record struct {
	name  string
	items []int
	next  *record
	n     [5]int64
}

func TestMakeGivesAZeroedSliceOfTheAskedShape(t *testing.T) {
	for _, c := range []struct{ n, capacity int }{{0, 0}, {0, 1}, {1, 1}, {3, 10}, {70000, 70000}, {10, 200000}} {
		s := Make[record](c.n, c.capacity)
		if len(s) != c.n || cap(s) != c.capacity {
			t.Fatalf("Make(%d, %d): len %d cap %d", c.n, c.capacity, len(s), cap(s))
		}
		full := s[:cap(s)]
		for i := range full {
			if !reflect.ValueOf(full[i]).IsZero() {
				t.Fatalf("Make(%d, %d): element %d is not zero: %+v", c.n, c.capacity, i, full[i])
			}
		}
		for i := range s {
			s[i].name, s[i].next = "x", &s[0]
		}
		runtime.GC() // the collector must still see the pointers written after
		for i := range s {
			if s[i].name != "x" || s[i].next != &s[0] {
				t.Fatalf("element %d lost what was written: %+v", i, s[i])
			}
		}
	}
}

func TestMakeSliceGivesAZeroedSliceOfTheAskedShape(t *testing.T) {
	typ := reflect.TypeFor[[]record]()
	for _, c := range []struct{ n, capacity int }{{0, 0}, {2, 2}, {70000, 70000}, {5, 9000}} {
		v := MakeSlice(typ, c.n, c.capacity)
		if v.Type() != typ || v.Len() != c.n || v.Cap() != c.capacity {
			t.Fatalf("MakeSlice(%d, %d): %v len %d cap %d", c.n, c.capacity, v.Type(), v.Len(), v.Cap())
		}
		full := v.Slice(0, v.Cap())
		for i := range full.Len() {
			if !full.Index(i).IsZero() {
				t.Fatalf("MakeSlice(%d, %d): element %d is not zero", c.n, c.capacity, i)
			}
		}
	}
}

func TestWriteEachCoversPartPagesAtBothEnds(t *testing.T) {
	// A buffer that starts and ends inside a page: the writes must stay
	// inside it (the bytes around it keep their values).
	buf := make([]byte, 5*pageSize)
	for i := range buf {
		buf[i] = 7
	}
	inner := buf[100 : len(buf)-100]
	for i := range inner {
		inner[i] = 0
	}
	write(unsafe.Pointer(unsafe.SliceData(inner)), uintptr(len(inner)))
	for i, b := range buf {
		inside := i >= 100 && i < len(buf)-100
		if inside && b != 0 || !inside && b != 7 {
			t.Fatalf("byte %d is %d after write", i, b)
		}
	}
}

// TestBuffersEndingOnAPageBoundary makes buffers that end exactly where
// a page ends (large allocations start on one): the write must not form
// a pointer to the end of the buffer, which points outside it and which
// the pointer checker the race detector turns on refuses as a bad
// pointer. Run under -race (as .ci/run does) it fails on such a pointer.
func TestBuffersEndingOnAPageBoundary(t *testing.T) {
	for _, pages := range []int{9, 16, 33} {
		s := Make[byte](pages*pageSize, pages*pageSize)
		if len(s) != pages*pageSize || s[0] != 0 || s[len(s)-1] != 0 {
			t.Fatalf("Make of %d pages: len %d", pages, len(s))
		}
	}
}
