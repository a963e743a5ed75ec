package share

import (
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Target is one target of an analysis, as sharing sees it.
type Target struct {
	// Facts points to the target's facts: a struct whose fields CEL reads
	// by their `cel` tags. Targets with facts of one type are numbered
	// together.
	Facts any
	// List is the list of rules that apply to the target: an index into
	// the lists given to NewPlan.
	List int
}

// Plan is what the workers of one analysis share: for each list of
// rules, which of a target's numbers each rule reads, and each target's
// numbers.
type Plan struct {
	lists   [][]sharedRule
	targets []planned
}

// sharedRule places one rule of a list: no says which rule it is (rules
// appear in several lists), cols which numbers it reads; nil cols means
// the rule is evaluated on every target.
type sharedRule struct {
	no   int
	cols []int
}

// planned is a target's list and its facts as numbers, one per column
// of its type; nil when a fact could not be numbered, and the target's
// rules are then evaluated on it.
type planned struct {
	list int
	vals []uint64
}

// NewPlan numbers the facts of the targets that shared rules read. rules
// holds every rule of the analysis by its number; lists[k] holds the
// numbers of the rules of list k, in the order the engine evaluates them.
// A list's targets have facts of one type.
func NewPlan(rules []Rule, lists [][]int, targets []Target) *Plan {
	p := &Plan{lists: make([][]sharedRule, len(lists)), targets: make([]planned, len(targets))}
	listType := make([]reflect.Type, len(lists))
	for i, t := range targets {
		listType[t.List] = reflect.TypeOf(t.Facts)
		p.targets[i].list = t.List
	}
	// Each type of facts has its own columns, for the paths its lists'
	// shared rules read.
	paths := map[reflect.Type][]string{}
	for k, typ := range listType {
		for _, no := range lists[k] {
			if typ != nil && rules[no].Shared {
				paths[typ] = append(paths[typ], rules[no].Reads...)
			}
		}
	}
	cols := map[reflect.Type]*columns{}
	for typ, ps := range paths {
		if c := newColumns(typ, ps); c != nil {
			cols[typ] = c
		}
	}
	for k, list := range lists {
		c := cols[listType[k]]
		p.lists[k] = make([]sharedRule, len(list))
		for j, no := range list {
			p.lists[k][j].no = no
			if c != nil && rules[no].Shared {
				p.lists[k][j].cols = c.of(rules[no].Reads)
			}
		}
	}
	// The types are numbered in parallel: flows, elements, boundaries, ….
	var wg sync.WaitGroup
	for typ, c := range cols {
		wg.Go(func() {
			for i, t := range targets {
				if reflect.TypeOf(t.Facts) == typ {
					p.targets[i].vals = c.values(reflect.ValueOf(t.Facts))
				}
			}
		})
	}
	wg.Wait()
	return p
}

// columns number the facts the shared rules of one type of target read.
// A path inside one read whole (flow.options.version inside flow.options)
// adds nothing and has no column. The paths through a pointer to another
// struct (flow.source.kind) are numbered once per struct pointed to: the
// last columns are the classes of the structs the target points to, one
// per pointer field read, structs with equal classes agreeing on every
// fact read through any pointer to them.
type columns struct {
	variable string // the paths' first name: flow
	paths    []string
	readers  []reader
	numbers  []map[string]uint64
	ends     []end
	buf      []byte
}

// end is a pointer field of the target's facts that rules read through.
type end struct {
	path  string // flow.source
	field int
	*classes
}

// classes number the structs of one type that ends point to, by the
// facts read of them.
type classes struct {
	typ      reflect.Type // the struct's
	subpaths [][]string   // what is read of the struct, as field names
	readers  []reader
	byStruct map[uintptr]uint64
	numbers  map[string]uint64
	buf      []byte
}

// newColumns prepares the columns of facts of type typ (a pointer to a
// struct) for paths, or returns nil when one of them does not follow the
// fields: then no rule is shared on this type.
func newColumns(typ reflect.Type, paths []string) *columns {
	if !isStructPointer(typ) || len(paths) == 0 {
		return nil
	}
	st := typ.Elem()
	slices.Sort(paths)
	paths = slices.Compact(paths)
	c := &columns{}
	c.variable, _, _ = strings.Cut(paths[0], ".")
	byType := map[reflect.Type]*classes{}
	subpaths := map[*classes]map[string]bool{}
	for _, p := range paths {
		if c.covering(p) >= 0 {
			continue
		}
		names := strings.Split(p, ".")[1:]
		if len(names) > 0 {
			if i, ok := celField(st, names[0]); ok && isStructPointer(st.Field(i).Type) {
				pointee := st.Field(i).Type.Elem()
				cl := byType[pointee]
				if cl == nil {
					cl = &classes{typ: pointee, byStruct: map[uintptr]uint64{}, numbers: map[string]uint64{}}
					byType[pointee] = cl
					subpaths[cl] = map[string]bool{}
				}
				if sub := strings.Join(names[1:], "."); !subpaths[cl][sub] {
					subpaths[cl][sub] = true
					cl.subpaths = append(cl.subpaths, names[1:])
				}
				if c.end(p) < 0 {
					c.ends = append(c.ends, end{path: c.variable + "." + names[0], field: i, classes: cl})
				}
				continue
			}
		}
		r, ok := newReader(st, names)
		if !ok {
			return nil
		}
		c.paths = append(c.paths, p)
		c.readers = append(c.readers, r)
	}
	for _, cl := range byType {
		for _, sub := range cl.subpaths {
			r, ok := newReader(cl.typ, sub)
			if !ok {
				return nil
			}
			cl.readers = append(cl.readers, r)
		}
	}
	c.numbers = make([]map[string]uint64, len(c.readers))
	for i := range c.numbers {
		c.numbers[i] = map[string]uint64{}
	}
	return c
}

func isStructPointer(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}

// covering returns the column of the paths read whole that holds path p,
// or -1.
func (c *columns) covering(p string) int {
	for i, q := range c.paths {
		if p == q || strings.HasPrefix(p, q+".") {
			return i
		}
	}
	return -1
}

// end returns the end path p reads through, or -1.
func (c *columns) end(p string) int {
	for i, e := range c.ends {
		if p == e.path || strings.HasPrefix(p, e.path+".") {
			return i
		}
	}
	return -1
}

// of returns the columns a rule reading reads depends on.
func (c *columns) of(reads []string) []int {
	// A rule reading nothing of its target has the one outcome
	// everywhere: an empty, non-nil list says it is shared all the same.
	out := []int{}
	for _, p := range reads {
		col := c.covering(p)
		if col < 0 {
			if e := c.end(p); e >= 0 {
				col = len(c.readers) + e
			} else {
				return nil // cannot happen: every read has a column
			}
		}
		out = append(out, col)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// values numbers the facts of one target, one per column. It returns nil
// when a fact cannot be numbered (a kind of value facts do not have).
func (c *columns) values(facts reflect.Value) []uint64 {
	out := make([]uint64, len(c.readers), len(c.readers)+len(c.ends))
	for i := range c.readers {
		r := &c.readers[i]
		v, ok := r.value(facts)
		switch {
		case !ok:
			out[i] = 0 // absent; present values count from 1
		case v.Kind() == reflect.Bool:
			out[i] = uint64(boolByte(v.Bool())) + 1
		case v.Kind() == reflect.Int && !r.absentable:
			out[i] = uint64(v.Int())
		case v.Kind() == reflect.String:
			out[i] = number(c.numbers[i], v.String())
		default:
			var ok bool
			if c.buf, ok = appendValue(c.buf[:0], v); !ok {
				return nil
			}
			out[i] = number(c.numbers[i], string(c.buf))
		}
	}
	for _, e := range c.ends {
		class, ok := e.class(facts.Elem().Field(e.field))
		if !ok {
			return nil
		}
		out = append(out, class)
	}
	return out
}

// class returns the number of the struct ptr points to, by the facts
// read of it, numbering it the first time. A nil pointer is 0.
func (cl *classes) class(ptr reflect.Value) (uint64, bool) {
	if ptr.IsNil() {
		return 0, true
	}
	key := ptr.Pointer()
	if n, ok := cl.byStruct[key]; ok {
		return n, true
	}
	cl.buf = cl.buf[:0]
	for i := range cl.readers {
		var ok bool
		if cl.buf, ok = appendFact(cl.buf, &cl.readers[i], ptr); !ok {
			return 0, false
		}
	}
	n := number(cl.numbers, string(cl.buf))
	cl.byStruct[key] = n
	return n, true
}

// number returns the number of a value, giving it the next one (from 1)
// the first time.
func number(numbers map[string]uint64, v string) uint64 {
	if n, ok := numbers[v]; ok {
		return n
	}
	n := uint64(len(numbers)) + 1
	numbers[v] = n
	return n
}
