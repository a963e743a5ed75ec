package strictyaml

// Reusing the trees of a split decode's pieces.
//
// A piece of a long list (decode_split.go) is parsed into Nodes, decoded
// and dropped: at 10,000 elements those trees were 110 MB of the 410 MB
// loading and analysing allocate, at 100,000 a gigabyte, though no more
// than one piece per core is alive at a time. Memory the collector has not
// yet freed cannot be reused, so each piece's tree took fresh pages from
// the kernel, and a fresh page is what costs most on a virtual machine:
// on the 2-core machine the targets are measured on, clearing pages the
// host had to supply was a third of the CPU of `analyze --format json`
// (docs/performance.md, "Pieces' trees in reused memory").
//
// So each core's pieces are built in one nodeArena, handed out again once
// the piece is decoded. Nothing outside the piece's decoding keeps a Node
// of it: the decoder copies positions and strings out of the tree, and a
// Node's strings are not in the arena. Every other tree (a whole file,
// a split decode's skeleton, the importers' documents) is made with new
// and make as before: a nil arena.

// nodeArena lends a piece's Nodes, item lists and pairs from blocks that
// reset makes available again.
type nodeArena struct {
	nodes blocks[Node]
	items blocks[*Node]
	pairs blocks[Pair]
}

// reset makes all blocks available again: the tree built from them must
// no longer be read.
func (a *nodeArena) reset() {
	a.nodes.reset()
	a.items.reset()
	a.pairs.reset()
}

// blockLen is the number of values in a block: 4096 Nodes are 576 KiB,
// about the tree of one 256 KiB piece in a few blocks.
const blockLen = 4096

// blocks hands out runs of Ts, block after block.
type blocks[T any] struct {
	all  [][]T
	cur  int // the block runs are taken from
	used int // how much of it is taken
}

// take returns n Ts, whose contents are whatever was there before: the
// caller writes every one of them. A run longer than a quarter of a block
// is made apart, so that blocks are not left mostly unused.
func (b *blocks[T]) take(n int) []T {
	if n > blockLen/4 {
		return make([]T, n)
	}
	if b.cur < len(b.all) && b.used+n > blockLen {
		b.cur, b.used = b.cur+1, 0
	}
	if b.cur == len(b.all) {
		b.all = append(b.all, make([]T, blockLen))
	}
	s := b.all[b.cur][b.used : b.used+n : b.used+n]
	b.used += n
	return s
}

func (b *blocks[T]) reset() { b.cur, b.used = 0, 0 }

// node returns a Node to fill: from the arena when there is one.
func (b *nodeBuilder) node() *Node {
	if b.arena == nil {
		return new(Node)
	}
	return &b.arena.nodes.take(1)[0]
}

// keyNodes returns n Nodes to fill, for a mapping's keys.
func (b *nodeBuilder) keyNodes(n int) []Node {
	if b.arena == nil {
		return make([]Node, n)
	}
	return b.arena.nodes.take(n)
}

// itemList returns a list of n items to fill.
func (b *nodeBuilder) itemList(n int) []*Node {
	if b.arena == nil {
		return make([]*Node, n)
	}
	return b.arena.items.take(n)
}

// pairList returns n pairs to fill.
func (b *nodeBuilder) pairList(n int) []Pair {
	if b.arena == nil {
		return make([]Pair, n)
	}
	return b.arena.pairs.take(n)
}
