package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/iotthreat/iotthreat/diag"
)

// Limits bound what a single document may cost to load.
type Limits struct {
	MaxBytes int // largest accepted input
	MaxNodes int // most nodes after expanding aliases (refuses alias bombs)
	MaxDepth int // deepest nesting of lists and mappings
	// TextFactor and TextSlack bound the text of a document once its
	// aliases are expanded: the bytes of all its keys and scalar values,
	// each counted as often as aliases repeat it, may be at most
	// TextFactor × the input's size + TextSlack (see TextBudget). MaxNodes
	// alone lets one long string be repeated millions of times; what
	// reads the model later (rules, reports, diagrams) costs memory and
	// time in proportion to this text, so bounding it by the input's size
	// keeps every accepted file's cost proportional to its size. Both zero
	// means DefaultLimits' values.
	TextFactor int
	TextSlack  int
}

// DefaultLimits fit models of hundreds of thousands of elements while
// refusing inputs built to exhaust memory.
//
// The text budget: without aliases, a document's text is at most its size
// (quotes, indentation and escapes only shrink), so a factor of 4 leaves
// room for aliases and merge keys (<<: *defaults) to triple a model's
// text, more than sharing defaults between elements needs; the slack of
// 1 MiB lets small files use aliases freely. A 64 MiB file may expand to
// 257 MiB of text, about what a model of that size costs unexpanded
// downstream.
var DefaultLimits = Limits{MaxBytes: 64 << 20, MaxNodes: 20_000_000, MaxDepth: 100, TextFactor: 4, TextSlack: 1 << 20}

// TextBudget is the most bytes of text a document of size bytes may
// expand to through aliases (see Limits.TextFactor).
func (l Limits) TextBudget(size int) int {
	factor, slack := l.textTerms()
	return factor*size + slack
}

func (l Limits) textTerms() (factor, slack int) {
	if l.TextFactor == 0 && l.TextSlack == 0 {
		return DefaultLimits.TextFactor, DefaultLimits.TextSlack
	}
	return l.TextFactor, l.TextSlack
}

// Parse reads one YAML document. An empty document yields a Null node.
// Syntax errors, multiple documents, duplicate keys, unknown anchors,
// unsupported tags and inputs over the limits are returned as diagnostics
// located in file.
//
// Two YAML libraries serve here, each for what it does best: the document
// is parsed with go.yaml.in/yaml/v3, several times faster on large models;
// when it reports a syntax error, which carries only a line, the input is
// parsed again with github.com/goccy/go-yaml to locate the error to the
// column and describe it precisely.
func Parse(file string, data []byte, lim Limits) (root *Node, diags diag.List) {
	return ParseProgress(file, data, lim, nil)
}

// ParseProgress is Parse telling progress, when progress is not nil, as
// bytes of data read by the parser so far out of len(data), every 64 KiB
// and once at the end: parsing is most of the time of loading a large
// model, and the only part whose progress can be measured as it goes.
func ParseProgress(file string, data []byte, lim Limits, progress func(done, total int)) (root *Node, diags diag.List) {
	if diags := precheck(file, data, lim); diags != nil {
		return nil, diags
	}
	if progress != nil {
		progress = monotonic(progress)
	}
	return parseChecked(file, data, lim, progress)
}

// precheck refuses, before any parsing, what the parser must never see:
// an input over the size limit, text that is not UTF-8, nesting past the
// depth limit.
func precheck(file string, data []byte, lim Limits) (diags diag.List) {
	if len(data) > lim.MaxBytes {
		diags.Add(diag.Pos{File: file, Line: 1, Column: 1}, "", "split the model into several files joined with include:",
			"file is larger than the %d-byte limit", lim.MaxBytes)
		return diags
	}
	if diags := checkEncoding(file, data); diags != nil {
		return diags
	}
	if line, col := tooDeep(data, lim.MaxDepth); line > 0 {
		diags.Add(diag.Pos{File: file, Line: line, Column: col}, "", "a model never needs this depth; is the file generated?",
			"nesting goes more than %d levels deep", lim.MaxDepth)
		return diags
	}
	return nil
}

// parseChecked parses data that passed precheck.
func parseChecked(file string, data []byte, lim Limits, progress func(done, total int)) (root *Node, diags diag.List) {
	if root := parseSplit(file, data, lim, splitDefaults, progress); root != nil {
		return root, nil
	}
	return parseSerial(file, data, lim, progress)
}

// parseSerial parses data in one piece on one core: what every document
// gets whose shape parseSplit does not handle, and whose diagnostics are
// the reference. A document in the plain subset of YAML that model files
// are written in is read by the fast reader (parseFast); any other, and
// every document with a problem, by go.yaml.in/yaml/v3.
func parseSerial(file string, data []byte, lim Limits, progress func(done, total int)) (root *Node, diags diag.List) {
	if root := parseFast(file, data, lim, lim.TextBudget(len(data)), 0, 0, nil); root != nil {
		if progress != nil {
			progress(len(data), len(data))
		}
		return root, nil
	}
	var in io.Reader = bytes.NewReader(data)
	if progress != nil {
		in = &progressReader{r: in, total: len(data), progress: progress}
		defer progress(len(data), len(data))
	}
	doc, second, count, err := parseDocuments(in)
	if err != nil {
		return nil, diag.List{syntaxDiagnostic(file, data, err)}
	}
	if doc == nil {
		return &Node{Kind: Null, Pos: diag.Pos{File: file, Line: 1, Column: 1}}, nil
	}
	if second != nil {
		diags.Add(diag.Pos{File: file, Line: second.Line, Column: second.Column}, "", "put each model in its own file and join them with include:",
			"a model file holds one YAML document, found %d", count)
		return nil, diags
	}
	c := &converter{file: file, lim: lim, done: map[*yaml.Node]*Node{}, textBudget: lim.TextBudget(len(data))}
	root = c.convert(doc, 0)
	if len(c.diags) > 0 {
		return nil, c.diags
	}
	return root, nil
}

// parseDocuments returns the first non-empty document's content, the start
// of a second one if there is one, and how many there are. A panic inside
// the parser becomes an error: a malformed file must never take the
// process down.
func parseDocuments(data io.Reader) (first, second *yaml.Node, count int, err error) {
	defer func() {
		if r := recover(); r != nil {
			first, second, err = nil, nil, fmt.Errorf("the YAML parser could not read this input (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(data)
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return first, second, count, nil
			}
			return nil, nil, 0, err
		}
		if len(doc.Content) == 0 {
			continue
		}
		count++
		switch count {
		case 1:
			first = doc.Content[0]
		case 2:
			second = doc.Content[0]
		}
	}
}

// monotonic passes on only progress beyond what it has passed on: when a
// split parse gives up midway, the serial parse starts counting again.
func monotonic(progress func(done, total int)) func(done, total int) {
	var mu sync.Mutex
	best := -1
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if done > best {
			best = done
			progress(done, total)
		}
	}
}

// progressReader tells how much of its reader has been read, each time
// another 64 KiB has.
type progressReader struct {
	r           io.Reader
	done, total int
	next        int
	progress    func(done, total int)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += n
	if p.done >= p.next {
		p.next = p.done + 64<<10
		p.progress(p.done, p.total)
	}
	return n, err
}

// tooDeep finds where nesting first exceeds limit, checked before parsing
// so that "[[[[…" or "- - - - …" cannot drive the parser into deep
// recursion (the YAML parser's cost grows with the square of the depth).
// It counts flow brackets, in comments and strings too, and the run of
// block indicators ("- ", "? ", ": ") opening a line: an upper bound that
// real models stay far below. It returns 0, 0 when within limit.
func tooDeep(data []byte, limit int) (line, col int) {
	depth := 0
	line, start := 1, 0
	lineStart := true // still in the indentation and indicators of a line
	indicators := 0
	for i, b := range data {
		if lineStart {
			switch {
			case b == ' ':
				continue
			case (b == '-' || b == '?' || b == ':') && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n'):
				indicators++
				if indicators > limit {
					return line, i - start + 1
				}
				continue
			default:
				lineStart = false
			}
		}
		switch b {
		case '[', '{':
			depth++
			if depth > limit {
				return line, i - start + 1
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '\n':
			line, start = line+1, i+1
			lineStart, indicators = true, 0
		}
	}
	return 0, 0
}
