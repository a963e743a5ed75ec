package vocab

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"sync"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

//go:embed data/*.yaml
var builtinFiles embed.FS

var (
	builtinOnce sync.Once
	builtin     *Vocabulary
	builtinErr  error
)

// Builtin returns the embedded vocabularies. They are checked by tests, so
// an error here is a programming mistake and panics.
func Builtin() *Vocabulary {
	builtinOnce.Do(func() { builtin, builtinErr = loadBuiltin() })
	if builtinErr != nil {
		panic(builtinErr)
	}
	return builtin
}

func loadBuiltin() (*Vocabulary, error) {
	names, err := fs.Glob(builtinFiles, "data/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	all := &Vocabulary{Enums: map[string][]Term{}}
	var diags diag.List
	for _, name := range names {
		data, err := builtinFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		part, d := Parse(path.Join("vocab", name), data)
		diags = append(diags, d...)
		all.Append(part)
	}
	all.reindex()
	diags = append(diags, all.Check()...)
	if len(diags) > 0 {
		return nil, fmt.Errorf("built-in vocabulary:\n%w", diags)
	}
	return all, nil
}

// Parse decodes one vocabulary file.
func Parse(file string, data []byte) (*Vocabulary, diag.List) {
	root, diags := strictyaml.Parse(file, data, strictyaml.DefaultLimits)
	if len(diags) > 0 {
		return &Vocabulary{}, diags
	}
	v := &Vocabulary{}
	diags = strictyaml.Decode(root, v, "")
	return v, diags
}

// Append adds other's entries without checks; Extend is the checked form,
// and Check verifies the result.
func (v *Vocabulary) Append(other *Vocabulary) {
	v.ElementKinds = append(v.ElementKinds, other.ElementKinds...)
	v.BoundaryKinds = append(v.BoundaryKinds, other.BoundaryKinds...)
	v.Protocols = append(v.Protocols, other.Protocols...)
	v.Controls = append(v.Controls, other.Controls...)
	v.Standards = append(v.Standards, other.Standards...)
	if v.Enums == nil {
		v.Enums = map[string][]Term{}
	}
	for name, terms := range other.Enums {
		v.Enums[name] = append(v.Enums[name], terms...)
	}
}

// Extend returns a new vocabulary holding v and ext. An id in ext that v
// already defines is an error located in ext: extensions add words, they
// never change the meaning of existing ones. Scales (ordered enumerations)
// cannot be extended, because rules compare their ranks.
func (v *Vocabulary) Extend(ext *Vocabulary) (*Vocabulary, diag.List) {
	var diags diag.List
	out := &Vocabulary{}
	out.Append(v)
	out.ElementKinds = addNew(&diags, "element kind", out.ElementKinds, ext.ElementKinds, found(v.ElementKind))
	out.BoundaryKinds = addNew(&diags, "boundary kind", out.BoundaryKinds, ext.BoundaryKinds, found(v.BoundaryKind))
	out.Protocols = addNew(&diags, "protocol", out.Protocols, ext.Protocols, found(v.Protocol))
	out.Controls = addNew(&diags, "control", out.Controls, ext.Controls, found(v.Control))
	out.Standards = addNew(&diags, "standard", out.Standards, ext.Standards, found(v.Standard))
	known := slices.Sorted(maps.Keys(v.Enums))
	for _, name := range slices.Sorted(maps.Keys(ext.Enums)) {
		if Scales[name] {
			for _, t := range ext.Enums[name] {
				diags.Add(t.Src.At("id"), "vocabulary.enums."+name, "scales are fixed so that rules can compare them",
					"the %s scale cannot be extended", name)
			}
			continue
		}
		if _, ok := v.Enums[name]; !ok {
			for _, t := range ext.Enums[name] {
				diags.Add(t.Src.At("id"), "vocabulary.enums."+name, diag.DidYouMean(name, known),
					"unknown enumeration %q", name)
			}
			continue
		}
		out.Enums[name] = addNew(&diags, "value of "+name, out.Enums[name], ext.Enums[name],
			func(id string) bool { return v.HasTerm(name, id) })
	}
	out.reindex()
	diags = append(diags, out.Check()...)
	return out, diags
}

// entry is a vocabulary entry: an id, and where it was written.
type entry interface {
	source() (id string, src strictyaml.Source)
}

func (k ElementKind) source() (string, strictyaml.Source)  { return k.ID, k.Src }
func (k BoundaryKind) source() (string, strictyaml.Source) { return k.ID, k.Src }
func (p Protocol) source() (string, strictyaml.Source)     { return p.ID, p.Src }
func (c Control) source() (string, strictyaml.Source)      { return c.ID, c.Src }
func (s Standard) source() (string, strictyaml.Source)     { return s.ID, s.Src }
func (t Term) source() (string, strictyaml.Source)         { return t.ID, t.Src }

// addNew appends to list the entries of ext whose ids are not defined
// yet, and reports each of the others at its id: an extension adds words,
// it never changes the meaning of an existing one.
func addNew[T entry](diags *diag.List, kind string, list, ext []T, defined func(id string) bool) []T {
	for _, e := range ext {
		id, src := e.source()
		if defined(id) {
			diags.Add(src.At("id"), "vocabulary", "choose a new id; built-in entries cannot be redefined",
				"%s %q is already defined", kind, id)
			continue
		}
		list = append(list, e)
	}
	return list
}

// found turns a lookup such as Vocabulary.Protocol into a test of whether
// an id is defined.
func found[T any](lookup func(id string) (*T, bool)) func(string) bool {
	return func(id string) bool {
		_, ok := lookup(id)
		return ok
	}
}

// Scales are the enumerations whose order matters (lowest first).
var Scales = map[string]bool{"classification": true, "level": true, "physical_access": true}
