//go:build unix

package outfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// -o onto a device or a named pipe writes into it: renaming a temporary
// file over /dev/null would replace the device with an ordinary file.
func TestWriteOutputIntoNamedPipe(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skip("cannot make a named pipe here:", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(pipe)
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		got <- string(data)
	}()
	err := Write(context.Background(), pipe, Options{}, func(w io.Writer) error {
		_, err := io.WriteString(w, "report\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(pipe); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the named pipe was replaced: %v %v", st, err)
	}
	select {
	case s := <-got:
		if s != "report\n" {
			t.Errorf("the pipe received %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Error("nothing reached the pipe")
	}
}

// -o through a symbolic link writes the file it points to.
func TestWriteOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.txt")
	link := filepath.Join(dir, "link.txt")
	if err := os.WriteFile(target, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("cannot make a symbolic link here:", err)
	}
	err := Write(context.Background(), link, Options{}, func(w io.Writer) error {
		_, err := io.WriteString(w, "new\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st, err)
	}
	if data, _ := os.ReadFile(target); string(data) != "new\n" {
		t.Errorf("the target holds %q", data)
	}
}

// SIGINT while a file is written removes the temporary file and reports
// the signal; the previous file is kept. Afterwards the signal has its
// default effect again (not tested: it would end the test).
func TestInterruptRemovesTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "big.yaml")
	os.WriteFile(out, []byte("previous\n"), 0o644)
	err := Write(context.Background(), out, Options{}, func(w io.Writer) error {
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := io.WriteString(w, "line\n"); err != nil {
				return err
			}
		}
		return nil
	})
	var in *Interrupted
	if !errors.As(err, &in) || in.Signal != syscall.SIGINT || in.Path != out {
		t.Fatalf("got %v, want an *Interrupted by SIGINT naming %s", err, out)
	}
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	if data, _ := os.ReadFile(out); string(data) != "previous\n" {
		t.Errorf("the previous output now holds %d bytes", len(data))
	}
}
