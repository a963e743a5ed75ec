package memtune

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHeapGrowsIntoHugePageMemory checks what reserve is for: memory the
// heap takes after it is marked for huge pages ("hg" among the mapping's
// VmFlags in /proc/self/smaps), and the reservation itself leaves no
// memory in use. A large allocation made before shows the check can tell
// marked memory from unmarked. It runs in a fresh process of its own: in
// one that has reserved before (-count=2), the heap has marked memory
// free already.
func TestHeapGrowsIntoHugePageMemory(t *testing.T) {
	if sys := readSystem(); sys.thp != "madvise" {
		t.Skipf("transparent huge pages are %q here, not madvise: reserve is not used", sys.thp)
	}
	if os.Getenv(freshProcess) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHeapGrowsIntoHugePageMemory$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), freshProcess+"=1")
		out, err := cmd.CombinedOutput()
		if strings.Contains(string(out), "--- SKIP") {
			t.Skipf("in a fresh process:\n%s", out)
		}
		if err != nil || !strings.Contains(string(out), "--- PASS") {
			t.Fatalf("in a fresh process: %v\n%s", err, out)
		}
		return
	}
	const size = 48 << 20 // larger than any free run in a fresh test process
	before := make([]byte, size)
	if markedForHugePages(t, before) {
		t.Fatal("fresh heap memory is already marked for huge pages: the check cannot tell")
	}
	rss := residentBytes(t)
	reserve(128 << 20)
	if grown := residentBytes(t) - rss; grown > 16<<20 {
		t.Errorf("the reservation left %d MiB resident; its pages must be handed back untouched", grown>>20)
	}
	after := make([]byte, size)
	if !markedForHugePages(t, after) {
		t.Error("memory the heap took after reserve is not marked for huge pages")
	}
	runtime.KeepAlive(before) // else after may take its place
}

// freshProcess names the environment variable that tells the test it
// runs in the process it started.
const freshProcess = "MEMTUNE_TEST_FRESH_PROCESS"

// markedForHugePages reports whether every mapping b lies in has the hg flag.
func markedForHugePages(t *testing.T, b []byte) bool {
	t.Helper()
	from := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	to := from + uint64(len(b))
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps to read: %v", err)
	}
	defer f.Close()
	covered, all := uint64(0), true
	var lo, hi uint64
	in := false
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if r, _, ok := strings.Cut(line, " "); ok && strings.Contains(r, "-") && !strings.HasSuffix(r, ":") {
			a, b, _ := strings.Cut(r, "-")
			lo, _ = strconv.ParseUint(a, 16, 64)
			hi, _ = strconv.ParseUint(b, 16, 64)
			in = lo < to && hi > from
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			covered += min(hi, to) - max(lo, from)
			if !strings.Contains(" "+line[len("VmFlags:"):]+" ", " hg ") {
				all = false
			}
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if covered != to-from {
		t.Fatalf("smaps covers %d of the slice's %d bytes", covered, to-from)
	}
	return all
}

// residentBytes reads the process's resident memory from /proc/self/statm.
func residentBytes(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skipf("no statm: %v", err)
	}
	fields := strings.Fields(string(b))
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return pages * int64(os.Getpagesize())
}
