package prefault

import (
	"runtime"
	"runtime/debug"
	"testing"
	"unsafe"
)

var kept []record

// BenchmarkFillAfterCollection makes a 32 MiB buffer, lets a collection
// scan it while it is still empty (as happens when the analysis builds
// its findings), then fills it: the case the package exists for.
func BenchmarkFillAfterCollection(b *testing.B) {
	n := (32 << 20) / int(unsafe.Sizeof(record{}))
	for _, c := range []struct {
		name string
		make func(n int) []record
	}{
		{"make", func(n int) []record { return make([]record, n) }},
		{"prefault", func(n int) []record { return Make[record](n, n) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				kept = c.make(n)
				runtime.GC()
				for i := range kept {
					kept[i].name = "filled"
					kept[i].next = &kept[0]
				}
				kept = nil
				debug.FreeOSMemory() // so that the next round starts on fresh pages

			}
		})
	}
}
