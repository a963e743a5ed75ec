package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
	"github.com/iotthreat/iotthreat/vocab"
)

// MaxIncludedFiles bounds how many files one model may pull in.
const MaxIncludedFiles = 1000

// ModelBytesFactor bounds the bytes of all of a model's files together,
// as a multiple of the single-file limit (strictyaml.Limits.MaxBytes, 64
// MiB by default, so 256 MiB). Each file is bounded on its own, but a
// thousand includes of 64 MiB would be 64 GiB; four files' worth leaves
// room to split a large model and keeps what one model may cost to load
// to a few GiB.
const ModelBytesFactor = 4

// Options tune loading. The zero value uses the built-in vocabulary and
// strictyaml.DefaultLimits.
type Options struct {
	Vocabulary *vocab.Vocabulary // base vocabulary; nil means vocab.Builtin()
	Limits     strictyaml.Limits // zero means strictyaml.DefaultLimits
	// Progress, when set, is told how far parsing each file has got, in
	// bytes of that file (see strictyaml.ParseProgress), so a command can
	// show progress while a large model loads. Decoding and validating
	// after the parse take about half as long again and are not counted.
	Progress func(done, total int)
}

func (o Options) withDefaults() Options {
	if o.Vocabulary == nil {
		o.Vocabulary = vocab.Builtin()
	}
	if o.Limits == (strictyaml.Limits{}) {
		o.Limits = strictyaml.DefaultLimits
	}
	return o
}

// Loaded is a model together with the vocabulary it was validated against:
// the base vocabulary extended by the model's own vocabulary: section.
type Loaded struct {
	Model *Model
	Vocab *vocab.Vocabulary
	// Warnings are problems that do not make the model invalid, such as
	// hidden formatting characters in its text (see checkText): validate
	// prints them, and they are not among the diagnostics Load returns.
	Warnings diag.List
}

// Load reads the model file at name, follows its includes, and validates
// the result. Problems in the model are returned as diagnostics (every one
// found); err is non-nil only when the root file cannot be read at all,
// which callers report differently (a usage or I/O error, not a bad model).
// Includes are resolved inside the root file's directory: a model cannot
// read files outside the tree it lives in.
func Load(name string, opts Options) (*Loaded, diag.List, error) {
	// The file named may be a symbolic link (a model kept elsewhere and
	// linked into a checkout): its target is the model, its directory the
	// tree includes stay in, and positions name it.
	if st, err := os.Lstat(name); err == nil && st.Mode()&os.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(name)
		if err != nil {
			// EvalSymlinks names itself in its errors; say what happened.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			} else {
				err = errors.New("too many levels of symbolic links")
			}
			return nil, nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		name = real
	}
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(name); err != nil {
		return nil, nil, err
	}
	// os.Root refuses paths, symbolic links included, that leave dir:
	// an include can never read a file outside the model's tree.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	return LoadFS(root.FS(), base, displayPrefix(dir), opts)
}

func displayPrefix(dir string) string {
	if dir == "." || dir == "./" {
		return ""
	}
	return filepath.ToSlash(dir)
}

// LoadFS is Load over a file system; names in diagnostics are prefix+path.
func LoadFS(fsys fs.FS, name, prefix string, opts Options) (*Loaded, diag.List, error) {
	opts = opts.withDefaults()
	l := &loader{fsys: fsys, prefix: prefix, opts: opts, seen: map[string]bool{}}
	data, err := readLimited(fsys, name, opts.Limits.MaxBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", prefix+name, unwrapPathError(err))
	}
	l.bytes = len(data)
	m := &Model{}
	l.file(m, name, data, nil, true)
	return l.finish(m)
}

// Parse loads a model from bytes, with no includes allowed. It is what the
// fuzz tests drive, and what tools that hold a model in memory use.
func Parse(file string, data []byte, opts Options) (*Loaded, diag.List) {
	opts = opts.withDefaults()
	l := &loader{fsys: emptyFS{}, opts: opts, seen: map[string]bool{}}
	m := &Model{}
	l.file(m, file, data, nil, true)
	loaded, diags, _ := l.finish(m)
	return loaded, diags
}

func (l *loader) finish(m *Model) (*Loaded, diag.List, error) {
	if l.unreadable || len(m.Files) == 0 {
		// Cross-reference checks on a partly read model would only add
		// noise ("unknown element") to the syntax errors that matter.
		return &Loaded{Model: m, Vocab: l.opts.Vocabulary}, l.diags.Sort(), nil
	}
	v, diags := l.opts.Vocabulary.Extend(&m.Vocabulary)
	diags = append(l.diags, diags...)
	diags = append(diags, checkVocabularyAttributes(&m.Vocabulary)...)
	// The text check reads the model as Validate does and changes
	// nothing, so it runs beside it, on another core (30 of the 150 ms
	// the two take at 10,000 elements).
	var textErrs, warns diag.List
	texts := make(chan struct{})
	go func() {
		defer close(texts)
		textErrs, warns = checkText(m)
	}()
	diags = append(diags, Validate(m, v)...)
	<-texts
	diags = append(diags, textErrs...)
	return &Loaded{Model: m, Vocab: v, Warnings: warns.Sort()}, diags.Sort(), nil
}

type loader struct {
	fsys   fs.FS
	prefix string
	opts   Options
	seen   map[string]bool
	bytes  int // read so far, of all files (see ModelBytesFactor)
	diags  diag.List
	// unreadable is set when a file is not YAML or not a mapping.
	unreadable bool
}

// file decodes one file into a fresh Model, merges it into m, then follows
// its includes. stack holds the include chain, to report cycles.
func (l *loader) file(m *Model, name string, data []byte, stack []string, root bool) {
	display := l.prefix + name
	l.seen[name] = true
	m.Files = append(m.Files, display)
	part := &Model{}
	node, diags, decoded := strictyaml.ParseDecode(display, data, l.opts.Limits, part, l.opts.Progress)
	if len(diags) > 0 {
		l.diags = append(l.diags, diags...)
		l.unreadable = true
		return
	}
	switch {
	case node.Kind == strictyaml.Null && root:
		l.diags.Add(diag.Pos{File: display, Line: 1, Column: 1}, "", "run `iotthreat init` for a starting model",
			"the model file is empty")
		l.unreadable = true
		return
	case node.Kind == strictyaml.Null:
		return // an empty included file adds nothing
	case node.Kind != strictyaml.Mapping:
		l.diags.Add(node.Pos, "", "a model is a mapping of keys: iotthreat, system, data, boundaries, elements, flows, …",
			"expected a mapping at the top of the file, found %s", node.Describe())
		l.unreadable = true
		return
	}
	l.diags = append(l.diags, decoded...)
	if root {
		m.Src = part.Src
		m.Version = part.Version
		if !part.Src.Written("iotthreat") {
			l.diags.Add(part.Src.Pos, "iotthreat", "start the file with: iotthreat: 1",
				"missing format version")
		}
	}
	if part.Src.Has("iotthreat") && part.Version != FormatVersion {
		l.diags.Add(part.Src.At("iotthreat"), "iotthreat", fmt.Sprintf("this iotthreat reads format version %d", FormatVersion),
			"unsupported format version %d", part.Version)
	}
	l.diags = append(l.diags, merge(m, part, root)...)
	stack = append(stack, name)
	for i, inc := range part.Include {
		l.include(m, part.Src.At(fmt.Sprintf("include[%d]", i)), name, inc, stack)
	}
}

func (l *loader) include(m *Model, at diag.Pos, from, inc string, stack []string) {
	if strings.TrimSpace(inc) == "" {
		l.diags.Add(at, "include", "remove the empty entry or name a file", "empty include path")
		return
	}
	target := path.Join(path.Dir(from), filepath.ToSlash(inc))
	if filepath.IsAbs(inc) || !fs.ValidPath(target) {
		l.diags.Add(at, "include", "include files by a relative path inside the model's directory",
			"include %q leaves the model's directory", inc)
		return
	}
	for _, s := range stack {
		if s == target {
			l.diags.Add(at, "include", "remove one of the includes", "include cycle: %s", cycle(stack, target, l.prefix))
			return
		}
	}
	if l.seen[target] {
		return // already merged through another include
	}
	if len(l.seen) >= MaxIncludedFiles {
		l.diags.Add(at, "include", "", "more than %d included files", MaxIncludedFiles)
		return
	}
	// Never read more than the model may still hold, plus one byte to
	// tell a file that reaches the bound from one that passes it.
	total := ModelBytesFactor * l.opts.Limits.MaxBytes
	limit := min(l.opts.Limits.MaxBytes, max(total-l.bytes, 0))
	data, err := readLimited(l.fsys, target, limit)
	if err != nil {
		l.diags.Add(at, "include", "check the path; it is relative to the including file",
			"cannot read included file %s: %v", l.prefix+target, unwrapPathError(err))
		return
	}
	if l.bytes+len(data) > total {
		l.diags.Add(at, "include", "a model this large is rarely one system; split it into several models",
			"including %s would make the model's files together larger than the %d-byte limit", l.prefix+target, total)
		l.unreadable = true
		return
	}
	l.bytes += len(data)
	l.file(m, target, data, stack, false)
}

func cycle(stack []string, target, prefix string) string {
	s := ""
	started := false
	for _, f := range stack {
		if f == target {
			started = true
		}
		if started {
			s += prefix + f + " → "
		}
	}
	return s + prefix + target
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readLimited reads a file but never more than limit+1 bytes, so that a
// huge file (or /dev/zero) costs bounded memory; the parser then refuses
// anything over the limit with a located message.
func readLimited(fsys fs.FS, name string, limit int) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A regular file is read into a buffer of its size (io.ReadAll would
	// grow one by doubling, allocating 2.5 times a large model's size).
	hint := 0
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
		}
		if st.Mode().IsRegular() {
			hint = int(min(max(st.Size(), 0), int64(limit)))
		}
	}
	var b bytes.Buffer
	b.Grow(hint + bytes.MinRead) // ReadFrom wants MinRead bytes free before each read
	_, err = b.ReadFrom(io.LimitReader(f, int64(limit)+1))
	return b.Bytes(), err
}

// emptyFS holds no files: Parse refuses includes through it.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("includes are not available when parsing from memory")}
}
