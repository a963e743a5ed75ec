package strictyaml

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

// Splitting a large model between the cores.
//
// Parsing YAML is most of the time of loading a large model, and the YAML
// parser runs on one core. A model is mostly a few long block lists under
// top-level keys (elements:, flows:, boundaries:), whose items can be
// parsed on their own: the text of a run of items, parsed as a document,
// gives the same nodes as the same lines inside the whole file, one line
// number apart. parseSplit cuts such lists into pieces at item starts and
// parses the pieces, and the rest of the file with the lists blanked out
// (the "skeleton"), on every core, then puts the lists back in place.
//
// It is only an acceleration: whenever the file is not plainly of that
// shape, or any piece fails to parse or convert, it gives up and the
// whole file is parsed in one piece, which finds and reports every problem
// exactly as it always has. So a cut in the wrong place can cost time but
// never change a result: a quoted string or a flow collection running
// across a cut leaves the piece before it unterminated, which fails.

// splitSizes decide when splitting is worth it and how fine to cut.
type splitSizes struct {
	minBytes int // the smallest file worth splitting
	minItems int // the shortest list worth cutting into pieces
	piece    int // about how many bytes a piece holds (cut at an item start)
}

// splitDefaults: below 256 KiB, starting goroutines and scanning lines
// costs more than it saves; pieces of 256 KiB keep both cores busy to
// the end on models of a few MB.
var splitDefaults = splitSizes{minBytes: 256 << 10, minItems: 64, piece: 256 << 10}

// splitList is one top-level key whose value is a block list written on
// the lines after it.
type splitList struct {
	key        string
	start, end int // byte range of its lines, up to the next top-level line
	line       int // line number of start
	indent     int // column of its items' "-" minus one; -1 until known
	items      []int
	itemLines  []int
	notList    bool // its value is something else (a mapping), left to the skeleton
}

// piece is a run of whole items of one list: count items from the
// list's item first on.
type piece struct {
	list         int
	start, end   int
	line         int
	first, count int
}

// parseSplit parses data on several cores when it can do so safely and
// returns nil when it cannot or when anything fails, so that the caller
// parses data whole. progress, when not nil, is told bytes parsed so far.
func parseSplit(file string, data []byte, lim Limits, sizes splitSizes, progress func(done, total int)) *Node {
	if runtime.GOMAXPROCS(0) < 2 {
		return nil // it would only add the planning to parsing the whole
	}
	lists, pieces, ok := planPieces(data, sizes)
	if !ok {
		return nil
	}
	skeleton := blankOut(data, lists, pieces)
	// Every piece is held to the whole file's text budget, and so is the
	// assembled tree.
	budget := lim.TextBudget(len(data))
	// Job 0 is the skeleton, job i+1 is pieces[i].
	results := make([]*Node, len(pieces)+1)
	report := progressCounter(progress, len(data))
	ok = eachJob(len(results), func(job int) bool {
		if job == 0 {
			results[0] = parseWhole(file, skeleton, lim, budget, 0, 0, nil)
			report(len(data) - piecesBytes(pieces))
		} else {
			p := pieces[job-1]
			// Depth 1: a list is the value of a top-level key.
			results[job] = parseWhole(file, data[p.start:p.end], lim, budget, p.line-1, 1, nil)
			if results[job] != nil && results[job].Kind != Sequence {
				results[job] = nil
			}
			report(p.end - p.start)
		}
		return results[job] != nil
	})
	if !ok {
		return nil
	}
	return assemble(results[0], results[1:], pieces, lists, lim, budget)
}

// planPieces plans the lists of data and cuts them into pieces, and
// reports whether the file is worth splitting and plainly of a shape that
// can be split.
func planPieces(data []byte, sizes splitSizes) ([]splitList, []piece, bool) {
	if len(data) < sizes.minBytes || !plainEnough(data) {
		return nil, nil, false
	}
	lists := planSplit(data)
	if lists == nil {
		return nil, nil, false
	}
	pieces := cutPieces(lists, sizes)
	return lists, pieces, len(pieces) > 0
}

// eachJob runs job(0) … job(n-1) on every core, each once, and reports
// whether all succeeded; after a failure no further job starts.
func eachJob(n int, job func(i int) bool) bool {
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if !job(i) {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !failed.Load()
}

// progressCounter returns a function that adds n bytes done and tells
// progress, when it is not nil, safely from several goroutines.
func progressCounter(progress func(done, total int), total int) func(n int) {
	if progress == nil {
		return func(int) {}
	}
	var mu sync.Mutex
	done := 0
	return func(n int) {
		mu.Lock()
		defer mu.Unlock()
		done += n
		progress(min(done, total), total)
	}
}

// parseWhole parses and converts one document found depth levels down,
// its line numbers shifted by lineOffset, and returns nil on any problem:
// with the fast reader of plain YAML if it can (parseFast, building in
// arena when it is not nil), else with the general parser.
func parseWhole(file string, data []byte, lim Limits, textBudget, lineOffset, depth int, arena *nodeArena) *Node {
	if root := parseFast(file, data, lim, textBudget, lineOffset, depth, arena); root != nil {
		return root
	}
	return parseGeneral(file, data, lim, textBudget, lineOffset, depth)
}

// parseGeneral is parseWhole with go.yaml.in/yaml/v3 alone.
func parseGeneral(file string, data []byte, lim Limits, textBudget, lineOffset, depth int) *Node {
	doc, second, _, err := parseDocuments(bytes.NewReader(data))
	if err != nil || doc == nil || second != nil {
		return nil
	}
	c := &converter{file: file, lim: lim, done: map[*yaml.Node]*Node{}, lineOffset: lineOffset, textBudget: textBudget}
	root := c.convert(doc, depth)
	if len(c.diags) > 0 {
		return nil
	}
	return root
}

// assemble puts each list's pieces back under its key in the skeleton.
func assemble(root *Node, parts []*Node, pieces []piece, lists []splitList, lim Limits, textBudget int) *Node {
	if root == nil || root.Kind != Mapping {
		return nil
	}
	for li, l := range lists {
		var value *Node
		for pi, p := range pieces {
			if p.list != li {
				continue
			}
			part := parts[pi]
			if value == nil {
				value = &Node{Kind: Sequence, Pos: part.Pos, size: 1, Items: make([]*Node, 0, len(l.items))}
			}
			value.Items = append(value.Items, part.Items...)
			value.size += part.size - 1
			value.text += part.text
		}
		if value == nil {
			continue
		}
		pair := listPair(root, l)
		if pair < 0 {
			return nil
		}
		root.size += value.size - root.Pairs[pair].Value.size
		root.text += value.text - root.Pairs[pair].Value.text
		root.Pairs[pair].Value = value
	}
	if root.size > lim.MaxNodes || root.text > textBudget {
		return nil
	}
	return root
}

// listPair finds the entry of the skeleton's root that holds list l, and
// returns -1 unless it is there with the empty value its blanked lines
// leave. The key must be where the planner saw it: a line that looks like
// "key:" may be inside a quoted string running over several lines.
func listPair(root *Node, l splitList) int {
	for i, p := range root.Pairs {
		if p.Key.Value == l.key && p.Key.Pos.Line == l.line-1 && p.Key.Pos.Column == 1 {
			if p.Value.Kind != Null {
				return -1
			}
			return i
		}
	}
	return -1
}

// plainEnough reports whether data is free of what splitting cannot
// handle, coarsely (a false alarm only costs time):
//   - an anchor (&name) or alias (*name): an alias in one piece could
//     name an anchor in another (any & or * not inside a word counts);
//   - a line break other than \n and \r\n (a lone \r, U+0085, U+2028,
//     U+2029): YAML counts them as line breaks, the planner would not,
//     and every later line number would be off.
func plainEnough(data []byte) bool {
	for i, b := range data {
		switch {
		case b == '&' || b == '*':
			if i == 0 || !isWordByte(data[i-1]) {
				return false
			}
		case b == '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				return false
			}
		case b == 0xC2 && i+1 < len(data) && data[i+1] == 0x85:
			return false
		case b == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			return false
		}
	}
	return true
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// cutPieces cuts each long list into pieces of about sizes.piece bytes.
func cutPieces(lists []splitList, sizes splitSizes) []piece {
	var pieces []piece
	for li, l := range lists {
		if l.notList || len(l.items) < sizes.minItems {
			continue
		}
		start, line, first := l.start, l.line, 0
		for i, at := range l.items {
			if i > 0 && at-start >= sizes.piece {
				pieces = append(pieces, piece{list: li, start: start, end: at, line: line, first: first, count: i - first})
				start, line, first = at, l.itemLines[i], i
			}
		}
		pieces = append(pieces, piece{list: li, start: start, end: l.end, line: line, first: first, count: len(l.items) - first})
	}
	return pieces
}

func piecesBytes(pieces []piece) int {
	n := 0
	for _, p := range pieces {
		n += p.end - p.start
	}
	return n
}

// blankOut returns data with the lines of the lists cut into pieces made
// empty, so every other line keeps its number and column.
func blankOut(data []byte, lists []splitList, pieces []piece) []byte {
	out := make([]byte, 0, len(data)/4)
	at := 0
	for li, l := range lists {
		if !hasPieces(pieces, li) {
			continue
		}
		out = append(out, data[at:l.start]...)
		out = append(out, bytes.Repeat([]byte("\n"), bytes.Count(data[l.start:l.end], []byte("\n")))...)
		at = l.end
	}
	return append(out, data[at:]...)
}

func hasPieces(pieces []piece, list int) bool {
	for _, p := range pieces {
		if p.list == list {
			return true
		}
	}
	return false
}
