package filelock

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func locking(t *testing.T) {
	t.Helper()
	switch runtime.GOOS {
	case "darwin", "dragonfly", "freebsd", "linux", "netbsd", "openbsd":
	default:
		t.Skip("no flock on", runtime.GOOS)
	}
}

func file(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "model.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A held lock keeps a second taker out for the whole wait, and lets it in
// once released. flock locks belong to an open file, so two Acquires in
// one process exclude each other as two processes do.
func TestAcquireWaitsAndTimesOut(t *testing.T) {
	locking(t)
	path := file(t, "v1\n")
	first, err := Acquire(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if l, err := Acquire(path, 150*time.Millisecond); !errors.Is(err, ErrTimeout) {
		l.Unlock()
		t.Fatalf("second Acquire while held: %v, want ErrTimeout", err)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond || waited > 2*time.Second {
		t.Errorf("waited %v for a 150ms bound", waited)
	}
	first.Unlock()
	first.Unlock() // harmless
	second, err := Acquire(path, time.Second)
	if err != nil {
		t.Fatalf("Acquire after Unlock: %v", err)
	}
	second.Unlock()
}

// A waiter whose file is renamed over while it waits ends up holding the
// lock of the new file, not of the replaced one.
func TestAcquireFollowsReplacement(t *testing.T) {
	locking(t)
	path := file(t, "v1\n")
	first, err := Acquire(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *Lock)
	go func() {
		l, err := Acquire(path, 5*time.Second)
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	time.Sleep(50 * time.Millisecond) // let it find the lock taken
	tmp := filepath.Join(filepath.Dir(path), ".new")
	if err := os.WriteFile(tmp, []byte("v2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	first.Unlock()
	second := <-got
	if second == nil {
		t.FailNow()
	}
	defer second.Unlock()
	if !current(second.f, path) {
		t.Fatal("the waiter holds the lock of the replaced file")
	}
	// And the new file is really locked.
	if l, err := Acquire(path, 50*time.Millisecond); !errors.Is(err, ErrTimeout) {
		l.Unlock()
		t.Fatalf("new file not locked: %v", err)
	}
}

func TestAcquireMissingFile(t *testing.T) {
	_, err := Acquire(filepath.Join(t.TempDir(), "none.yaml"), time.Second)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Acquire of a missing file: %v", err)
	}
}

// A read-only file can still be locked (it is opened for reading).
func TestAcquireReadOnlyFile(t *testing.T) {
	locking(t)
	path := file(t, "v1\n")
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	l, err := Acquire(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if _, err := Acquire(path, 20*time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Fatalf("read-only file not locked: %v", err)
	}
}

// A directory (or a named pipe, which could block the open) is refused.
func TestAcquireNotRegular(t *testing.T) {
	_, err := Acquire(t.TempDir(), time.Second)
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("Acquire of a directory: %v", err)
	}
}

// The wait bounds one holder, not the queue: a waiter behind holders that
// each finish within it (renaming a new version into place) is served,
// even when all of them together take longer.
func TestAcquireWaitRestartsOnProgress(t *testing.T) {
	locking(t)
	path := file(t, "v1\n")
	held, err := Acquire(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	const wait = 300 * time.Millisecond
	got := make(chan error)
	go func() {
		l, err := Acquire(path, wait)
		l.Unlock()
		got <- err
	}()
	start := time.Now()
	for v := 2; v <= 4; v++ {
		time.Sleep(wait * 2 / 3)
		// The next holder in the queue: it writes and locks a new
		// version, renames it into place and releases the old one.
		tmp := filepath.Join(filepath.Dir(path), ".new")
		if err := os.WriteFile(tmp, []byte("v\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		next, err := Acquire(tmp, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
		held.Unlock()
		held = next
	}
	time.Sleep(wait * 2 / 3)
	held.Unlock()
	if err := <-got; err != nil {
		t.Fatalf("waiter behind %v of steady progress: %v", time.Since(start).Round(time.Millisecond), err)
	}
}
