package outfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Target is the file the output path leads to once symbolic links are
// followed, or what is wrong with it: a directory, a missing parent
// directory, a link loop.
func Target(path string) (string, error) {
	target, err := resolve(path)
	if err != nil {
		return "", pathError(path, err)
	}
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		return "", errorf("name a file inside it, or another file", "cannot write %s: it is a directory", path)
	}
	dir := filepath.Dir(target)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", errorf("create it first (mkdir -p "+dir+") or choose another -o path",
			"cannot write %s: directory %s does not exist", path, dir)
	case err != nil:
		return "", pathError(path, err)
	case !st.IsDir():
		return "", errorf("choose another -o path", "cannot write %s: %s is not a directory", path, dir)
	}
	return target, nil
}

// maxLinks bounds how many symbolic links resolve follows, as the system
// does (ELOOP).
const maxLinks = 40

// resolve follows symbolic links from path to the file they name,
// existing or not: writing through a link writes its target, and a link
// to a file not yet written creates it. A loop is an error.
func resolve(path string) (string, error) {
	for range maxLinks {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			// Not there, or not a link: the checks that follow say
			// what, if anything, is wrong with it.
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// descriptorPath reports whether path names an open descriptor or a
// device (/dev/stdout, /dev/fd/3, /proc/self/fd/1, /dev/null): what it
// leads to must be written in place, never replaced.
func descriptorPath(path string) bool {
	clean := filepath.ToSlash(filepath.Clean(path))
	return strings.HasPrefix(clean, "/dev/") || strings.HasPrefix(clean, "/proc/")
}

// pathError describes a failure to write the output by the user's path,
// not the temporary file's.
func pathError(path string, err error) *Error {
	var pathErr *fs.PathError
	var linkErr *os.LinkError
	switch {
	case errors.As(err, &pathErr):
		err = pathErr.Err
	case errors.As(err, &linkErr):
		err = linkErr.Err
	}
	if errors.Is(err, fs.ErrPermission) {
		return errorf("choose a directory you can write to", "cannot write %s: permission denied in %s", path, filepath.Dir(path))
	}
	return errorf("", "cannot write %s: %v", path, err)
}
