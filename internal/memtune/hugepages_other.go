//go:build !linux

package memtune

// backHeapWithHugePages does nothing where the kernel is not Linux: the
// marking it needs is Linux's madvise(MADV_HUGEPAGE).
func backHeapWithHugePages(int64, func(string) string) {}
