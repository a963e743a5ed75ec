package modelyaml

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/iotthreat/iotthreat/internal/reveal"
)

// itemIndent is the column of a section's items ("  - id: …", "  KEY: …").
const itemIndent = 2

// attachNotes puts the notes about a section ("tracking") above its key
// and those about its items ("elements[lock]", "tracking[RULE@x]") above
// each item: list items are named by their id field, map entries by key.
func (e *encoder) attachNotes(section string, v reflect.Value, n *yaml.Node) {
	switch n.Kind {
	case yaml.SequenceNode:
		if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		id, ok := idField(v.Type().Elem())
		if !ok {
			return
		}
		for i, item := range n.Content {
			path := section + "[" + v.Index(i).Field(id).String() + "]"
			if !e.used[path] { // a duplicate id: the notes go above the first
				item.HeadComment = e.commentFor(path, itemIndent)
			}
		}
	case yaml.MappingNode:
		if v.Kind() != reflect.Map {
			return
		}
		for i := 0; i < len(n.Content); i += 2 {
			key := n.Content[i]
			key.HeadComment = e.commentFor(section+"["+key.Value+"]", itemIndent)
		}
	}
}

// idField is the index of the id key of an item type, if it has one.
func idField(t reflect.Type) (int, bool) {
	for _, f := range fieldsOf(t) {
		if f.name == "id" && t.Field(f.index).Type.Kind() == reflect.String {
			return f.index, true
		}
	}
	return 0, false
}

// commentFor is the comment of the notes at path, written at indent, and
// marks them placed; "" when there are none.
func (e *encoder) commentFor(path string, indent int) string {
	notes := e.notes[path]
	if len(notes) == 0 || path == "" {
		return ""
	}
	e.used[path] = true
	var b strings.Builder
	for _, note := range notes {
		b.WriteString(comment(note, indent))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// unused lists the notes about paths that name no item of the model (an
// importer's mistake, or an item it dropped), each naming its path: they
// go to the head of the file rather than be lost.
func (e *encoder) unused() []string {
	var paths []string
	for path := range e.notes {
		if path != "" && !e.used[path] && len(e.notes[path]) > 0 {
			paths = append(paths, path)
		}
	}
	slices.Sort(paths)
	var out []string
	for _, path := range paths {
		for _, note := range e.notes[path] {
			out = append(out, path+": "+note)
		}
	}
	return out
}

// comment writes a note as comment lines ("# …\n") wrapped to fit
// CommentWidth at indent. The note's own line breaks are kept. Notes
// quote the source file, which is untrusted: a character YAML reads as a
// line break (\r, U+0085, U+2028, U+2029) would end the comment and let
// the rest be read as model content, so those, other control characters
// and invisible formatting characters are written as <U+XXXX>.
func comment(note string, indent int) string {
	width := max(CommentWidth-indent-2, 20)
	var b strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(note, "\r\n", "\n"), "\n") {
		line := 0
		words := strings.Fields(visible(para))
		if len(words) == 0 {
			b.WriteString("#\n")
			continue
		}
		for i, w := range words {
			n := utf8.RuneCountInString(w)
			switch {
			case i == 0:
				b.WriteString("# ")
			case line+1+n > width:
				b.WriteString("\n# ")
				line = 0
			default:
				b.WriteByte(' ')
				line++
			}
			b.WriteString(w)
			line += n
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// visible replaces what must not or cannot be seen in a comment: control
// characters (tabs become spaces), YAML line breaks, invisible formatting
// characters and bytes that are not UTF-8.
func visible(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString("<invalid UTF-8>")
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0x2028, r == 0x2029, reveal.Hidden(r), r == 0xFEFF:
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
