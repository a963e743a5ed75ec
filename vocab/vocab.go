package vocab

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
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
	dup := func(kind, id string, src strictyaml.Source, exists bool) bool {
		if exists {
			diags.Add(src.At("id"), "vocabulary", "choose a new id; built-in entries cannot be redefined",
				"%s %q is already defined", kind, id)
		}
		return exists
	}
	out := &Vocabulary{}
	out.Append(v)
	for _, e := range ext.ElementKinds {
		if _, ok := v.ElementKind(e.ID); !dup("element kind", e.ID, e.Src, ok) {
			out.ElementKinds = append(out.ElementKinds, e)
		}
	}
	for _, b := range ext.BoundaryKinds {
		if _, ok := v.BoundaryKind(b.ID); !dup("boundary kind", b.ID, b.Src, ok) {
			out.BoundaryKinds = append(out.BoundaryKinds, b)
		}
	}
	for _, p := range ext.Protocols {
		if _, ok := v.Protocol(p.ID); !dup("protocol", p.ID, p.Src, ok) {
			out.Protocols = append(out.Protocols, p)
		}
	}
	for _, c := range ext.Controls {
		if _, ok := v.Control(c.ID); !dup("control", c.ID, c.Src, ok) {
			out.Controls = append(out.Controls, c)
		}
	}
	for _, s := range ext.Standards {
		if _, ok := v.Standard(s.ID); !dup("standard", s.ID, s.Src, ok) {
			out.Standards = append(out.Standards, s)
		}
	}
	for _, name := range sortedKeys(ext.Enums) {
		if Scales[name] {
			for _, t := range ext.Enums[name] {
				diags.Add(t.Src.At("id"), "vocabulary.enums."+name, "scales are fixed so that rules can compare them",
					"the %s scale cannot be extended", name)
			}
			continue
		}
		if _, known := v.Enums[name]; !known {
			for _, t := range ext.Enums[name] {
				diags.Add(t.Src.At("id"), "vocabulary.enums."+name, diag.DidYouMean(name, sortedKeys(v.Enums)),
					"unknown enumeration %q", name)
			}
			continue
		}
		for _, t := range ext.Enums[name] {
			if !dup("value of "+name, t.ID, t.Src, v.HasTerm(name, t.ID)) {
				out.Enums[name] = append(out.Enums[name], t)
			}
		}
	}
	out.reindex()
	diags = append(diags, out.Check()...)
	return out, diags
}

// Scales are the enumerations whose order matters (lowest first).
var Scales = map[string]bool{"classification": true, "level": true, "physical_access": true}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
