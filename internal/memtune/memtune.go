// Package memtune sets up the process's memory for one analysis of a
// model file: how often the garbage collector runs (gc.go) and whether the
// heap is backed by huge pages (hugepages.go), both kept under the memory
// limit of the control group the process runs in (limit.go). Both are
// settings for a short-lived process that allocates far more than it
// keeps; neither changes a result.
//
// It is the one place the commands that analyse a model tune memory, and
// nothing else in the module calls it: libraries, tests and benchmarks run
// with Go's defaults.
package memtune

import (
	"os"
	"sync"
)

// marked makes the huge-page reservation once per process: a second
// analysis in the same process (diff's two models, the CLI's tests) grows
// into the memory the first one marked, or past it in small pages.
var marked sync.Once

// ForModel applies the settings for analysing the model file at path.
// A path that cannot be read (or standard input) gets the settings of a
// small model; reading it fails later, where the error is reported.
func ForModel(path string) {
	var size int64
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	// Huge pages first: the reservation is a large allocation, which a
	// memory limit set before it would answer with a collection.
	marked.Do(func() { backHeapWithHugePages(size, os.Getenv) })
	tuneGC(size, os.Getenv)
}
