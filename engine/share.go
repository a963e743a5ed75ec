package engine

import (
	"encoding/binary"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
)

// Large models repeat themselves: fleets of identical devices behind
// identical gateways, each sending the same flows. A rule's condition,
// likelihood and impact, and the facts its explanation quotes, depend only
// on the facts they read, so targets that agree on those facts get the
// same outcome from the rule. Each worker remembers the outcome of each
// rule for each combination of the values it reads and evaluates a rule
// only on a combination it has not seen: on the 10,000-element model,
// about 7,000 evaluations instead of 1.25 million. What else a finding
// holds (its id, target, source, the score from the target's exposure, the
// controls declared at the target) is still built per target.
//
// To make the combinations cheap to compare, every fact any shared rule
// reads is turned once per target into a number (see columns): integers
// (that cannot be absent) and booleans are their own number, other values
// are numbered in order of first appearance, an absent fact being 0.
//
// A rule is shared only when its expressions read the target through
// chains of fields (flow.source.kind) and never its id or name, which
// differ between any two targets and would make every combination new.

// readPaths lists the paths of the target's facts that the expressions
// read, sorted, and whether the rule may be shared: the facts reached from
// these paths are all the expressions see of the target. A path is read
// whole when it is not the operand of a further field selection
// (flow.options, read by `'version' in flow.options`). The system's facts
// are the same for every target and are left out.
func readPaths(targetType string, asts ...*cel.Ast) ([]string, bool) {
	name := targetVariables[targetType].name
	if targetType == "system" {
		return nil, false
	}
	shared := true
	var reads []string
	for _, ast := range asts {
		if ast == nil {
			continue
		}
		root := celast.NavigateAST(ast.NativeRep())
		for _, e := range celast.MatchDescendants(root, isSelectOrIdent) {
			if p, ok := e.Parent(); ok && p.Kind() == celast.SelectKind && !p.AsSelect().IsTestOnly() {
				continue // part of a longer chain
			}
			if e.Kind() == celast.SelectKind && e.AsSelect().IsTestOnly() {
				continue // has(x.f): its operand x is read whole
			}
			path, ok := selectPath(e)
			if !ok {
				continue // a chain not rooted at a variable: its parts are visited too
			}
			if root, _, _ := strings.Cut(path, "."); root != name {
				continue // the system, a constant, a comprehension's variable
			}
			if path == name || strings.HasSuffix(path, ".id") || strings.HasSuffix(path, ".name") {
				shared = false
			}
			reads = append(reads, path)
		}
	}
	sort.Strings(reads)
	return slices.Compact(reads), shared
}

func isSelectOrIdent(e celast.NavigableExpr) bool {
	return e.Kind() == celast.SelectKind || e.Kind() == celast.IdentKind
}

// sharing is what workers need to share outcomes in one analysis: for
// each list of applicable rules (target.list), each rule's number and the
// columns of target.vals its outcome depends on.
type sharing struct {
	lists [][]sharedRule
}

// sharedRule places one rule of a list: no says which rule it is (rules
// appear in several lists), cols which values it reads; nil cols means
// the rule is evaluated on every target.
type sharedRule struct {
	no   int
	cols []int
}

// columns number the facts the shared rules of one target type read.
// A path inside one read whole (flow.options.version inside flow.options)
// adds nothing and has no column. For flows, the paths into the two ends
// (flow.source.kind) are numbered once per element, not once per flow:
// the two last columns are the classes of the source and the destination,
// elements with equal classes agreeing on every end fact flow rules read.
type columns struct {
	paths   []string
	readers []factReader
	ends    []factReader // for flows: the end paths, as element paths
	numbers []map[string]uint64
	buf     []byte
}

// share numbers the facts of every target and says which rules may take
// a remembered outcome on which values.
func share(targets []target, rs *Ruleset, lists int) *sharing {
	cols := map[string]*columns{}
	for typ, rules := range rs.byType {
		var paths []string
		for _, cr := range rules {
			if cr.shared {
				paths = append(paths, cr.reads...)
			}
		}
		if c, ok := newColumns(typ, paths); ok {
			cols[typ] = c
		}
	}
	numbers := map[*CompiledRule]int{}
	for i, cr := range rs.Rules {
		numbers[cr] = i
	}
	s := &sharing{lists: make([][]sharedRule, lists)}
	for i := range targets {
		t := &targets[i]
		if s.lists[t.list] != nil {
			continue
		}
		c := cols[t.typ]
		s.lists[t.list] = make([]sharedRule, len(t.rules))
		for j, cr := range t.rules {
			s.lists[t.list][j] = sharedRule{no: numbers[cr]}
			if c != nil && cr.shared {
				s.lists[t.list][j].cols = c.of(cr.reads)
			}
		}
	}
	// Each type of target has its own columns, so the types are numbered
	// in parallel: the flows' ends and then the flows, the elements, ….
	var wg sync.WaitGroup
	for typ, c := range cols {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ends map[*ElementFacts]uint64
			if typ == "flow" {
				ends = c.endClasses(targets)
			}
			for i := range targets {
				if t := &targets[i]; t.typ == typ {
					t.vals = c.values(t.act, ends)
				}
			}
		}()
	}
	wg.Wait()
	return s
}

func newColumns(typ string, paths []string) (*columns, bool) {
	sort.Strings(paths)
	paths = slices.Compact(paths)
	c := &columns{}
	var endPaths []string
	for _, p := range paths {
		if c.covering(p) >= 0 {
			continue
		}
		if rest, ok := endPath(typ, p); ok {
			endPaths = append(endPaths, "element"+rest)
			continue
		}
		fr, ok := newFactReader(typ, p)
		if !ok {
			// Never seen with the facts as they are; without a reader for
			// every path, this type's rules are evaluated on every target.
			return nil, false
		}
		c.paths = append(c.paths, p)
		c.readers = append(c.readers, fr)
	}
	sort.Strings(endPaths)
	for _, p := range slices.Compact(endPaths) {
		fr, ok := newFactReader("element", p)
		if !ok {
			return nil, false
		}
		c.ends = append(c.ends, fr)
	}
	if len(c.paths) == 0 && len(c.ends) == 0 {
		return nil, false
	}
	c.numbers = make([]map[string]uint64, len(c.readers)+1)
	for i := range c.numbers {
		c.numbers[i] = map[string]uint64{}
	}
	return c, true
}

// covering returns the column that holds path p, or -1.
func (c *columns) covering(p string) int {
	for i, q := range c.paths {
		if p == q || strings.HasPrefix(p, q+".") {
			return i
		}
	}
	return -1
}

// endPath returns what a flow path reads of one of the flow's ends:
// ".kind" for flow.source.kind, "" for flow.destination read whole.
func endPath(typ, p string) (string, bool) {
	if typ != "flow" {
		return "", false
	}
	for _, end := range []string{"flow.source", "flow.destination"} {
		if p == end || strings.HasPrefix(p, end+".") {
			return p[len(end):], true
		}
	}
	return "", false
}

// of returns the columns a rule's outcome depends on.
func (c *columns) of(reads []string) []int {
	var out []int
	for _, p := range reads {
		col := c.covering(p)
		switch {
		case col >= 0:
		case strings.HasPrefix(p, "flow.source"):
			col = len(c.paths)
		case strings.HasPrefix(p, "flow.destination"):
			col = len(c.paths) + 1
		default:
			return nil // cannot happen: every read has a column
		}
		out = append(out, col)
	}
	// A rule reading nothing of its target has the one outcome everywhere;
	// an empty, non-nil list says it is shared all the same.
	if out == nil {
		out = []int{}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// values numbers the target's facts, one per column. It returns nil when
// a fact cannot be numbered (a kind of value facts do not have), and the
// target's rules are then evaluated on it.
func (c *columns) values(a *activation, ends map[*ElementFacts]uint64) []uint64 {
	out := make([]uint64, len(c.readers), len(c.readers)+2)
	for i := range c.readers {
		v, ok := c.readers[i].value(a)
		switch {
		case !ok:
			out[i] = 0 // absent; present values count from 1
		case v.Kind() == reflect.Bool:
			out[i] = uint64(boolByte(v.Bool())) + 1
		case v.Kind() == reflect.Int && !c.readers[i].absentable:
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
	if f, ok := a.facts.(*FlowFacts); ok && len(c.ends) > 0 {
		src, ok1 := ends[f.Source]
		dst, ok2 := ends[f.Destination]
		if !ok1 || !ok2 {
			return nil
		}
		out = append(out, src, dst)
	}
	return out
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

// endClasses numbers the elements by the facts flow rules read at either
// end of a flow. An element whose facts cannot be encoded gets none, and
// its flows are evaluated alone.
func (c *columns) endClasses(targets []target) map[*ElementFacts]uint64 {
	classes := map[*ElementFacts]uint64{}
	numbers := c.numbers[len(c.readers)]
	var buf []byte
	for i := range targets {
		e, ok := targets[i].act.facts.(*ElementFacts)
		if !ok {
			continue
		}
		a := &activation{name: "element", facts: e}
		buf = buf[:0]
		for j := range c.ends {
			if buf, ok = appendFact(buf, &c.ends[j], a); !ok {
				break
			}
		}
		if ok {
			classes[e] = number(numbers, string(buf))
		}
	}
	return classes
}

// appendFact encodes one fact: whether it is there, then its value.
// Values of different facts cannot run together (lengths precede strings
// and lists), and nil lists differ from empty ones, so equal encodings
// mean equal facts. It fails on a kind of value facts do not have.
func appendFact(b []byte, fr *factReader, a *activation) ([]byte, bool) {
	v, ok := fr.value(a)
	if !ok {
		return append(b, 0), true
	}
	return appendValue(append(b, 1), v)
}

func appendValue(b []byte, v reflect.Value) ([]byte, bool) {
	ok := true
	switch v.Kind() {
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		b = append(b, v.String()...)
	case reflect.Int, reflect.Int64:
		b = binary.AppendVarint(b, v.Int())
	case reflect.Bool:
		b = append(b, boolByte(v.Bool()))
	case reflect.Slice:
		b = append(b, boolByte(v.IsNil()))
		b = binary.AppendUvarint(b, uint64(v.Len()))
		for i := 0; i < v.Len() && ok; i++ {
			b, ok = appendValue(b, v.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField() && ok; i++ {
			b, ok = appendValue(b, v.Field(i))
		}
	case reflect.Pointer:
		b = append(b, boolByte(v.IsNil()))
		if !v.IsNil() {
			b, ok = appendValue(b, v.Elem())
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return b, false
		}
		b = append(b, boolByte(v.IsNil()))
		b = binary.AppendUvarint(b, uint64(v.Len()))
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			b, _ = appendValue(b, k)
			if b, ok = appendValue(b, v.MapIndex(k)); !ok {
				break
			}
		}
	default:
		return b, false
	}
	return b, ok
}

func boolByte(x bool) byte {
	if x {
		return 1
	}
	return 0
}
