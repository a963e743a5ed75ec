package rules

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Files lists the rule files that path stands for, as --rules takes it: a
// file is itself, whatever its name; a directory is its *.yaml and *.yml
// files, in name order. err is for a path that cannot be read.
func Files(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var names []string
	for _, pattern := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(path, pattern))
		if err != nil {
			return nil, err
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	return names, nil
}

// Load reads the rules of a rule file or of a directory of them (see
// Files). A file is read up to strictyaml.DefaultLimits.MaxBytes and one
// more byte, so that a huge file, or a device that never ends, costs
// bounded memory and is refused by the parser with a located message.
//
// A file named on the command line is read whatever it is (a pipe from
// process substitution works). The files of a directory arrive in pull
// requests, so they are held to what a rules folder can hold: a symbolic
// link that leaves the directory is refused (as a model's includes are;
// otherwise a link to a secret would print its first line in an error on
// a public CI log), and so is anything but a plain file (a link to a named
// pipe would block the command forever).
func Load(path string) ([]model.Rule, diag.List, error) {
	names, err := Files(path)
	if err != nil {
		return nil, nil, err
	}
	read := readNamedFile
	if len(names) != 1 || names[0] != path {
		root, err := os.OpenRoot(path)
		if err != nil {
			return nil, nil, err
		}
		defer root.Close()
		read = func(name string) ([]byte, error) { return readDirFile(root, name) }
	}
	var all []model.Rule
	var diags diag.List
	for _, name := range names {
		data, err := read(name)
		if err != nil {
			return nil, nil, err
		}
		rs, d := Parse(filepath.ToSlash(name), data)
		all = append(all, rs...)
		diags = append(diags, d...)
	}
	return all, diags, nil
}

// readNamedFile reads a rule file named on the command line.
func readNamedFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &os.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return readLimited(f)
}

// readDirFile reads the rule file name (a path Files gave) through root,
// its directory, which refuses links out of it.
func readDirFile(root *os.Root, name string) ([]byte, error) {
	base := filepath.Base(name)
	st, err := root.Stat(base)
	if err != nil {
		if _, outside := os.Stat(name); outside == nil {
			// Readable, but not through the root: a link out of it.
			err = errors.New("is a link to a file outside the rules folder; copy the file into the folder instead")
		}
		return nil, &os.PathError{Op: "read", Path: name, Err: unwrapPath(err)}
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: name, Err: fmt.Errorf("is a %s, not a plain file; a rules folder holds YAML files", fileType(st.Mode()))}
	}
	f, err := root.Open(base)
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: name, Err: unwrapPath(err)}
	}
	defer f.Close()
	return readLimited(f)
}

// fileType names what a mode says a file is, for a file that is not plain.
func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	case m.IsDir():
		return "directory"
	}
	return "special file"
}

// unwrapPath drops the path os.Root puts in its errors: the caller names
// the file as the user knows it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func readLimited(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, int64(strictyaml.DefaultLimits.MaxBytes)+1))
}
