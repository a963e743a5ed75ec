//go:build !linux

package prefault

import "unsafe"

// write writes each page of the size bytes at p.
func write(p unsafe.Pointer, size uintptr) { writeEach(p, size) }
