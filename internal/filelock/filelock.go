// Package filelock serialises processes that rewrite a file by writing a
// new version beside it and renaming it over the old one, as
// `iotthreat track` does with a model: without it, two edits that run at
// once both read the same version and the second rename drops the
// first's change.
//
// The lock is an advisory lock (flock(2)) on the file itself, not on a
// companion file such as .model.yaml.lock: a companion would be left
// behind in the user's repository, and a stale one (from a killed
// process) would have to be detected and removed. A flock lock ends with
// the process that holds it, however it ends. The catch is that the
// rename replaces the file: a process that was waiting holds, once it
// gets the lock, the lock of a version nobody uses any more. So after
// every acquisition Acquire checks that the path still names the file it
// locked (same device and inode) and, if not, starts again on the new
// file. Every writer must therefore keep the lock until its rename is
// done.
//
// Advisory means that only programs that take the lock are kept out: an
// editor saving the file meanwhile is not. Where flock is not available
// (see lock_other.go) Acquire succeeds at once without locking.
package filelock

import (
	"errors"
	"math/rand/v2"
	"os"
	"time"
)

// ErrTimeout is returned when another process kept the lock for the
// whole wait.
var ErrTimeout = errors.New("the file is locked by another process")

// ErrNotRegular is returned for what is not a plain file: opening a named
// pipe to lock it could wait forever for a writer.
var ErrNotRegular = errors.New("not a regular file")

// Lock is a held lock. Unlock releases it.
type Lock struct {
	f *os.File
}

// Unlock releases the lock. It may be called more than once.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}

// Poll delays between attempts: short at first, for locks held a few
// milliseconds (one edit), growing to pollMax so that many waiters do not
// keep the CPU busy. Jitter keeps waiters from retrying in step.
const (
	pollMin = 2 * time.Millisecond
	pollMax = 40 * time.Millisecond
)

// Acquire takes an exclusive lock on the file at path, which must exist.
// It waits while another process holds the lock, but at most wait for
// any one holder: when the holder is done and has renamed a new version
// into place, which is how Acquire sees progress, the wait starts again,
// so that a queue of short edits (a script running dozens of them at
// once) is served however long it is, while a holder that keeps the lock
// longer than wait, or a queue that takes more than MaxWaits × wait in
// all, ends it with ErrTimeout. The returned lock is on the file path
// names at the moment Acquire returns (see the package comment). Other
// errors are those of opening or locking the file: a missing file, what
// is not a regular file, or a file system that does not support locks.
func Acquire(path string, wait time.Duration) (*Lock, error) {
	start := time.Now()
	deadline := start.Add(wait)
	last := start.Add(MaxWaits * wait)
	delay := pollMin
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok && current(f, path) {
			return &Lock{f: f}, nil
		}
		if ok {
			unlock(f)
		}
		if !current(f, path) {
			// Replaced by the holder's rename (or while we waited for
			// it): progress. Lock the new file, waiting afresh.
			f.Close()
			if f, err = open(path); err != nil {
				return nil, err
			}
			deadline = time.Now().Add(wait)
			if ok && time.Now().Before(last) {
				continue
			}
		}
		now := time.Now()
		if !now.Before(deadline) || !now.Before(last) {
			f.Close()
			return nil, ErrTimeout
		}
		time.Sleep(delay/2 + rand.N(delay))
		delay = min(2*delay, pollMax)
	}
}

// MaxWaits bounds Acquire's whole wait, in multiples of its wait for one
// holder: a queue of edits that never ends is not waited out.
const MaxWaits = 6

// open opens path for locking: for writing when allowed, as locks over
// NFS need, else for reading (a read-only model that track will not edit
// may still be locked while its included files are).
func open(path string) (*os.File, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "lock", Path: path, Err: ErrNotRegular}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		return f, nil
	}
	return os.Open(path)
}

// current reports whether path still names the open file f.
func current(f *os.File, path string) bool {
	held, err := f.Stat()
	if err != nil {
		return false
	}
	now, err := os.Stat(path)
	return err == nil && os.SameFile(held, now)
}
