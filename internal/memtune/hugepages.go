package memtune

import "strings"

// Huge pages for the heap. A fresh page of memory costs the kernel a
// fault and, on a virtual machine, often a trip to the host; on the
// 2-core machine the targets are measured on, faults were a third of the
// CPU of `analyze --format json` (64,000 of them at 10,000 elements,
// 557,000 at 100,000). Linux can back memory with 2 MiB pages instead of
// 4 KiB ones, one fault for 512 pages and fewer TLB misses after, but on
// most distributions (transparent_hugepage "madvise") only for memory a
// program marks with madvise(MADV_HUGEPAGE), and Go no longer marks its
// heap.
//
// So before the analysis starts the heap is made to grow by one large
// allocation, that memory is marked for huge pages, and the allocation is
// dropped and its pages handed back without ever being touched: the
// mapping and its mark stay, and the loader's and the engine's objects
// are then placed in it as the heap grows. Measured on this machine
// (docs/performance.md, "Huge pages for the heap"): `analyze --format
// json` 0.69–0.80× the wall time from the reference example to 100,000
// elements; peak memory 10–20% higher, since a huge page is resident
// whole once any of it is used (up to a third on small `validate` runs).
//
// Nothing is done where it cannot help or might hurt: other systems than
// Linux, 32-bit programs, a kernel that already uses huge pages for all
// memory ("always") or never does, strict overcommit accounting (where the
// untouched reservation would still be charged for the whole run), an
// address-space limit (ulimit -v), memory too tight for the higher peak
// (where the model's analysis would take more than half of what the
// process may use: the machine's memory, or its control group's limit
// when lower), GODEBUG=disablethp=1 (Go's own switch for keeping huge
// pages off its heap) and GODEBUG=harddecommit=1 (Go then maps memory
// afresh each time it reuses it, which drops the mark).
const (
	// minRegion covers a small model's analysis, most of which is the
	// rule library and its compiled programs.
	minRegion = 64 << 20
	// regionPerModelByte: analysing a model takes about 43 bytes of
	// memory at peak per byte of YAML at 10,000 elements and 28 at
	// 100,000; what the heap needs past the region still works, in
	// small pages.
	regionPerModelByte = 40
	// maxRegion bounds the reservation whatever the model: it is address
	// space, not memory, but the kernel refuses mappings far larger than
	// the machine.
	maxRegion = 2 << 30
	// memoryShare: never reserve more than a quarter of the memory the
	// process may use.
	memoryShare = 4
	// tightShare: where the model's analysis is expected to need more than
	// half the memory the process may use, reserve nothing: huge pages
	// raise the peak, and a control group's limit is enforced by killing.
	tightShare = 2
)

// system is what the choice depends on, read from the kernel where it
// runs (hugepages_linux.go) and given by hand in tests.
type system struct {
	thp        string // selected mode of transparent_hugepage/enabled: always, madvise, never; "" if unknown
	overcommit string // vm.overcommit_memory: 0, 1 or 2; "" if unknown
	// memory is the bytes of memory the process may use: the machine's,
	// or its control group's limit where that is lower; 0 if unknown.
	memory   uint64
	wordBits int // 32 or 64
	// addressLimited: the process's address space is limited (ulimit -v),
	// where the reservation could make the runtime fail to map memory.
	addressLimited bool
}

// regionFor returns how many bytes of heap to mark for huge pages before
// analysing a model of size bytes, or 0 for none.
func regionFor(size int64, sys system, getenv func(string) string) uint64 {
	if sys.thp != "madvise" || sys.overcommit == "2" || sys.wordBits < 64 || sys.memory == 0 || sys.addressLimited {
		return 0
	}
	if godebug := getenv("GODEBUG"); goDebugOn(godebug, "disablethp") || goDebugOn(godebug, "harddecommit") {
		return 0
	}
	// Sizes past a terabyte (a sparse file) would wrap around; loading
	// refuses them anyway.
	need := uint64(min(max(size, 0), 1<<40)) * regionPerModelByte
	if need > sys.memory/tightShare {
		return 0
	}
	n := min(max(need, minRegion), maxRegion, sys.memory/memoryShare)
	if n < minRegion {
		return 0
	}
	return n
}

// goDebugOn reports whether the GODEBUG value godebug turns the setting
// name on: any value but 0 (the last setting of a name wins, as in Go).
func goDebugOn(godebug, name string) bool {
	on := false
	for _, kv := range strings.Split(godebug, ",") {
		if n, value, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && n == name {
			on = value != "" && value != "0"
		}
	}
	return on
}

// selectedMode returns the bracketed word of a kernel setting file such
// as "always [madvise] never", or "".
func selectedMode(content string) string {
	_, rest, ok := strings.Cut(content, "[")
	if !ok {
		return ""
	}
	mode, _, ok := strings.Cut(rest, "]")
	if !ok {
		return ""
	}
	return mode
}
