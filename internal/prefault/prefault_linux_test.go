package prefault

import (
	"encoding/binary"
	"os"
	"testing"
	"unsafe"
)

// TestPagesAreWrittenNotTheSharedZeroPage reads the kernel's page map
// for a slice Make returned: every page must be present and this
// process's own (bit 56 of /proc/self/pagemap, "exclusively mapped"),
// not the shared zero page a read leaves behind. The same check on a
// plain slice whose pages were only read shows it can tell the two apart.
func TestPagesAreWrittenNotTheSharedZeroPage(t *testing.T) {
	pagemap, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skipf("no page map to read: %v", err)
	}
	defer pagemap.Close()
	const size = 64 << 20 // more than the tests before made, so fresh memory
	n := size / int(unsafe.Sizeof(record{}))

	plain := make([]record, n)
	var sum int64
	for i := 0; i < n; i += pageSize / int(unsafe.Sizeof(record{})) {
		sum += plain[i].n[0] // a read of each page, as the collector's scan does
	}
	if own, total := ownPages(t, pagemap, unsafe.Pointer(&plain[0]), size); own > total/2 {
		t.Fatalf("a slice only read has %d of %d pages of its own: the check cannot tell reads from writes here", own, total)
	}

	made := Make[record](n, n)
	if own, total := ownPages(t, pagemap, unsafe.Pointer(&made[0]), size); own != total {
		t.Fatalf("Make left %d of %d whole pages unwritten", total-own, total)
	}
	_ = sum
}

// TestPagesPastTheBoundAreLeftAlone lowers the bound on the bytes
// written ahead and checks that Make writes up to it and no further.
func TestPagesPastTheBoundAreLeftAlone(t *testing.T) {
	pagemap, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skipf("no page map to read: %v", err)
	}
	defer pagemap.Close()
	defer func(was uintptr) { maxWritten = was }(maxWritten)
	maxWritten = 8 << 20
	const size = 72 << 20 // fresh memory again: larger than every slice before
	s := Make[byte](size, size)
	p := unsafe.Pointer(&s[0])
	if own, total := ownPages(t, pagemap, p, maxWritten-pageSize); own != total {
		t.Fatalf("%d of the %d pages within the bound are unwritten", total-own, total)
	}
	past := unsafe.Add(p, maxWritten+pageSize)
	if own, total := ownPages(t, pagemap, past, size-maxWritten-2*pageSize); own > total/2 {
		t.Fatalf("%d of the %d pages past the bound were written ahead", own, total)
	}
}

// ownPages counts the whole pages of the size bytes at p that are present
// and exclusively this process's.
func ownPages(t *testing.T, pagemap *os.File, p unsafe.Pointer, size uintptr) (own, total int) {
	t.Helper()
	ps := uintptr(os.Getpagesize())
	first := (uintptr(p) + ps - 1) / ps
	last := (uintptr(p) + size) / ps
	entries := make([]byte, 8*(last-first))
	if _, err := pagemap.ReadAt(entries, int64(first*8)); err != nil {
		t.Skipf("cannot read the page map: %v", err)
	}
	for i := 0; i < len(entries); i += 8 {
		e := binary.LittleEndian.Uint64(entries[i:])
		total++
		if e&(1<<63) != 0 && e&(1<<56) != 0 {
			own++
		}
	}
	return own, total
}
