package interchange

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/iotthreat/iotthreat/strictyaml"
)

// MaxInputBytes bounds a file to import: the same limit as one model file
// (64 MiB). A threat model is a few megabytes at most; anything larger is
// refused before it is parsed.
var MaxInputBytes = strictyaml.DefaultLimits.MaxBytes

// ErrTooLarge is returned (wrapped) by ReadFile for a file over MaxInputBytes.
var ErrTooLarge = errors.New("file is larger than the import limit")

// ReadFile reads a file to import, never more than MaxInputBytes+1 bytes,
// so a huge file costs bounded memory. Only regular files are read: a
// device such as /dev/zero never ends, and opening a named pipe waits for
// a writer forever.
func ReadFile(path string) ([]byte, error) {
	return readAtMost(path, MaxInputBytes)
}

// readAtMost is ReadFile with limit in place of MaxInputBytes.
func readAtMost(path string, limit int) ([]byte, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	return data, nil
}
