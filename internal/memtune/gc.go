package memtune

import (
	"math"
	"runtime/debug"
)

// Garbage collection settings for one analysis. The process is short-lived
// and allocates far more than it keeps, so collecting less often than Go's
// default saves time; but every byte the collector does not reuse is a
// fresh page the kernel must fault in, which costs as much on this kind of
// machine. Measured on the 10,000-element model (docs/performance.md,
// "Loading without the whole tree"): GOGC=200 is 7% faster than 400 with a
// fifth less memory; at 1,000 elements it is as fast as 400, where Go's
// default of 100 is 8% slower. The design's budget is 1 GiB, so the heap
// may also never pass gcMemoryLimit. That limit is soft: a model whose
// live data alone exceeds it would make the collector run without pause
// (measured: 107 s instead of 35 s for 100,000 elements), so models too
// large for it keep Go's default pace, with a higher soft limit,
// gcLargeLimit: the 100,000-element model keeps about 1.4 GiB live at the
// analysis's peak, and without a limit the heap grew to twice that before
// a collection (2.6 GB peak). At 1,700 MiB the collector ran nearly back
// to back at the end, three collections of 1–2 s that freed little; at
// 1,900 MiB the command takes 0.90× the time and peaks at 1,920 MiB
// (docs/performance.md, "A higher soft limit for large models"). A
// model whose live data passes even that limit still finishes: Go then
// caps the collector's share of the processor at half. In a
// control group with a lower memory limit, the soft limit is a tenth below
// it instead: there the kernel kills a process that passes the limit,
// and a collector working harder near it is the better end. GOGC or
// GOMEMLIMIT in the environment always win.
const (
	gcHeadroom     = 200
	gcMemoryLimit  = 1 << 30
	gcMaxModelSize = 16 << 20 // bytes of YAML; about 25,000 elements
	gcLargeLimit   = 1900 << 20
	// gcGroupShare: the soft limit is at most this share, in tenths, of a
	// control group's limit.
	gcGroupShare = 9
)

// gcSettings is what tuneGC applies: a GOGC percentage (0: keep Go's) and
// a soft memory limit in bytes (0: none).
type gcSettings struct {
	percent int
	limit   int64
}

// gcFor chooses the settings for a model of size bytes in a control group
// limited to groupLimit bytes (0: none), or reports false when the
// environment sets its own.
func gcFor(size int64, groupLimit uint64, getenv func(string) string) (gcSettings, bool) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return gcSettings{}, false
	}
	s := gcSettings{percent: gcHeadroom, limit: gcMemoryLimit}
	if size > gcMaxModelSize {
		s = gcSettings{limit: gcLargeLimit}
	}
	if groupLimit > 0 {
		s.limit = min(s.limit, int64(min(groupLimit/10*gcGroupShare, math.MaxInt64)))
	}
	return s, true
}

// tuneGC applies the settings for a model of size bytes.
func tuneGC(size int64, getenv func(string) string) {
	s, ok := gcFor(size, groupLimit(), getenv)
	if !ok {
		return
	}
	if s.percent != 0 {
		debug.SetGCPercent(s.percent)
	}
	debug.SetMemoryLimit(s.limit)
}
