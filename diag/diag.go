// Package diag holds located, actionable diagnostics: the error messages
// iotthreat prints for bad input. Every loader and validator reports
// problems as a List of Diagnostic values so that a user sees all of them
// at once, each with its file, line, column, the field concerned, what was
// expected and a hint, in the file:line:col form that editors and CI
// annotators already understand.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/internal/reveal"
)

// Diagnostic is one problem found in an input file.
type Diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field"`   // dotted path of the field, e.g. elements[lock].boundary
	Message string `json:"message"` // what is wrong and what was expected
	Hint    string `json:"hint"`    // how to fix it; may be empty
	// Severity is "" for an error, which makes the input invalid, or
	// Warning for something a reviewer should look at that does not.
	Severity string `json:"severity,omitempty"`
}

// Warning is the Severity of a diagnostic that does not make its input
// invalid: commands print it and carry on.
const Warning = "warning"

// Warn builds a warning Diagnostic at pos, formatted like At.
func Warn(pos Pos, field, hint, format string, args ...any) Diagnostic {
	d := At(pos, field, hint, format, args...)
	d.Severity = Warning
	return d
}

// Pos is a position in a file. Line and Column start at 1; zero means unknown.
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// String formats the position as file:line:col, dropping unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// At builds a Diagnostic at pos.
func At(pos Pos, field, hint, format string, args ...any) Diagnostic {
	return Diagnostic{File: pos.File, Line: pos.Line, Column: pos.Column,
		Field: printable(field), Message: printable(fmt.Sprintf(format, args...)), Hint: printable(hint)}
}

// printable escapes control characters and invalid UTF-8 that came from
// the input, so that one diagnostic is always one line of plain text, and
// shows hidden formatting characters (bidirectional controls, zero-width
// spaces) as <U+XXXX>, so that it reads as what it holds.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || reveal.Hidden(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case reveal.Hidden(r):
			b.WriteString("<" + reveal.Code(r) + ">")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Pos returns where the diagnostic points.
func (d Diagnostic) Pos() Pos { return Pos{File: d.File, Line: d.Line, Column: d.Column} }

// String renders the diagnostic as "file:line:col: field: message" and a
// hint line, the form compilers use; a warning reads
// "file:line:col: warning: field: message".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos().String())
	b.WriteString(": ")
	if d.Severity != "" {
		b.WriteString(d.Severity)
		b.WriteString(": ")
	}
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString("\n\thint: ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// List is a set of diagnostics. A nil List means no problems.
type List []Diagnostic

// Add appends a diagnostic built like At.
func (l *List) Add(pos Pos, field, hint, format string, args ...any) {
	*l = append(*l, At(pos, field, hint, format, args...))
}

// Sort orders the list by file, line, column and message, so that output
// is deterministic whatever order checks ran in. Exact duplicates are removed.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Message < b.Message
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error implements error: one diagnostic per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}
