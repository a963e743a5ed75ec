package main

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// replaceFile writes the -o file at target (output is how the user named
// it, for messages) under a temporary name beside it, then renames it into
// place. An existing file keeps its permissions (perm); a new one gets the
// usual 0666 less the umask, like any file a program creates.
func replaceFile(output, target string, perm fs.FileMode, write func(w io.Writer, terminal bool) error) error {
	f, err := createBeside(target)
	if err != nil {
		return outputError(output, err)
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(f.Name())
		return &exitError{code: exitUsage, err: err}
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw, false); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(outputError(output, err))
	}
	if perm != 0 {
		if err := f.Chmod(perm); err != nil {
			return fail(outputError(output, err))
		}
	}
	if err := f.Close(); err != nil {
		return fail(outputError(output, err))
	}
	if err := os.Rename(f.Name(), target); err != nil {
		os.Remove(f.Name())
		return outputError(output, err)
	}
	return nil
}

// createBeside creates a new, empty temporary file in target's directory,
// with mode 0666 less the umask (os.CreateTemp would make it private).
func createBeside(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("cannot find a free temporary name")
}

// writeInPlace writes to what is not a plain file (a device, a named
// pipe, a descriptor), appending as a shell's >> does: the descriptor
// behind /dev/stdout may be a log the shell opened for appending.
func writeInPlace(output, target string, write func(w io.Writer, terminal bool) error) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return outputError(output, err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw, false)
	if err == nil {
		if err = bw.Flush(); err != nil {
			err = outputError(output, err)
		}
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = outputError(output, cerr)
	}
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	return nil
}
