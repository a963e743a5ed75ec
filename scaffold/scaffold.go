// Package scaffold holds the starting models, or templates, that
// `iotthreat init` writes: the reference architecture (device, gateway,
// the vendor's support services, a third-party service, mobile and web
// clients, users, every typical flow and boundary) and product-specific
// variants. Each is a complete, valid, commented model; examples/ holds
// the same files, and a test keeps the two identical and valid.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed files/*.yaml
var files embed.FS

// Default is the template init writes when none is named.
const Default = "reference"

// ModelFile and SchemaFile are the names init writes into the target
// directory. The model's first line points editors at the schema.
const (
	ModelFile  = "iotthreat.yaml"
	SchemaFile = "iotthreat.schema.json"
)

// Template is one starting model.
type Template struct {
	Name    string
	Summary string // first line of the file's description comment
	Content []byte
}

// Names lists the templates, the default first.
func Names() []string {
	entries, _ := fs.ReadDir(files, "files")
	names := []string{Default}
	for _, e := range entries {
		if n := strings.TrimSuffix(e.Name(), ".yaml"); n != Default {
			names = append(names, n)
		}
	}
	sort.Strings(names[1:])
	return names
}

// Get returns a template by name.
func Get(name string) (Template, error) {
	data, err := files.ReadFile("files/" + name + ".yaml")
	if err != nil {
		return Template{}, fmt.Errorf("unknown template %q (available: %s)", name, strings.Join(Names(), ", "))
	}
	return Template{Name: name, Summary: summary(data), Content: data}, nil
}

// summary is the first paragraph of the file's opening comment, after the
// modeline: by convention one line, "Name: what it models".
func summary(data []byte) string {
	var words []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		text := strings.TrimSpace(strings.TrimPrefix(line, "#"))
		if strings.HasPrefix(text, "yaml-language-server") {
			continue
		}
		if text == "" {
			if len(words) > 0 {
				break
			}
			continue
		}
		words = append(words, text)
	}
	return strings.Join(words, " ")
}

// ErrExists is returned by Write when a file would be overwritten.
var ErrExists = errors.New("file exists")

// Write puts the template's model and the given JSON Schema into dir,
// creating dir if needed. It refuses to overwrite either file unless force
// is set, and returns the paths written.
func Write(dir string, t Template, schema []byte, force bool) ([]string, error) {
	out := []struct {
		name string
		data []byte
	}{{ModelFile, t.Content}, {SchemaFile, append(schema, '\n')}}
	if !force {
		for _, f := range out {
			p := filepath.Join(dir, f.name)
			if _, err := os.Stat(p); err == nil {
				return nil, fmt.Errorf("%s: %w (use --force to overwrite)", p, ErrExists)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, f := range out {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}
