package model

import (
	"runtime"
	"sync"
)

// splitFrom is the count of elements and flows from which their checks
// run on two goroutines; below it the second goroutine costs more than
// it saves. A variable only so that tests can move it.
var splitFrom = 1000

// elementsAndFlows checks every element and flow, most of validation's
// work (115 ms of a 10,000-element model's, 1.1 s at 100,000). Those
// checks only read the model, the vocabulary and the indexes, and add
// diagnostics, so on a large model with two processors they run in two
// halves, the second on a goroutine of its own with a diagnostics list
// of its own, joined after the first's. One thing is counted across
// them: unknown references, of which only the first maxRefHints get a
// suggestion. When both halves counted some and together more than that,
// the second half's suggestions depended on the first's count, so it is
// checked once more with that count carried over. The diagnostics, and
// the count the later checks go on with, are then the same, in the same
// order, as one pass's (TestSplitValidationMatchesOnePass).
func (c *checker) elementsAndFlows() {
	n := len(c.m.Elements) + len(c.m.Flows)
	if n < splitFrom || runtime.GOMAXPROCS(0) < 2 {
		c.checkRange(0, n)
		return
	}
	// The vocabulary builds its lookup index on first use: build it
	// here, before two goroutines read it.
	c.v.ElementKind("")
	mid := n / 2
	second := *c
	second.diags, second.unknownRefs = nil, 0
	var wg sync.WaitGroup
	wg.Go(func() { second.checkRange(mid, n) })
	c.checkRange(0, mid)
	wg.Wait()
	if c.unknownRefs > 0 && second.unknownRefs > 0 && c.unknownRefs+second.unknownRefs > maxRefHints {
		second = *c
		second.diags = nil
		second.checkRange(mid, n)
	} else {
		second.unknownRefs += c.unknownRefs
	}
	c.diags = append(c.diags, second.diags...)
	c.unknownRefs = second.unknownRefs
}

// checkRange checks the elements and flows from index from up to to,
// counting the elements first and the flows after them.
func (c *checker) checkRange(from, to int) {
	elements := len(c.m.Elements)
	for i := from; i < to; i++ {
		if i < elements {
			e := &c.m.Elements[i]
			c.element(e, itemField("elements", e.ID, i))
			continue
		}
		f := &c.m.Flows[i-elements]
		c.flow(f, itemField("flows", f.ID, i-elements))
	}
}
