package threatdragon

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange/internal/position"
)

// parse decodes a Threat Dragon file and checks its outline: a v2
// version, a summary with a title, and detail.diagrams. Every problem is
// located at line:column in the file.
func parse(file string, data []byte) (*document, diag.List) {
	var diags diag.List
	var doc document
	where := position.New(file, data)
	if err := json.Unmarshal(data, &doc); err != nil {
		diags = append(diags, jsonError(where, data, err))
		var typ *json.UnmarshalTypeError
		if !errors.As(err, &typ) {
			return nil, diags
		}
		// The decoder read on past a mistyped value: check the outline
		// too, so that one run lists what is missing as well.
	}
	top := where.At(firstValue(data, 0))
	switch {
	case doc.Version == nil:
		diags.Add(top, "version", "this reads Threat Dragon v2 files; open a v1 model in Threat Dragon 2 and save it to upgrade it",
			"no version: not a Threat Dragon v2 model (a v1 model has none)")
	case !strings.HasPrefix(*doc.Version, "2."):
		diags.Add(top, "version", "this reads Threat Dragon v2 files (version 2.x)", "unsupported Threat Dragon version %q", *doc.Version)
	}
	if doc.Summary == nil {
		diags.Add(top, "summary", "a Threat Dragon model has summary: {title: ...}", "missing summary")
	} else if doc.Summary.Title == nil {
		diags.Add(top, "summary.title", "a Threat Dragon model names itself in summary.title", "missing summary.title")
	}
	if doc.Detail == nil {
		diags.Add(top, "detail", "a Threat Dragon model keeps its diagrams in detail.diagrams", "missing detail")
	} else if doc.Detail.Diagrams == nil {
		diags.Add(top, "detail.diagrams", "a Threat Dragon model keeps its diagrams in detail.diagrams", "missing detail.diagrams")
	}
	if len(diags) > 0 {
		return nil, diags.Sort()
	}
	return &doc, nil
}

// jsonError turns a decoding error into a located diagnostic.
func jsonError(where *position.Index, data []byte, err error) diag.Diagnostic {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// The offset is just past the character that broke the syntax.
		off := syn.Offset
		if off > 0 && off <= int64(len(data)) && !strings.Contains(syn.Error(), "unexpected end") {
			off--
		}
		return diag.At(where.At(off), "", "check the file is complete, valid JSON", "malformed JSON: %s", syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		// The offset is just past the offending value; point at its start.
		return diag.At(where.At(valueStart(data, typ.Offset)), field, "Threat Dragon v2 files follow its published schema",
			"expected %s, got a JSON %s", typeName(typ.Type.String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return diag.At(where.At(int64(len(data))), "", "check the file is complete, valid JSON", "malformed JSON: unexpected end of file")
	}
	return diag.At(diag.Pos{File: where.File()}, "", "", "malformed JSON: %v", err)
}

// typeName says a Go type as the JSON it is read from.
func typeName(t string) string {
	switch {
	case t == "string" || t == "*string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "float") || strings.HasPrefix(t, "*float") || strings.HasPrefix(t, "int"):
		return "a number"
	case strings.HasPrefix(t, "[]") || strings.HasPrefix(t, "*[]"):
		return "an array"
	}
	return "an object"
}

// valueStart finds the start of the JSON value that ends at off: the
// decoder reports the offset after a mistyped value.
func valueStart(data []byte, off int64) int64 {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	i := off - 1
	for i > 0 && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r') {
		i--
	}
	if i < 0 {
		return 0
	}
	switch data[i] {
	case '"':
		for i--; i > 0; i-- {
			if data[i] == '"' && data[i-1] != '\\' {
				return i
			}
		}
	case '}', ']':
		return off // a container: its start is too far to find cheaply
	default:
		for i > 0 && !strings.ContainsRune(":,[ \t\r\n", rune(data[i-1])) {
			i--
		}
	}
	return i
}

// firstValue skips whitespace and separators from off.
func firstValue(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.ContainsRune(" \t\r\n:,", rune(data[off])) {
		off++
	}
	return off
}

// cellKey names one cell: its diagram's index and its own.
type cellKey struct{ diagram, cell int }

// cellOffsets finds where each cell of detail.diagrams[].cells[] starts
// in the file, for diagnostics about cells. It walks the tokens once and
// keeps one number per cell; it is called only when there is a problem to
// report.
func cellOffsets(data []byte) map[cellKey]int64 {
	out := map[cellKey]int64{}
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object    bool
		key       string
		index     int
		expectKey bool
	}
	var stack []frame
	// done advances the enclosing container past a finished value.
	done := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].expectKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		n := len(stack)
		if n > 0 && stack[n-1].object && stack[n-1].expectKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:n-1]
				done()
				continue
			}
			stack[n-1].key, stack[n-1].expectKey = fmt.Sprint(tok), false
			continue
		}
		if d, ok := tok.(json.Delim); ok && (d == ']' || d == '}') {
			stack = stack[:n-1]
			done()
			continue
		}
		// tok starts a value: is it detail.diagrams[i].cells[j]?
		// The stack is then: the file's object (at key detail), detail
		// (at diagrams), the diagrams array (at i), the diagram (at
		// cells), the cells array (at j).
		if n == 5 && stack[0].object && stack[0].key == "detail" && stack[1].object && stack[1].key == "diagrams" &&
			!stack[2].object && stack[3].object && stack[3].key == "cells" && !stack[4].object {
			out[cellKey{stack[2].index, stack[4].index}] = firstValue(data, before)
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{object: d == '{', expectKey: d == '{'})
			continue
		}
		done()
	}
}
