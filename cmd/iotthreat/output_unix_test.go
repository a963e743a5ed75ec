//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
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
	err := writeOutput(&cobra.Command{}, pipe, func(w io.Writer, _ bool) error {
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
	err := writeOutput(&cobra.Command{}, link, func(w io.Writer, _ bool) error {
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
