//go:build linux

package outfile

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func writeTestOutput(t *testing.T, path, text string) error {
	t.Helper()
	return Write(context.Background(), path, Options{}, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}

// -o /dev/stdout when standard output is a file the shell opened (">>
// log"): /dev/stdout is a link to /proc/self/fd/1, which names the file;
// the output must go to the descriptor, not replace the file.
// Here /proc/self/fd/N plays /dev/stdout, N a descriptor opened for
// appending, as ">> log" opens it.
func TestOutputToDescriptorOfRegularFile(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log.txt")
	if err := os.WriteFile(log, []byte("earlier run\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	stdout := fmt.Sprintf("/proc/self/fd/%d", fd.Fd())
	if _, err := os.Stat(stdout); err != nil {
		t.Skip("no /proc here")
	}
	if err := writeTestOutput(t, stdout, "report\n"); err != nil {
		t.Fatal(err)
	}
	fd.WriteString("after the report\n") // what the shell or the program writes next
	data, _ := os.ReadFile(log)
	if string(data) != "earlier run\nreport\nafter the report\n" {
		t.Errorf("log holds %q, want the report appended to the descriptor", data)
	}
}

// A new -o file honours the umask, as every other tool's output does: a
// threat model report written by a user with umask 077 is not readable by
// everyone.
func TestOutputHonoursUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	if err := writeTestOutput(t, out, "report\n"); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("new output has mode %v under umask 077, want -rw-------", st.Mode().Perm())
	}
	// An existing private file stays private.
	private := filepath.Join(dir, "private.html")
	os.WriteFile(private, []byte("old\n"), 0o600)
	if err := writeTestOutput(t, private, "report\n"); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(private); st.Mode().Perm() != 0o600 {
		t.Errorf("rewritten private output has mode %v, want -rw-------", st.Mode().Perm())
	}
}

// An existing read-only output is not replaced.
func TestOutputReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Log("running as root: a plain open would succeed too")
	}
	out := filepath.Join(t.TempDir(), "report.html")
	os.WriteFile(out, []byte("keep me\n"), 0o444)
	err := writeTestOutput(t, out, "report\n")
	data, _ := os.ReadFile(out)
	st, _ := os.Stat(out)
	t.Logf("err=%v, file now %q mode %v", err, data, st.Mode().Perm())
	if err == nil && (os.Geteuid() != 0 || st.Mode().Perm() != 0o444) {
		t.Errorf("a read-only -o file was replaced and made writable (now %v)", st.Mode().Perm())
	}
}

// A dangling symbolic link: its target is created, and the link stays.
func TestOutputDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "site"), 0o755)
	target := filepath.Join(dir, "site", "report.html")
	link := filepath.Join(dir, "report.html")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if err := writeTestOutput(t, link, "report\n"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the dangling link was replaced by a regular file")
	}
	if _, err := os.Stat(target); err != nil {
		t.Errorf("the link's target was not written: %v", err)
	}
}

// A symbolic link loop is reported, not replaced.
func TestOutputSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.html"), filepath.Join(dir, "b.html")
	os.Symlink(b, a)
	os.Symlink(a, b)
	err := writeTestOutput(t, a, "report\n")
	st, _ := os.Lstat(a)
	t.Logf("err=%v, a is now %v", err, st.Mode())
	if err == nil {
		t.Errorf("-o onto a symbolic link loop succeeded and replaced the link")
	}
}

// A symbolic link to a directory is refused up front.
func TestOutputSymlinkToDirectory(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "out")
	os.Symlink(dir, link)
	if err := Check(link, Options{}); err == nil {
		t.Errorf("Check accepted a link to a directory")
	}
}

// A relative symbolic link in another directory is followed relative to
// the link.
func TestOutputRelativeSymlink(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "real.html"), []byte("old\n"), 0o644)
	link := filepath.Join(dir, "a", "b", "link.html")
	os.Symlink("../real.html", link)
	if err := writeTestOutput(t, link, "new\n"); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a", "real.html")); string(data) != "new\n" {
		t.Errorf("target holds %q", data)
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link replaced")
	}
}

// Keep does not refuse a descriptor that leads to an existing file
// (generate -o /dev/stdout > model.yaml): the shell's redirection chose it,
// and it is written in place, never replaced.
func TestKeepDescriptor(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
	if _, err := os.Stat(fd); err != nil {
		t.Skip("no /proc here")
	}
	if err := Check(fd, Options{Keep: true}); err != nil {
		t.Errorf("Check(%s, Keep): %v", fd, err)
	}
}
