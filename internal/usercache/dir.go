package usercache

import (
	"fmt"
	"os"
	"path/filepath"
)

// Dir returns the private cache directory for name (one path element,
// such as "graphviz"), creating it if needed. The error says which
// directory failed which check, for a warning; the caller then keeps no
// cache.
func Dir(name string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return dirIn(base, name)
}

// dirIn is Dir under the user cache directory base.
func dirIn(base, name string) (string, error) {
	if name == "" || name != filepath.Base(name) || name == "." || name == ".." {
		return "", fmt.Errorf("cache name %q is not one path element", name)
	}
	if !filepath.IsAbs(base) {
		return "", fmt.Errorf("cache directory %s is not an absolute path", base)
	}
	if err := checkParent(base); err != nil {
		return "", err
	}
	own := filepath.Join(base, "iotthreat")
	dir := filepath.Join(own, name)
	for _, d := range []string{own, dir} {
		if err := os.Mkdir(d, 0o700); err != nil && !os.IsExist(err) {
			return "", fmt.Errorf("create cache directory: %w", err)
		}
		if err := checkPrivate(d); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// checkParent refuses a user cache directory in which another user could
// replace iotthreat's folder: one writable by group or others without the
// sticky bit. It is created, like os.MkdirAll would, when missing.
func checkParent(base string) error {
	if err := os.MkdirAll(base, 0o700); err != nil {
		return fmt.Errorf("create cache directory: %w", err)
	}
	fi, err := os.Stat(base)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("cache directory %s is not a directory", base)
	}
	if fi.Mode().Perm()&0o022 != 0 && fi.Mode()&os.ModeSticky == 0 {
		return fmt.Errorf("cache directory %s is writable by other users (mode %04o)", base, fi.Mode().Perm())
	}
	return nil
}

// checkPrivate refuses a directory that is a symbolic link, is owned by
// another user, or is writable by group or others.
func checkPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("cache directory %s is a symbolic link", dir)
	}
	if !fi.IsDir() {
		return fmt.Errorf("cache directory %s is not a directory", dir)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("cache directory %s is writable by other users (mode %04o)", dir, fi.Mode().Perm())
	}
	return checkOwner(dir, fi)
}
