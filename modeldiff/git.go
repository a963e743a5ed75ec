package modeldiff

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os/exec"
	"strings"
	"time"
)

// GitFS is a read-only fs.FS over one revision of a git repository: Open
// of name reads the blob Rev:Dir/name with `git show`. Loading a model
// through it makes the model's includes resolve inside the same revision,
// never from the working tree.
//
// Dir is written as git reads it after the colon: "" or "models" is
// relative to the top of the repository, "./models" to WorkDir. Rev ""
// means the index (git's ":path").
type GitFS struct {
	Rev     string
	Dir     string
	WorkDir string // where git runs; "" is the current directory
	// MaxBytes caps how much of a blob is read; the rest is dropped, so the
	// model loader sees an oversized file and refuses it. 0 means no cap.
	MaxBytes int
}

// GitError is a failure reported by git, with git's own message ("path
// 'x.yaml' does not exist in 'HEAD'"). It matches fs.ErrNotExist when the
// revision or the path does not exist.
type GitError struct {
	Msg      string
	notExist bool
}

func (e *GitError) Error() string { return e.Msg }

// Is lets errors.Is(err, fs.ErrNotExist) see a missing revision or path.
func (e *GitError) Is(target error) bool { return e.notExist && target == fs.ErrNotExist }

// Open implements fs.FS.
func (g GitFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	object := g.object(name)
	typ, err := g.git("cat-file", "-t", object)
	if err != nil {
		// cat-file -t says nothing useful on failure; git show explains.
		_, err = g.git("show", object)
		if err == nil {
			err = &GitError{Msg: "cannot read " + object}
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info := fileInfo{name: pathBase(name)}
	switch strings.TrimSpace(string(typ)) {
	case "tree":
		info.dir = true
		return &gitFile{info: info}, nil
	case "blob":
	default:
		return nil, &fs.PathError{Op: "open", Path: name, Err: &GitError{Msg: object + " is not a file"}}
	}
	data, err := g.show(object)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info.size = int64(len(data))
	return &gitFile{info: info, r: bytes.NewReader(data)}, nil
}

// object names name inside the revision, as `git show` takes it.
func (g GitFS) object(name string) string {
	p := g.Dir
	switch {
	case name == ".":
	case p == "":
		p = name
	default:
		p = strings.TrimSuffix(p, "/") + "/" + name
	}
	return g.Rev + ":" + p
}

// show reads a blob, at most MaxBytes+1 bytes of it.
func (g GitFS) show(object string) ([]byte, error) {
	if g.MaxBytes <= 0 {
		return g.git("show", object)
	}
	cmd := g.command("show", object)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, gitStartError(err)
	}
	data, readErr := io.ReadAll(io.LimitReader(out, int64(g.MaxBytes)+1))
	if len(data) > g.MaxBytes {
		// Enough to know the blob is too big: stop git rather than read on.
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return data, nil
	}
	if err := cmd.Wait(); err != nil {
		return nil, gitFailure(err, stderr.Bytes())
	}
	return data, readErr
}

func (g GitFS) command(args ...string) *exec.Cmd {
	cmd := exec.Command("git", append([]string{"--no-pager"}, args...)...)
	cmd.Dir = g.WorkDir
	return cmd
}

// git runs a git command and returns its standard output.
func (g GitFS) git(args ...string) ([]byte, error) {
	cmd := g.command(args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return nil, gitStartError(err)
		}
		return nil, gitFailure(err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

func gitStartError(err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return &GitError{Msg: "git is not installed (needed to read REV:path)"}
	}
	return &GitError{Msg: "cannot run git: " + err.Error()}
}

// gitFailure turns git's "fatal: …" message into a GitError.
func gitFailure(err error, stderr []byte) error {
	msg := strings.TrimSpace(string(stderr))
	if i := strings.LastIndex(msg, "\n"); i >= 0 {
		msg = strings.TrimSpace(msg[i+1:])
	}
	msg = strings.TrimPrefix(msg, "fatal: ")
	msg = strings.TrimSuffix(msg, ".")
	if msg == "" {
		msg = "git: " + err.Error()
	}
	notExist := strings.Contains(msg, "does not exist") || strings.Contains(msg, "invalid object name") ||
		strings.Contains(msg, "exists on disk, but not in")
	return &GitError{Msg: msg, notExist: notExist}
}

func pathBase(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[i+1:]
	}
	return name
}

// gitFile is an opened blob (or, for a tree, a directory that cannot be read).
type gitFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *gitFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *gitFile) Close() error               { return nil }

func (f *gitFile) Read(p []byte) (int, error) {
	if f.r == nil {
		return 0, &fs.PathError{Op: "read", Path: f.info.name, Err: errors.New("is a directory")}
	}
	return f.r.Read(p)
}

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (i fileInfo) Name() string { return i.name }
func (i fileInfo) Size() int64  { return i.size }
func (i fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.dir }
func (i fileInfo) Sys() any           { return nil }
