package strictyaml

import (
	"bytes"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/iotthreat/iotthreat/synth"
)

// Runs taken from blocks never share memory, have no room to grow into
// their neighbours, come from the same blocks again after reset, and long
// runs are made apart.
func TestBlocksTake(t *testing.T) {
	var b blocks[int]
	first := b.take(3)
	var runs [][]int
	for n := 1; n <= blockLen/4; n = n*2 + 1 {
		for range 40 {
			runs = append(runs, b.take(n))
		}
	}
	runs = append(runs, first)
	for i, r := range runs {
		if cap(r) != len(r) {
			t.Fatalf("run %d: cap %d, len %d: appending would write into the next run", i, cap(r), len(r))
		}
		for j := range r {
			r[j] = i
		}
	}
	for i, r := range runs {
		for j, v := range r {
			if v != i {
				t.Fatalf("run %d, value %d was overwritten by run %d: runs overlap", i, j, v)
			}
		}
	}
	if len(b.all) < 2 {
		t.Fatalf("%d blocks: the runs should have filled more than one", len(b.all))
	}
	long := b.take(blockLen/4 + 1)
	for _, block := range b.all {
		if unsafe.SliceData(block) == unsafe.SliceData(long) {
			t.Fatal("a long run was taken from a block")
		}
	}
	made := len(b.all)
	b.reset()
	if again := b.take(3); unsafe.SliceData(again) != unsafe.SliceData(first) {
		t.Fatal("after reset, the first run is not taken from the first block again")
	}
	for range 40 {
		b.take(blockLen / 4)
	}
	if len(b.all) > made {
		t.Fatalf("after reset, the same runs made %d new blocks", len(b.all)-made)
	}
}

// Each piece of a generated model, parsed into one arena reset between
// pieces, gives the tree the plain parse gives; a piece's tree is read
// only before the next piece is parsed, as decodePiece reads it.
func TestArenaTreesEqualPlainTrees(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.Generate(&buf, synth.Options{Elements: 300, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	_, pieces, ok := planPieces(data, splitSizes{minBytes: 0, minItems: 1, piece: 4 << 10})
	if !ok || len(pieces) < 4 {
		t.Fatalf("the model was cut into %d pieces; the test needs several", len(pieces))
	}
	budget := DefaultLimits.TextBudget(len(data))
	var arena nodeArena
	for _, p := range pieces {
		for range 2 { // the second time into memory the first one used
			arena.reset()
			got := parseFast("m.yaml", data[p.start:p.end], DefaultLimits, budget, p.line-1, 1, &arena)
			want := parseFast("m.yaml", data[p.start:p.end], DefaultLimits, budget, p.line-1, 1, nil)
			if got == nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("piece at line %d: the tree in the arena differs:\n%s\nwant:\n%s", p.line, dumpNode(got), dumpNode(want))
			}
		}
	}
	if len(arena.nodes.all) == 0 || len(arena.pairs.all) == 0 {
		t.Fatal("the arena lent nothing")
	}
}

// The arenas of a split decode go back to its pool and are lent again,
// reset: a decode on two cores makes two, whatever the number of pieces.
func TestArenaPoolLendsResetArenas(t *testing.T) {
	var p arenaPool
	a, b := p.get(), p.get()
	if a == b {
		t.Fatal("two arenas lent at once are the same")
	}
	a.nodes.take(10)
	p.put(a)
	if again := p.get(); again != a || again.nodes.used != 0 || again.nodes.cur != 0 {
		t.Fatalf("the returned arena was not lent again reset: %p %p used %d", again, a, again.nodes.used)
	}
}

// What a piece decodes to keeps nothing of the piece's tree: every
// piece is decoded as decodePiece does it, then everything its arena
// lent is overwritten, and the values must still be those the whole
// document decodes to.
func TestDecodedPiecesKeepNothingOfTheArena(t *testing.T) {
	data := []byte(strings.Replace(string(largeModel(400)), "boundaries:\n  - id: b0\n    kind: home\n", "", 1))
	want := &largeDoc{}
	root, diags := parseSerial("large.yaml", data, DefaultLimits, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if diags := Decode(root, want, ""); len(diags) > 0 {
		t.Fatal(diags)
	}
	lists, pieces, ok := planPieces(data, splitSizes{minBytes: 0, minItems: 1, piece: 2 << 10})
	if !ok || len(pieces) < 4 {
		t.Fatalf("the model was cut into %d pieces; the test needs several", len(pieces))
	}
	got := &largeDoc{Name: want.Name}
	out := map[string]reflect.Value{
		"elements": reflect.ValueOf(make([]largeElement, len(want.Elements))),
		"flows":    reflect.ValueOf(make([]*largeFlow, len(want.Flows))),
	}
	budget := DefaultLimits.TextBudget(len(data))
	var arena nodeArena
	garbage := Node{Kind: Scalar, Tag: TagStr, Value: "overwritten", Items: []*Node{{}}, Pairs: []Pair{{}}}
	for _, p := range pieces {
		key := lists[p.list].key
		sv := &splitValue{file: "large.yaml", data: data, lim: DefaultLimits, textBudget: budget,
			report: func(int) {}, size: new(atomic.Int64), text: new(atomic.Int64), arenas: &arenaPool{free: []*nodeArena{&arena}}}
		if !sv.decodePiece(p, out[key], key) {
			t.Fatalf("piece at line %d was not decoded", p.line)
		}
		for _, block := range arena.nodes.all {
			for i := range block {
				block[i] = garbage
			}
		}
		for _, block := range arena.items.all {
			for i := range block {
				block[i] = &garbage
			}
		}
		for _, block := range arena.pairs.all {
			for i := range block {
				block[i] = Pair{Key: &garbage, Value: &garbage}
			}
		}
	}
	got.Elements = out["elements"].Interface().([]largeElement)
	got.Flows = out["flows"].Interface().([]*largeFlow)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded pieces changed when their arena was overwritten:\ngot  %+v\nwant %+v", got.Elements[:2], want.Elements[:2])
	}
}
