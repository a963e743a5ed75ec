package otm

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/strictyaml"
)

// parseTree reads an OTM file, JSON or YAML, into a positioned tree. A
// file whose first non-blank byte is '{' is JSON and is read with
// encoding/json (its errors carry byte offsets, turned into line:col);
// anything else is YAML, read with the model's own parser, which locates
// its errors and refuses alias bombs. Both refuse trees of more than
// MaxValues values or MaxDepth levels.
func parseTree(file string, data []byte) (*strictyaml.Node, diag.List) {
	if isJSON(data) {
		return jsonTree(file, data)
	}
	lim := strictyaml.DefaultLimits
	lim.MaxNodes, lim.MaxDepth = MaxValues, MaxDepth
	return strictyaml.Parse(file, data, lim)
}

// isJSON says whether data starts, after blanks and a byte-order mark,
// with '{'.
func isJSON(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}

// jsonTree builds the tree of a JSON document token by token, noting
// where each value starts. Positions are computed from byte offsets with
// a running line count: offsets only grow, so the whole file is scanned
// for newlines once.
func jsonTree(file string, data []byte) (*strictyaml.Node, diag.List) {
	b := &builder{file: file, data: bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), line: 1}
	b.skipped = int64(len(data) - len(b.data))
	b.dec = json.NewDecoder(bytes.NewReader(b.data))
	b.dec.UseNumber()
	root, err := b.value(0)
	if err == nil {
		if _, err2 := b.dec.Token(); err2 != io.EOF {
			err = errTrailing
		}
	}
	if err != nil {
		return nil, diag.List{b.errorAt(err)}
	}
	return root, nil
}

var (
	errTrailing = errors.New("text after the end of the JSON document")
	errTooMany  = errors.New("too many values")
	errTooDeep  = errors.New("nested too deep")
)

// builder is the state of one jsonTree.
type builder struct {
	file    string
	data    []byte
	dec     *json.Decoder
	skipped int64 // bytes of a byte-order mark before data
	values  int
	// The running position: line and the offset where it starts, at
	// offset off.
	line      int
	lineStart int64
	off       int64
}

// pos turns an offset into data into a position; offsets passed to it
// never decrease, except in errorAt, which starts over.
func (b *builder) pos(off int64) diag.Pos {
	if off > int64(len(b.data)) {
		off = int64(len(b.data))
	}
	if off < b.off {
		b.line, b.lineStart, b.off = 1, 0, 0
	}
	for i := b.off; i < off; i++ {
		if b.data[i] == '\n' {
			b.line++
			b.lineStart = i + 1
		}
	}
	b.off = off
	col := off - b.lineStart + 1
	if b.line == 1 {
		col += b.skipped
	}
	return diag.Pos{File: b.file, Line: b.line, Column: int(col)}
}

// start is the offset of the next token, after blanks and separators.
func (b *builder) start() int64 {
	off := b.dec.InputOffset()
	for off < int64(len(b.data)) && strings.IndexByte(" \t\r\n:,", b.data[off]) >= 0 {
		off++
	}
	return off
}

func (b *builder) value(depth int) (*strictyaml.Node, error) {
	if depth > MaxDepth {
		return nil, errTooDeep
	}
	if b.values++; b.values > MaxValues {
		return nil, errTooMany
	}
	at := b.start()
	tok, err := b.dec.Token()
	if err != nil {
		return nil, err
	}
	n := &strictyaml.Node{Pos: b.pos(at)}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n.Kind = strictyaml.Sequence
			for b.dec.More() {
				item, err := b.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, item)
			}
		} else {
			n.Kind = strictyaml.Mapping
			for b.dec.More() {
				kat := b.start()
				k, err := b.dec.Token()
				if err != nil {
					return nil, err
				}
				key := &strictyaml.Node{Kind: strictyaml.Scalar, Tag: strictyaml.TagStr, Value: k.(string), Pos: b.pos(kat)}
				v, err := b.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Pairs = append(n.Pairs, strictyaml.Pair{Key: key, Value: v})
			}
		}
		if _, err := b.dec.Token(); err != nil { // the closing ] or }
			return nil, err
		}
	case string:
		n.Kind, n.Tag, n.Value = strictyaml.Scalar, strictyaml.TagStr, t
	case json.Number:
		n.Kind, n.Tag, n.Value = strictyaml.Scalar, strictyaml.TagFloat, t.String()
		if _, err := strconv.ParseInt(t.String(), 10, 64); err == nil {
			n.Tag = strictyaml.TagInt
		}
	case bool:
		n.Kind, n.Tag, n.Value = strictyaml.Scalar, strictyaml.TagBool, strconv.FormatBool(t)
	case nil:
		n.Kind = strictyaml.Null
	}
	return n, nil
}

// errorAt locates a decoding error.
func (b *builder) errorAt(err error) diag.Diagnostic {
	const hint = "check the file is complete, valid JSON"
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return diag.At(b.pos(syn.Offset), "", hint, "malformed JSON: %s", syn.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return diag.At(b.pos(int64(len(b.data))), "", hint, "malformed JSON: unexpected end of file")
	case errors.Is(err, errTooDeep):
		return diag.At(b.pos(b.dec.InputOffset()), "", "an OTM file never needs this depth; is the file generated?",
			"nesting goes more than %d levels deep", MaxDepth)
	case errors.Is(err, errTooMany):
		return diag.At(b.pos(b.dec.InputOffset()), "", "split the model, or raise the limit in iotthreat's source if this is a real model",
			"more than %d JSON values: over the OTM import limit", MaxValues)
	case errors.Is(err, errTrailing):
		return diag.At(b.pos(b.start()), "", hint, "malformed JSON: text after the end of the document")
	}
	return diag.At(b.pos(b.dec.InputOffset()), "", hint, "malformed JSON: %v", err)
}
