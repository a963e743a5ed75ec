package strictyaml

import (
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/internal/prefault"
)

// Decoding a large model piece by piece.
//
// parseSplit (split.go) parses the pieces of a model's long lists on every
// core and puts them back into one tree, which Decode then reads. For the
// largest models that tree is most of what loading holds in memory (about
// 1.5 GB at 100,000 elements), all of it alive until decoding ends.
// ParseDecode goes one step further: it parses the skeleton and decodes
// it, and when the decoder reaches a list that was cut into pieces, each
// core takes a piece, parses it, decodes its items into their places in
// the list and drops the piece's tree. The whole tree never exists. It
// runs on one core too, for the memory: on one core the file used to be
// parsed whole, and at 10,000 elements that peaked at 392 MiB against
// 256 and took 1.98 s against 1.49 (docs/performance.md, "One core").
//
// Like parseSplit it is only an acceleration: on anything unusual (a
// problem in the skeleton or in any piece, a piece holding another number
// of items than the planner counted, a list of something other than
// mappings) the result is thrown away and the file is parsed and decoded
// whole by Parse and Decode, which find and report every problem exactly
// as they always have. One problem it reports itself, because the whole
// parse is what it is there to prevent: a list too long to hold (see
// MaxListBytes). Its pieces are parsed, one at a time per core, to make
// sure they hold the items counted, and the list is refused as Decode
// refuses it, when nothing else in the file is wrong.

// ParseDecode parses data and, when the document is a mapping, decodes it
// into out, a pointer to a struct: the same values and the same problems
// as Parse followed by Decode. parseDiags are Parse's problems (nothing is
// decoded then), decodeDiags Decode's. root is the document; when it was
// decoded piece by piece, its long lists are not in it (placeholders stand
// for them), so read only its Kind and Pos.
func ParseDecode(file string, data []byte, lim Limits, out any, progress func(done, total int)) (root *Node, parseDiags, decodeDiags diag.List) {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		panic("strictyaml.ParseDecode needs a non-nil pointer")
	}
	if diags := precheck(file, data, lim); diags != nil {
		return nil, diags, nil
	}
	if progress != nil {
		progress = monotonic(progress)
	}
	if root, refused := decodeSplit(file, data, lim, v.Elem(), splitDefaults, progress); root != nil {
		return root, nil, refused
	}
	v.Elem().SetZero() // a split decode that gave up may have filled part of it
	root, parseDiags = parseChecked(file, data, lim, progress)
	if len(parseDiags) > 0 || root.Kind != Mapping {
		return root, parseDiags, nil
	}
	return root, nil, Decode(root, out, "")
}

// splitValue is a list of the document left in pieces, for the decoder
// to parse and decode when it reaches the list.
type splitValue struct {
	file       string
	data       []byte
	lim        Limits
	textBudget int
	pieces     []piece
	items      int // in all pieces
	report     func(n int)
	// size and text add up the pieces' nodes and text, to hold the
	// whole document to the limits as Parse does.
	size, text *atomic.Int64
	// arenas lend the pieces' trees their memory (arena.go).
	arenas *arenaPool
}

// decodeSplit decodes data into v piece by piece (see above) and returns
// the skeleton's root, or nil when it cannot or anything fails. refused
// are the lists too long to hold, when those are the only problems.
func decodeSplit(file string, data []byte, lim Limits, v reflect.Value, sizes splitSizes, progress func(done, total int)) (root *Node, refused diag.List) {
	lists, pieces, ok := planPieces(data, sizes)
	if !ok {
		return nil, nil
	}
	budget := lim.TextBudget(len(data))
	root = parseWhole(file, blankOut(data, lists, pieces), lim, budget, 0, 0, nil)
	if root == nil || root.Kind != Mapping {
		return nil, nil
	}
	report := progressCounter(progress, len(data))
	report(len(data) - piecesBytes(pieces))
	var size, text atomic.Int64
	size.Store(int64(root.size))
	text.Store(int64(root.text))
	d := &decoder{split: map[*Node]*splitValue{}}
	arenas := &arenaPool{}
	for li, l := range lists {
		var mine []piece
		items := 0
		for _, p := range pieces {
			if p.list == li {
				mine = append(mine, p)
				items += p.count
			}
		}
		if mine == nil {
			continue
		}
		pair := listPair(root, l)
		if pair < 0 {
			return nil, nil
		}
		// Where Parse puts the list: at its first item's "-".
		at := diag.Pos{File: file, Line: l.itemLines[0], Column: l.indent + 1}
		placeholder := &Node{Kind: Sequence, Pos: at, size: 1}
		root.Pairs[pair].Value = placeholder
		d.split[placeholder] = &splitValue{file: file, data: data, lim: lim, textBudget: budget,
			pieces: mine, items: items, report: report, size: &size, text: &text, arenas: arenas}
	}
	d.value(root, v, nil, "")
	if d.splitFailed || len(d.diags) > d.refusedLists || size.Load() > int64(lim.MaxNodes) || text.Load() > int64(budget) {
		return nil, nil
	}
	return root, d.diags
}

// splitList decodes the pieces of sv, whose placeholder is n, into v, a
// slice, on every core.
func (d *decoder) splitList(sv *splitValue, n *Node, v reflect.Value) {
	if _, structItems := structOrPointerTo(v.Type().Elem()); !structItems {
		d.splitFailed = true
		return
	}
	if most := mostItems(v.Type()); sv.items > most {
		// Refused as Decode refuses it, once the pieces are known to
		// hold the items counted; each piece's tree is dropped at once.
		if !eachJob(len(sv.pieces), func(i int) bool {
			a := sv.arenas.get()
			defer sv.arenas.put(a)
			return sv.parsePiece(sv.pieces[i], a) != nil
		}) {
			d.splitFailed = true
			return
		}
		d.tooLong(n, sv.items, most)
		d.refusedLists++
		return
	}
	out := prefault.MakeSlice(v.Type(), sv.items, sv.items)
	list := d.path() // the workers' paths start from it
	if !eachJob(len(sv.pieces), func(i int) bool { return sv.decodePiece(sv.pieces[i], out, list) }) {
		d.splitFailed = true
		return
	}
	v.Set(out)
}

// parsePiece parses one piece into arena and returns its list, counted
// against the document's limits, or nil when it is not a list of the
// items the planner counted.
func (sv *splitValue) parsePiece(p piece, arena *nodeArena) *Node {
	// Depth 1: a list is the value of a top-level key.
	node := parseWhole(sv.file, sv.data[p.start:p.end], sv.lim, sv.textBudget, p.line-1, 1, arena)
	sv.report(p.end - p.start)
	if node == nil || node.Kind != Sequence || len(node.Items) != p.count {
		return nil
	}
	sv.size.Add(int64(node.size - 1))
	sv.text.Add(int64(node.text))
	return node
}

// decodePiece parses one piece and decodes its items into their places
// in out, and reports whether all went well.
func (sv *splitValue) decodePiece(p piece, out reflect.Value, field string) bool {
	arena := sv.arenas.get()
	defer sv.arenas.put(arena) // the piece's tree is not read past this call
	node := sv.parsePiece(p, arena)
	if node == nil {
		return false
	}
	sub := startAt(field)
	for i, item := range node.Items {
		sub.enter(itemStep(p.first+i, item))
		sub.entry(item, out.Index(p.first+i), nil, "")
		sub.leave()
		if len(sub.diags) > 0 {
			return false
		}
	}
	return true
}

// arenaPool keeps the arenas of one split decode: one per core at most,
// each reset when a piece is done with it.
type arenaPool struct {
	mu   sync.Mutex
	free []*nodeArena
}

func (p *arenaPool) get() *nodeArena {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		a := p.free[n-1]
		p.free = p.free[:n-1]
		return a
	}
	return &nodeArena{}
}

func (p *arenaPool) put(a *nodeArena) {
	a.reset()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, a)
}
