// Package prefault makes large slices whose every page has already been
// written, for buffers that are filled gradually while the collector may
// run: the list a model's elements are decoded into, the report's
// findings, the engine's targets.
//
// Why: Go takes a large allocation straight from fresh, untouched memory.
// If a garbage collection starts before the buffer is filled, it scans
// the whole buffer, and reading an untouched page makes the kernel map
// its shared zero page there. Each later write into such a page is then
// a copy-on-write fault, and replacing a mapping already visible to the
// process's other threads means flushing their processors' TLBs: an
// interrupt to every other core running the process, which on a virtual
// machine leaves the guest and waits for the host. On the 2-core machine
// the targets are measured on, `analyze --format json` of 10,000
// elements took 5.9 s on both cores and 2.3 s on one; with these
// buffers prefaulted it takes 1.3 s on both (docs/performance.md,
// "Pages read before they are written").
//
// Writing every page as soon as the buffer is made turns each first
// touch into a plain write fault, which needs no flush. On Linux the
// kernel is asked to do it in one call (madvise MADV_POPULATE_WRITE),
// which also saves the fault per page and is quick enough that a
// collection rarely gets to read the buffer first; elsewhere, or where
// the kernel refuses, each page gets a byte written.
//
// The plain path is make; these functions are make plus the writes, and
// only the slices named above use them.
package prefault

import (
	"reflect"
	"unsafe"
)

// pageSize is the smallest page size of the systems Go runs on. Where
// pages are larger, some writes land in a page already written, which
// costs nothing.
const pageSize = 4096

// maxWritten bounds the bytes written ahead per slice; past it the
// pages are left to be faulted in as they are filled, as make leaves
// them. A buffer made for input that turns out to be bad may be dropped
// before it is filled, and memory the program never uses must not be
// taken ahead: a hostile model of 12 million empty elements asked for
// 8 GB, and was killed for want of memory once it was all taken. It is
// a variable only so that a test can lower it.
var maxWritten uintptr = 1 << 30

// Make is make([]T, n, capacity) with the pages of the backing array
// written, up to maxWritten bytes.
func Make[T any](n, capacity int) []T {
	s := make([]T, n, capacity)
	var zero T
	write(unsafe.Pointer(unsafe.SliceData(s)), min(uintptr(cap(s))*unsafe.Sizeof(zero), maxWritten))
	return s
}

// MakeSlice is reflect.MakeSlice with the pages of the backing array
// written, up to maxWritten bytes.
func MakeSlice(typ reflect.Type, n, capacity int) reflect.Value {
	s := reflect.MakeSlice(typ, n, capacity)
	if capacity > 0 {
		write(s.UnsafePointer(), min(uintptr(capacity)*typ.Elem().Size(), maxWritten))
	}
	return s
}

// writeEach stores a zero byte in each page of the size bytes at p. The
// memory is freshly made, so it holds only zeros, and storing a zero
// changes nothing the program or the collector can see: a pointer
// field stays nil.
func writeEach(p unsafe.Pointer, size uintptr) {
	for off := uintptr(0); off < size; off += pageSize {
		*(*byte)(unsafe.Add(p, off)) = 0
	}
}
