//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package filelock

import "os"

// On systems without flock(2) (Windows, Solaris, illumos, AIX, Plan 9,
// WebAssembly) tryLock always succeeds without locking anything:
// concurrent edits of one file are not serialised there, and the last
// rename wins, as it did before locking existed. LockFileEx (Windows) or
// fcntl locks could fill this in; the standard library exposes neither
// portably.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) {}
