package triage

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/iotthreat/iotthreat/strictyaml"
)

// editFile applies edit to the lines of the file at path and replaces the
// file atomically with the result, after verify (if any) accepts it. It
// returns what the file held before and its permissions, for undoing.
// The file keeps its line endings (see text) and permissions.
//
// A symbolic link is followed and its target edited: renaming over the
// link would replace it with a copy and leave the real model unchanged.
// The caller holds the edit lock.
func editFile(path string, edit func([]string) ([]string, error), verify func([]byte) error) ([]byte, fs.FileMode, error) {
	real := realPath(path)
	info, err := os.Stat(real)
	if err != nil {
		return nil, 0, err
	}
	if err := checkRegular(path); err != nil {
		return nil, 0, err
	}
	data, err := readLimited(real)
	if err != nil {
		return nil, 0, err
	}
	t := splitText(string(data))
	lines, err := edit(append([]string(nil), t.lines...))
	if err != nil {
		if _, located := err.(*editError); located {
			return nil, 0, fmt.Errorf("%s:%w", path, err)
		}
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	out := []byte(t.join(lines))
	if verify != nil {
		if err := verify(out); err != nil {
			return nil, 0, err
		}
	}
	perm := info.Mode().Perm()
	return data, perm, writeAtomically(real, out, perm)
}

// checkRegular refuses what track cannot edit, before it is read: a
// named pipe would block the read for ever, a device would be replaced by
// a file. A missing file is left to the read to report.
func checkRegular(path string) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("cannot edit %s: it is not a regular file\n\thint: track edits a YAML file in place; name a plain file", path)
	}
	return nil
}

// realPath is path with symbolic links followed, or path when that fails.
func realPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}

// readLimited reads the file at path, refusing one larger than the
// model size limit: a side file is read whole, and is untrusted input.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	limit := strictyaml.DefaultLimits.MaxBytes
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err == nil && len(data) > limit {
		err = fmt.Errorf("%s is larger than the %d-byte limit", path, limit)
	}
	return data, err
}

// writeAtomically replaces the file at path with data, mode perm: data is
// written to a temporary file beside it, which is then renamed over it.
func writeAtomically(path string, data []byte, perm fs.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeTemp writes data to a new temporary file beside path, mode perm,
// and returns its name.
func writeTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".iotthreat-track-*")
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}
