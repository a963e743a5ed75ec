//go:build unix

package usercache

import (
	"fmt"
	"os"
	"syscall"
)

// checkOwner refuses a directory the current user does not own.
func checkOwner(dir string, fi os.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("cache directory %s: cannot read its owner", dir)
	}
	if uid := os.Geteuid(); int(st.Uid) != uid {
		return fmt.Errorf("cache directory %s belongs to user %d, not to you (%d)", dir, st.Uid, uid)
	}
	return nil
}
