package triage

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/iotthreat/iotthreat/internal/filelock"
)

// lockWait bounds how long track waits for another track editing the
// same file (filelock.Acquire: for each edit ahead of it, and
// filelock.MaxWaits times that in all). One edit holds the lock for a few
// tens of milliseconds (load, edit, write, reload), a few hundred when
// dozens of runs share the CPU; a longer hold means something is stuck,
// and the user should hear so.
var lockWait = 10 * time.Second

// lockForEdit takes the edit lock on the file at path (see package
// filelock): it is held from the read of the file, through the edit and
// the rename of the new version into place, to the check that the model
// still loads. Only a timeout is an error. Any other failure to lock (a
// missing file, a file system without locks) leaves the edit unlocked: the
// read that follows reports a missing file by its name, and an unlocked
// edit is what track did before locking existed.
func lockForEdit(path string) (unlock func(), err error) {
	l, err := filelock.Acquire(path, lockWait)
	switch {
	case errors.Is(err, filelock.ErrTimeout):
		return nil, fmt.Errorf("another iotthreat track is editing %s; try again\n\thint: track waits up to %v for each edit ahead of it, %v in all; nothing was written", path, lockWait, filelock.MaxWaits*lockWait)
	case err != nil:
		return func() {}, nil
	}
	return l.Unlock, nil
}

// checkWritable refuses a read-only file (no write permission bit at all),
// as report -o refuses one: track would otherwise replace it through the
// rename, which needs only the directory to be writable, and so change a
// file its owner marked as not to be changed. other says what else the
// user can do.
func checkWritable(path, other string) error {
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o222 != 0 {
		return nil
	}
	return fmt.Errorf("cannot write %s: the file is read-only\n\thint: make it writable (chmod u+w %s), or %s", path, path, other)
}
