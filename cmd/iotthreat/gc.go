package main

import (
	"os"
	"runtime/debug"
)

// Garbage collection settings for one analysis. The process is short-lived
// and allocates far more than it keeps, so collecting less often than Go's
// default saves time; but every byte the collector does not reuse is a
// fresh page the kernel must fault in, which costs as much on this kind of
// machine. Measured on the 10,000-element model (docs/performance.md,
// "Loading without the whole tree"): GOGC=200 is 7% faster than 400 with a
// fifth less memory; at 1,000 elements it is as fast as 400, where Go's
// default of 100 is 8% slower. The design's budget is 1 GiB, so the heap may also never pass
// gcMemoryLimit. That limit is soft: a model whose live data alone
// exceeds it would make the collector run without pause (measured: 107 s
// instead of 35 s for 100,000 elements), so models too large for it keep
// Go's default pace, with a higher soft limit, gcLargeLimit: the
// 100,000-element model keeps about 1.2 GiB live, and without a limit the
// heap grew to twice that before a collection (2.6 GB peak). A model
// whose live data passes even that limit still finishes: Go then caps
// the collector's share of the processor at half. GOGC or GOMEMLIMIT in
// the environment always win.
const (
	gcHeadroom     = 200
	gcMemoryLimit  = 1 << 30
	gcMaxModelSize = 16 << 20 // bytes of YAML; about 25,000 elements
	gcLargeLimit   = 1700 << 20
)

// tuneGC applies the settings for the model file at path.
func tuneGC(path string) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		return
	}
	if st.Size() > gcMaxModelSize {
		debug.SetMemoryLimit(gcLargeLimit)
		return
	}
	debug.SetGCPercent(gcHeadroom)
	debug.SetMemoryLimit(gcMemoryLimit)
}
