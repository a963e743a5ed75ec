package outfile

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// replace writes the file at target (path is how the user named it, for
// messages) under a temporary name beside it, then renames it into place.
// An existing file keeps its permissions (perm); a new one gets the usual
// 0666 less the umask, like any file a program creates. With keep, a file
// that appeared at target meanwhile is not replaced.
//
// The temporary file is removed the moment ctx ends or a signal arrives,
// not when write next returns: write may be busy for a while without
// writing (laying out a large diagram), and a user who presses Ctrl-C
// must not find a stray file, even if a second Ctrl-C then ends the
// process before write returns.
func replace(ctx context.Context, path, target string, perm fs.FileMode, keep bool, write func(w io.Writer) error) error {
	// Watch before the temporary file exists: a signal in between would
	// otherwise end the process the default way and leave the file.
	ctx, stop := watchSignals(ctx)
	defer stop()
	f, err := createBeside(target)
	if err != nil {
		return pathError(path, err)
	}
	tmp := f.Name()
	var mu sync.Mutex // orders the removal on interrupt and the rename
	installed := false
	unwatch := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if !installed {
			os.Remove(tmp)
		}
	})
	defer unwatch()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return interrupted(ctx, path, err)
	}
	bw := bufio.NewWriterSize(ctxWriter{ctx: ctx, w: f}, 1<<16)
	if err := write(bw); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(pathError(path, err))
	}
	if perm != 0 {
		if err := f.Chmod(perm); err != nil {
			return fail(pathError(path, err))
		}
	}
	if err := f.Close(); err != nil {
		return fail(pathError(path, err))
	}
	mu.Lock()
	defer mu.Unlock()
	if ctx.Err() != nil {
		os.Remove(tmp)
		return interrupted(ctx, path, ctx.Err())
	}
	installed = true
	return install(path, tmp, target, keep)
}

// install moves the complete temporary file to target. With keep, a file
// at target is never replaced: a hard link fails if the name is taken,
// where a rename would not; on a file system without hard links the check
// and the rename are two steps.
func install(path, tmp, target string, keep bool) error {
	if keep {
		err := os.Link(tmp, target)
		if err == nil {
			os.Remove(tmp)
			return nil
		}
		if _, statErr := os.Lstat(target); errors.Is(err, fs.ErrExist) || statErr == nil {
			os.Remove(tmp)
			return existsError(path)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return pathError(path, err)
	}
	return nil
}

// ctxWriter fails every write once ctx has ended, with ctx's cause. It
// sits under the buffer, so it is asked once per 64 KiB written.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, context.Cause(c.ctx)
	}
	return c.w.Write(p)
}

// createBeside creates a new, empty temporary file in target's directory,
// with mode 0666 less the umask (os.CreateTemp would make it private).
// Its name starts with a dot and ends in .tmp, so that it is hidden and
// plainly not the output.
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
// behind /dev/stdout may be a log the shell opened for appending. There
// is no temporary file, so signals keep their default effect.
func writeInPlace(path, target string, write func(w io.Writer) error) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return pathError(path, err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		if err = bw.Flush(); err != nil {
			err = pathError(path, err)
		}
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = pathError(path, cerr)
	}
	return err
}
