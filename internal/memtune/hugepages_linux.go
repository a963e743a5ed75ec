package memtune

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// backHeapWithHugePages marks the heap the analysis of a model of size
// bytes will grow into for huge pages, where regionFor says so.
func backHeapWithHugePages(size int64, getenv func(string) string) {
	if n := regionFor(size, readSystem(), getenv); n > 0 {
		reserve(uintptr(n))
	}
}

// readSystem reads the kernel's settings; a file it cannot read leaves
// its field unknown, which regionFor takes as "do nothing".
func readSystem() system {
	sys := system{wordBits: strconv.IntSize}
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err == nil {
		sys.thp = selectedMode(string(b))
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err == nil {
		sys.overcommit = strings.TrimSpace(string(b))
	}
	var lim unix.Rlimit
	sys.addressLimited = unix.Getrlimit(unix.RLIMIT_AS, &lim) != nil || lim.Cur != unix.RLIM_INFINITY
	var info unix.Sysinfo_t
	if unix.Sysinfo(&info) == nil {
		sys.memory = uint64(info.Totalram) * uint64(info.Unit)
	}
	if limit := groupLimit(); limit > 0 {
		sys.memory = min(sys.memory, limit)
	}
	return sys
}

// reserve grows the heap by n bytes of fresh memory, marks it with
// MADV_HUGEPAGE and gives the memory back to the heap and its pages back
// to the kernel. Go takes a large allocation in a fresh process from newly
// mapped memory and does not clear memory the kernel has just mapped, so
// no page of it is touched; the collector is off meanwhile, so the
// allocation starts no collection of its own, and FreeOSMemory's one
// collection frees it (b is dead by then) and releases its pages. The
// kernel backs with huge pages only the whole, aligned ones inside the
// marked memory; the parts at its ends keep small pages.
func reserve(n uintptr) {
	was := debug.SetGCPercent(-1)
	b := make([]byte, n)
	// Refused (an old kernel, a seccomp filter): the heap keeps small
	// pages, as without this package.
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
	debug.SetGCPercent(was)
	debug.FreeOSMemory()
}
