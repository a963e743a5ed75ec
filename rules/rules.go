// Package rules holds the built-in threat rule library as embedded YAML
// files, one rule per file in a folder per area
// (rules/builtin/AREA/ID.yaml, with the area described in its README.md),
// so that each rule has its own history and review diff; the directory is
// the list of what exists. It also loads users' rule files in the same format. Rules
// are data with metadata (id, title, STRIDE/LINDDUN, CWE, CAPEC, standard
// references, mitigation, mitigating controls) and a CEL condition; the
// engine package compiles and evaluates them.
package rules

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"sync"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

//go:embed builtin/*/*.yaml
var builtinFiles embed.FS

// File is the format of a rule file: a list of rules under `rules:`.
type File struct {
	Rules []model.Rule `yaml:"rules" json:"rules" doc:"Threat rules."`
}

var (
	builtinOnce  sync.Once
	builtinRules []model.Rule
	builtinDiags diag.List
)

// Builtin returns the built-in rules in file order. Problems in them are
// programming mistakes caught by tests; they are returned, not hidden.
func Builtin() ([]model.Rule, diag.List) {
	builtinOnce.Do(func() {
		// The files are parsed concurrently: every command pays for
		// reading the library before it can analyse anything.
		names := BuiltinFiles()
		parsed := make([][]model.Rule, len(names))
		problems := make([]diag.List, len(names))
		var wg sync.WaitGroup
		for i, name := range names {
			wg.Go(func() {
				data, err := builtinFiles.ReadFile(name)
				if err != nil {
					problems[i].Add(diag.Pos{File: name}, "", "", "%v", err)
					return
				}
				parsed[i], problems[i] = Parse(path.Join("rules", name), data)
			})
		}
		wg.Wait()
		for i := range names {
			builtinRules = append(builtinRules, parsed[i]...)
			builtinDiags = append(builtinDiags, problems[i]...)
		}
	})
	return builtinRules, builtinDiags
}

// BuiltinFiles lists the embedded rule files (for documentation).
func BuiltinFiles() []string {
	names, _ := fs.Glob(builtinFiles, "builtin/*/*.yaml")
	sort.Strings(names)
	return names
}

// Parse decodes one rule file.
func Parse(file string, data []byte) ([]model.Rule, diag.List) {
	root, diags := strictyaml.Parse(file, data, strictyaml.DefaultLimits)
	if len(diags) > 0 {
		return nil, diags
	}
	var f File
	diags = strictyaml.Decode(root, &f, "")
	return f.Rules, diags
}
