package outfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeText(ctx context.Context, path string, opts Options, text string) error {
	return Write(ctx, path, opts, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}

// leftovers lists the temporary files left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var tmp []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			tmp = append(tmp, e.Name())
		}
	}
	return tmp
}

// The output may not be any input, however it is named: the same path,
// another spelling, a symbolic link, a hard link. The input is kept.
func TestOutputIsAnInput(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.yaml")
	if err := os.WriteFile(model, []byte("iotthreat: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	symlink := filepath.Join(dir, "link.html")
	if err := os.Symlink("model.yaml", symlink); err != nil {
		t.Skip(err)
	}
	hardlink := filepath.Join(dir, "hard.html")
	if err := os.Link(model, hardlink); err != nil {
		t.Skip(err)
	}
	inputs := []Input{{Path: model, Role: "the model"}}
	for _, out := range []string{model, filepath.Join(dir, ".", "model.yaml"), symlink, hardlink} {
		err := writeText(context.Background(), out, Options{Inputs: inputs}, "report\n")
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "it is the model "+model) {
			t.Errorf("-o %s: got %v, want a refusal naming the model", out, err)
		}
		if err := Check(out, Options{Inputs: inputs}); err == nil {
			t.Errorf("Check(%s) accepted the model as output", out)
		}
	}
	if data, _ := os.ReadFile(model); string(data) != "iotthreat: 1\n" {
		t.Errorf("the model now holds %q", data)
	}
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	// Another file, and a file not written yet, are fine.
	for _, out := range []string{filepath.Join(dir, "other.html"), filepath.Join(dir, "report.html")} {
		os.WriteFile(filepath.Join(dir, "other.html"), []byte("old\n"), 0o644)
		if err := writeText(context.Background(), out, Options{Inputs: inputs}, "report\n"); err != nil {
			t.Errorf("-o %s: %v", out, err)
		}
	}
}

// Standard output appended to the model is refused; a pipe or another
// file is not.
func TestCheckStdout(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.yaml")
	os.WriteFile(model, []byte("iotthreat: 1\n"), 0o644)
	inputs := []Input{{Path: model, Role: "the model"}}
	f, err := os.OpenFile(model, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := CheckStdout(f, inputs); err == nil {
		t.Error("CheckStdout accepted standard output appended to the model")
	}
	other, _ := os.Create(filepath.Join(dir, "out.txt"))
	defer other.Close()
	if err := CheckStdout(other, inputs); err != nil {
		t.Errorf("another file: %v", err)
	}
	if err := CheckStdout(io.Discard, inputs); err != nil {
		t.Errorf("not a file: %v", err)
	}
}

// Keep refuses an existing file, before the work and at the end, and
// writes a new one.
func TestKeep(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "model.yaml")
	os.WriteFile(existing, []byte("mine\n"), 0o644)
	if err := Check(existing, Options{Keep: true}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("Check: got %v, want a refusal with a --force hint", err)
	}
	if err := writeText(context.Background(), existing, Options{Keep: true}, "generated\n"); err == nil {
		t.Error("Write replaced an existing file with Keep")
	}
	// A file that appears while the output is written is kept too.
	late := filepath.Join(dir, "late.yaml")
	err := Write(context.Background(), late, Options{Keep: true}, func(w io.Writer) error {
		return os.WriteFile(late, []byte("mine\n"), 0o644)
	})
	if err == nil {
		t.Error("Write replaced a file that appeared meanwhile")
	}
	for _, p := range []string{existing, late} {
		if data, _ := os.ReadFile(p); string(data) != "mine\n" {
			t.Errorf("%s holds %q", p, data)
		}
	}
	fresh := filepath.Join(dir, "new.yaml")
	if err := writeText(context.Background(), fresh, Options{Keep: true}, "generated\n"); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(fresh); string(data) != "generated\n" {
		t.Errorf("new file holds %q", data)
	}
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// Ending the context removes the temporary file at once, before the
// writer notices, and leaves the previous file as it was.
func TestCancelRemovesTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "big.yaml")
	os.WriteFile(out, []byte("previous\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	var seen []string
	err := Write(ctx, out, Options{}, func(w io.Writer) error {
		if _, err := io.WriteString(w, strings.Repeat("x", 1<<17)); err != nil {
			return err
		}
		if len(leftovers(t, dir)) != 1 {
			t.Error("no temporary file while writing")
		}
		cancel()
		// The removal runs on its own goroutine: wait for it a little.
		for range 1000 {
			if seen = leftovers(t, dir); len(seen) == 0 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		for {
			if _, err := io.WriteString(w, strings.Repeat("y", 4096)); err != nil {
				return err
			}
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if len(seen) > 0 {
		t.Errorf("temporary file still there after cancel: %v", seen)
	}
	if tmp := leftovers(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	if data, _ := os.ReadFile(out); string(data) != "previous\n" {
		t.Errorf("the previous output now holds %d bytes", len(data))
	}
}
