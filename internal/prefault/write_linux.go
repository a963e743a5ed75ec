package prefault

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// write asks the kernel to map written pages for the size bytes at p in
// one call (MADV_POPULATE_WRITE, Linux 5.14), which costs less than a
// fault per page; where the kernel refuses, it writes each page.
// madvise takes whole pages, so a part page at either end is written.
func write(p unsafe.Pointer, size uintptr) {
	head := -uintptr(p) & (pageSize - 1)
	if head >= size {
		writeEach(p, size)
		return
	}
	whole := (size - head) &^ (pageSize - 1)
	if whole > 0 && unix.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, head)), whole), unix.MADV_POPULATE_WRITE) == nil {
		writeEach(p, head)
		if tail := size - head - whole; tail > 0 {
			// Only then: a pointer to the end of the buffer points
			// past it, which the checker under -race refuses.
			writeEach(unsafe.Add(p, head+whole), tail)
		}
		return
	}
	writeEach(p, size)
}
