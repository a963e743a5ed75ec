package strictyaml

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"

	goccy "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/iotthreat/iotthreat/diag"
)

// lineOf extracts the line of a go.yaml.in/yaml/v3 error ("yaml: line 3: …").
var lineOf = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// unknownAnchor matches yaml/v3's message for an alias without anchor.
var unknownAnchor = regexp.MustCompile(`unknown anchor '([^']*)' referenced`)

// alreadyDefined matches goccy's "already defined at [L:C]" position.
var alreadyDefined = regexp.MustCompile(`at \[(\d+):(\d+)\]`)

// syntaxDiagnostic turns a parse error into a located diagnostic. The fast
// parser knows only the line; goccy's parser is asked for the column and
// a more precise message. If it disagrees (accepts the input), the fast
// parser's own message stands, at the start of its line.
func syntaxDiagnostic(file string, data []byte, err error) diag.Diagnostic {
	line, msg := 1, err.Error()
	if m := lineOf.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	pos := diag.Pos{File: file, Line: line, Column: 1}
	if d, ok := longKeyDiagnostic(file, data, line, msg); ok {
		return d
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		// goccy accepts unknown aliases; find the first use ourselves.
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			pos.Line = 1 + bytes.Count(data[:i], []byte("\n"))
			pos.Column = i - bytes.LastIndexByte(data[:i], '\n')
		}
		msg = "unknown alias *" + m[1]
	} else if p, m, ok := goccyLocate(data); ok {
		pos.Line, pos.Column, msg = p.Line, p.Column, m
	}
	hint := syntaxHint(msg)
	if m := strings.TrimPrefix(msg, "unknown alias *"); m != msg {
		return diag.At(pos, "", "define the anchor (&"+m+") before using it", "%s", msg)
	}
	return diag.At(pos, "", hint, "YAML syntax error: %s", describeSyntax(msg))
}

// goccyLocate parses data with goccy's parser to find where it fails.
func goccyLocate(data []byte) (pos diag.Pos, msg string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_, err := parser.ParseBytes(data, 0)
	var se *goccy.SyntaxError
	if err == nil || !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return diag.Pos{}, "", false
	}
	return diag.Pos{Line: se.Token.Position.Line, Column: se.Token.Position.Column}, se.Message, true
}

func describeSyntax(msg string) string {
	switch {
	case strings.Contains(msg, "already defined"):
		return alreadyDefined.ReplaceAllString(msg, "at line $1, column $2")
	case strings.Contains(msg, "'\t'"), strings.Contains(msg, "found a tab character"):
		return "a tab character cannot indent YAML"
	}
	return msg
}

func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "already defined"):
		return "each key may appear once in a mapping; merge the two entries"
	case strings.Contains(msg, "'\t'"), strings.Contains(msg, "tab character"):
		return "indent with spaces, not tabs"
	case strings.Contains(msg, "flow mapping end"), strings.Contains(msg, "flow sequence end"):
		return "close every { with } and every [ with ] on the same logical value"
	case strings.Contains(msg, "quoted text"), strings.Contains(msg, "quoted scalar"):
		return "close the quoted string, or remove the stray quote"
	case strings.Contains(msg, "unknown anchor"):
		return "define the anchor (&name) before using it (*name)"
	}
	return "check indentation and that every key is followed by ': '"
}

// longKeyDiagnostic explains the parser's complaint about a missing colon
// when the real problem is a key longer than YAML allows (maxSimpleKey),
// on the line the parser names or next to it (in a flow mapping, the
// parser names the line where the mapping's context starts).
func longKeyDiagnostic(file string, data []byte, line int, msg string) (diag.Diagnostic, bool) {
	if !strings.Contains(msg, "could not find expected ':'") && !strings.Contains(msg, "mapping values are not allowed") &&
		!strings.Contains(msg, "did not find expected ',' or '}'") {
		return diag.Diagnostic{}, false
	}
	for _, l := range []int{line, line + 1, line - 1} {
		if col, n, ok := longKey(data, l); ok {
			return diag.At(diag.Pos{File: file, Line: l, Column: col}, "",
				"use a shorter key; long text belongs in a value",
				"mapping key is %d characters long; YAML allows keys of at most %d characters", n, maxSimpleKey), true
		}
	}
	return diag.Diagnostic{}, false
}
