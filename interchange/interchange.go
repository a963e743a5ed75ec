package interchange

import (
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
)

// Import is a model converted from another tool's file.
type Import struct {
	// Model is the converted model. It validates against the built-in
	// vocabulary: each importer's tests check that on every sample file.
	Model *model.Model
	// Notes are comments written beside model items, keyed by the item's
	// path as diagnostics name it: "" for the head of the file,
	// "elements[ID]", "flows[ID]", "boundaries[ID]", "data[ID]",
	// "threats[ID]", "tracking[FINDING-ID]". They say what the source did
	// not say (so the model guessed), and what the source said that the
	// model format cannot hold.
	Notes map[string][]string

	// seen holds every note said, as path+"\x00"+text, so a repeated note
	// is found in constant time however many an item has; left counts
	// the notes past MaxNotesPerItem on each path.
	seen map[string]struct{}
	left map[string]int
}

// MaxNotesPerItem bounds the comments written beside one item, and
// MaxHeadNotes those at the head of the file. A hostile or merely odd
// source (thousands of self-loops on one component, a flow crossing every
// curve of a diagram) could otherwise turn a small file into a model of
// mostly comments; past the bound the last comment counts what was left
// out. The head holds the importers' summaries of the whole file (often
// written last, after per-diagram or per-runtime notes), so its bound is
// far higher: the importers fold repeated head notes themselves.
const (
	MaxNotesPerItem = 50
	MaxHeadNotes    = 1000
)

// New returns an empty Import for a system of the given name, converted
// from source (a tool and file name, for the head note).
func New(systemName, source string) *Import {
	imp := &Import{Model: &model.Model{Version: model.FormatVersion, System: model.System{Name: systemName}},
		Notes: map[string][]string{}}
	imp.Note("", "Imported from %s by iotthreat. Review the notes below: they mark what the source did not say.", source)
	return imp
}

// Note adds a comment to the item at path (see Notes). A note said twice
// on one item is kept once; past MaxNotesPerItem distinct notes (at the
// head, MaxHeadNotes) the last one says how many more were left out.
func (imp *Import) Note(path, format string, args ...any) {
	if imp.Notes == nil {
		imp.Notes = map[string][]string{}
	}
	if imp.seen == nil {
		imp.seen = map[string]struct{}{}
		imp.left = map[string]int{}
		for p, notes := range imp.Notes {
			for _, n := range notes {
				imp.seen[p+"\x00"+n] = struct{}{}
			}
		}
	}
	text := strings.TrimSpace(fmt.Sprintf(format, args...))
	key := path + "\x00" + text
	if _, said := imp.seen[key]; text == "" || said {
		return
	}
	imp.seen[key] = struct{}{}
	notes, limit := imp.Notes[path], MaxNotesPerItem
	if path == "" {
		limit = MaxHeadNotes
	}
	if len(notes) < limit {
		imp.Notes[path] = append(notes, text)
		return
	}
	imp.left[path]++
	notes[len(notes)-1] = fmt.Sprintf("%d more notes here were left out: at most %d are kept.", imp.left[path]+1, limit)
}

// Export is what an exporter writes out: a validated model, its
// vocabulary, and the analysis of it (findings with their status from
// tracking).
type Export struct {
	Loaded *model.Loaded
	Report *engine.Report
	// Producer names the program in the file's metadata ("iotthreat 1.2.0").
	Producer string
}

// Format is another tool's file format and what iotthreat does with it.
// Import or Export is nil when that direction is not supported.
type Format struct {
	Name       string   // on the command line: otm, threagile, threatdragon, drawio
	Title      string   // for help text: "Open Threat Model (OTM) JSON or YAML"
	Extensions []string // of its files, with the dot, most usual first
	// Import reads data, the contents of file (named in diagnostics),
	// as opts say. A file it cannot convert gives diagnostics and a nil
	// Import.
	Import func(file string, data []byte, opts Options) (*Import, diag.List)
	// Export writes the model and its analysis in the format.
	Export func(w io.Writer, e Export) error
}

// Options are the choices of the person importing, beside the file.
// The zero value is the importers' defaults.
type Options struct {
	// Map, when not nil, decides the element and boundary kinds of the
	// items whose types or names its rules match, before the importer's
	// built-in guesses by word (see Mapping). Formats whose kinds are
	// exact (draw.io files that iotthreat wrote) ignore it.
	Map *Mapping
}
