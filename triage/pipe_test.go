//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package triage

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe as the model or side file is refused before it is opened:
// reading it would wait for a writer for ever.
func TestRecordRefusesNamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "model.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("cannot make a named pipe here:", err)
	}
	for _, args := range [][2]string{{fifo, ""}, {"", fifo}} {
		done := make(chan error, 1)
		go func() {
			_, err := Record(args[0], args[1], open1)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.HasPrefix(err.Error(), "cannot edit "+fifo+": it is not a regular file\n\thint: ") {
				t.Errorf("Record(%q, %q): %v", args[0], args[1], err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Record(%q, %q) blocked on a named pipe", args[0], args[1])
		}
	}
}
