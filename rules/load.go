package rules

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// Files lists the rule files that path stands for, as --rules takes it: a
// file is itself, whatever its name; a directory is its *.yaml and *.yml
// files, in name order. err is for a path that cannot be read.
func Files(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var names []string
	for _, pattern := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(path, pattern))
		if err != nil {
			return nil, err
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	return names, nil
}

// Load reads the rules of a rule file or of a directory of them (see
// Files). A file is read up to strictyaml.DefaultLimits.MaxBytes and one
// more byte, so that a huge file, or a device that never ends, costs
// bounded memory and is refused by the parser with a located message.
func Load(path string) ([]model.Rule, diag.List, error) {
	names, err := Files(path)
	if err != nil {
		return nil, nil, err
	}
	var all []model.Rule
	var diags diag.List
	for _, name := range names {
		data, err := readRuleFile(name)
		if err != nil {
			return nil, nil, err
		}
		rs, d := Parse(filepath.ToSlash(name), data)
		all = append(all, rs...)
		diags = append(diags, d...)
	}
	return all, diags, nil
}

func readRuleFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &os.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return io.ReadAll(io.LimitReader(f, int64(strictyaml.DefaultLimits.MaxBytes)+1))
}
