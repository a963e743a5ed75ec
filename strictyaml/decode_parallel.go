package strictyaml

import (
	"reflect"
	"runtime"
	"sync"

	"github.com/iotthreat/iotthreat/internal/prefault"
)

// parallelMinItems is the shortest list of mappings decoded on several
// cores: a model's elements and flows, by the thousand, are most of the
// decoding time, and each item decodes on its own.
const parallelMinItems = 2048

// parallelList decodes a long list of struct items on every core and
// reports whether it did. It declines (and decodes nothing) for short
// lists, inside aliased content, and on one core. When any item has a
// problem, the list is decoded again in order by the caller, so problems
// are reported exactly as a serial decode reports them, limit included;
// a list without problems decodes to the same values either way.
func (d *decoder) parallelList(n *Node, v reflect.Value) bool {
	workers := runtime.GOMAXPROCS(0)
	if len(n.Items) < parallelMinItems || workers < 2 || d.alias != nil || d.full {
		return false
	}
	out := prefault.MakeSlice(v.Type(), len(n.Items), len(n.Items))
	chunk := (len(n.Items) + workers - 1) / workers
	failed := make([]bool, workers)
	list := d.path() // the workers' paths start from it
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(n.Items))
		wg.Go(func() {
			sub := startAt(list)
			for i := lo; i < hi && len(sub.diags) == 0; i++ {
				sub.enter(itemStep(i, n.Items[i]))
				sub.entry(n.Items[i], out.Index(i), nil, "")
				sub.leave()
			}
			failed[w] = len(sub.diags) > 0
		})
	}
	wg.Wait()
	for _, f := range failed {
		if f {
			return false
		}
	}
	v.Set(out)
	return true
}
