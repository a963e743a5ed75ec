package strictyaml

import (
	"strconv"
	"strings"
)

// Where a value sits in the document, as messages name it
// ("elements[gw1].options.tls"). The decoder keeps the steps from the
// root to the value it is decoding on a stack (decoder.at) and spells
// the path out only when it reports a problem. It used to build every
// value's path as a string before decoding it: 12 MB of the allocations
// and about 8% of the CPU of loading 10,000 elements, for messages most
// loads never write.

// step is one step of a path.
type step struct {
	kind stepKind
	// name is a key, or the whole path at the root.
	name string
	// item and index name a list item: by the item's id when it has one,
	// else by its index.
	item  *Node
	index int
}

type stepKind uint8

const (
	stepRoot   stepKind = iota
	stepKey             // a struct field: ".name", or "name" first
	stepMapKey          // a map entry: ".name", the dot kept even first
	stepItem            // a list item: "[id]" or "[index]"
)

func keyStep(name string) step    { return step{kind: stepKey, name: name} }
func mapKeyStep(name string) step { return step{kind: stepMapKey, name: name} }
func itemStep(i int, item *Node) step {
	return step{kind: stepItem, item: item, index: i}
}

// pathOf spells out the path the steps lead to.
func pathOf(steps []step) string {
	var b strings.Builder
	for _, s := range steps {
		switch s.kind {
		case stepRoot:
			b.WriteString(s.name)
		case stepKey:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.name)
		case stepMapKey:
			b.WriteByte('.')
			b.WriteString(s.name)
		case stepItem:
			b.WriteByte('[')
			if id := s.item.Lookup("id"); id != nil && id.Kind == Scalar && id.Value != "" {
				b.WriteString(id.Value)
			} else {
				b.WriteString(strconv.Itoa(s.index))
			}
			b.WriteByte(']')
		}
	}
	return b.String()
}

// enter makes s the last step of the path being decoded; leave takes it
// back.
func (d *decoder) enter(s step) { d.at = append(d.at, s) }
func (d *decoder) leave()       { d.at = d.at[:len(d.at)-1] }

// path spells out the path of the value being decoded.
func (d *decoder) path() string { return pathOf(d.at) }

// startAt makes a decoder for the values under the path field, as the
// parallel and piecewise list decoders give each worker. A decoder with
// no steps at all is at the document's root ("").
func startAt(field string) *decoder {
	return &decoder{at: []step{{kind: stepRoot, name: field}}}
}
