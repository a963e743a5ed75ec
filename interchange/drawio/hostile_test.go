package drawio

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iotthreat/iotthreat/interchange/internal/position"
)

// slowContainer is container as it was before the walks were noted: a
// fresh walk up from each cell. The tests check the noted walks give the
// same answers.
func (r *reader) slowContainer(c *cell) (string, bool) {
	seen := map[string]bool{c.id: true}
	for p := c.parent; ; {
		if p == "" || p == "0" {
			return "", true
		}
		pc := r.byCell[p]
		if pc == nil || seen[p] {
			return "", false
		}
		if b, isBoundary := r.boundaryOf[p]; isBoundary {
			return b, true
		}
		if pc.parent == "0" {
			return "", true
		}
		seen[p] = true
		p = pc.parent
	}
}

// newTestReader is a reader of the given cells, those named in
// boundaries being boundary cells (of boundary "B"+id).
func newTestReader(cells []*cell, boundaries ...string) *reader {
	r := &reader{byCell: map[string]*cell{}, boundaryOf: map[string]string{}, places: map[string]walkEnd{}}
	for _, c := range cells {
		r.byCell[c.id] = c
	}
	for _, id := range boundaries {
		r.boundaryOf[id] = "B" + id
	}
	return r
}

// On random parent links among a few cells (cycles, missing parents,
// boundaries within cycles, layers), every cell's container is what a
// fresh walk finds, whatever order the cells are asked in.
func TestContainerAgreesWithFreshWalks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// "" and "0" are ids a cell may have, though they name the top level
	// as parents.
	ids := []string{"1", "a", "b", "c", "d", "e", "f", "g", "", "0"}
	for round := range 3000 {
		var cells []*cell
		var boundaries []string
		for _, id := range ids {
			parent := []string{"0", "", "missing", ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]}[rng.IntN(5)]
			if id == "1" {
				parent = "0"
			}
			cells = append(cells, &cell{id: id, parent: parent})
			if id != "1" && rng.IntN(3) == 0 {
				boundaries = append(boundaries, id)
			}
		}
		r := newTestReader(cells, boundaries...)
		rng.Shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
		for _, c := range cells {
			b, ok := r.container(c)
			wb, wok := r.slowContainer(c)
			if b != wb || ok != wok {
				var links []string
				for _, c := range cells {
					links = append(links, c.id+"→"+c.parent)
				}
				t.Fatalf("round %d, %v, boundaries %v: container(%s) = %q, %v; want %q, %v", round, links, boundaries, c.id, b, ok, wb, wok)
			}
		}
	}
}

// Thousands of elements inside a chain of thousands of groups: each
// group is walked through once, not once per element (4,000 and 4,000
// took 8.8 s; 16,000 and 16,000 over a minute). The steps of the walks
// are counted, not timed: a fresh walk per element takes n² of them.
func TestContainerThroughLongGroupChain(t *testing.T) {
	const n = 20_000
	cells := []*cell{{id: "1", parent: "0"}, {id: "box", parent: "1"}}
	parent := "box"
	for g := range n {
		id := fmt.Sprint("g", g)
		cells = append(cells, &cell{id: id, parent: parent})
		parent = id
	}
	var elements []*cell
	for i := range n {
		elements = append(elements, &cell{id: fmt.Sprint("e", i), parent: parent})
	}
	r := newTestReader(append(cells, elements...), "box")
	for _, e := range elements {
		if b, ok := r.container(e); b != "Bbox" || !ok {
			t.Fatalf("%s in %q, %v", e.id, b, ok)
		}
	}
	// One walk through the groups to the box, then a step or two per
	// element to the group that walk noted: about 2n in all.
	if max := 4 * n; r.walkSteps > max {
		t.Errorf("%d elements under %d groups took %d steps; want at most %d", n, n, r.walkSteps, max)
	}
}

// badFlows is a file as iotthreat exports it, of n elements and n flows
// each from an element the file does not have.
func badFlows(n int) string {
	q := func(s string) string { return html.EscapeString(s) }
	var b strings.Builder
	b.WriteString(`<mxfile host="iotthreat" compressed="false"><diagram id="iotthreat" name="x"><mxGraphModel><root>` + "\n")
	b.WriteString(`<object label="" id="0" iotthreat_kind="model" iotthreat_format="1" iotthreat="` + q(`{"iotthreat":1,"system":{"name":"bad"}}`) + `"><mxCell/></object>` + "\n")
	b.WriteString(`<mxCell id="1" parent="0"/>` + "\n")
	for i := range n {
		fmt.Fprintf(&b, `<object label="E%d" id="element-e%d" iotthreat_kind="element" iotthreat_id="e%d" iotthreat="%s"><mxCell vertex="1" parent="1"><mxGeometry width="10" height="10" as="geometry"/></mxCell></object>`+"\n",
			i, i, i, q(fmt.Sprintf(`{"id":"e%d","name":"E%d","kind":"support-service"}`, i, i)))
	}
	for i := range n {
		fmt.Fprintf(&b, `<object label="f" id="flow-f%d" iotthreat_kind="flow" iotthreat_id="f%d" iotthreat="%s"><mxCell edge="1" parent="1"><mxGeometry relative="1" as="geometry"/></mxCell></object>`+"\n",
			i, i, q(fmt.Sprintf(`{"id":"f%d","from":"gone%d","to":"e0","protocol":"https"}`, i, i)))
	}
	b.WriteString("</root></mxGraphModel></diagram></mxfile>\n")
	return b.String()
}

// Thousands of validation errors are each placed on their item's cell by
// looking the item up, and only the first position.MaxProblems listed
// (8,000 took 36 s, each error matched against every item).
func TestValidationProblemsCapped(t *testing.T) {
	const n = 1000
	diags := importErr(t, badFlows(n))
	if len(diags) != position.MaxProblems+1 {
		t.Fatalf("%d problems, want %d", len(diags), position.MaxProblems+1)
	}
	for _, d := range diags[:position.MaxProblems] {
		var i int
		if _, err := fmt.Sscanf(d.Field, "flows[f%d].from", &i); err != nil || d.Line != 3+n+i+1 {
			t.Errorf("%s at line %d, want the flow's cell", d.Field, d.Line)
		}
	}
	if last := diags[len(diags)-1]; !strings.HasPrefix(last.Message, fmt.Sprintf("%d more problems were found", n-position.MaxProblems)) {
		t.Errorf("last problem %v", last)
	}
}

// Hand-drawn cells with long ids are named, cut short, in one note that
// counts the rest: the note stays a few lines however many there are
// and however long their ids.
func TestHandDrawnCellsCounted(t *testing.T) {
	l := parseModel(t, small)
	var cells strings.Builder
	for i := range 50 {
		fmt.Fprintf(&cells, `<mxCell id="%s%d" value="box" vertex="1" parent="1"><mxGeometry as="geometry"/></mxCell>`+"\n",
			strings.Repeat("x", 10_000), i)
	}
	data := edit(t, string(export(t, l, nil)), `<object label="Exported by iotthreat.`, cells.String()+`<object label="Exported by iotthreat.`)
	imp, diags := Import("in.drawio", []byte(data))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var note string
	for _, n := range imp.Notes[""] {
		if strings.HasPrefix(n, "Cells drawn in draw.io") {
			note = n
		}
	}
	if !strings.Contains(note, " and 40 more.") || len(note) > 2000 {
		t.Errorf("note of %d bytes: %.300q", len(note), note)
	}
}

// Problems found while reading the pages (an <object> without its
// <mxCell>, thousands of them) are listed up to the cap and counted, as
// every other problem of an import is.
func TestPageProblemsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<mxfile><diagram name="p"><mxGraphModel><root>`)
	for i := range 500 {
		fmt.Fprintf(&b, `<object id="o%d"/>`, i)
	}
	b.WriteString(`</root></mxGraphModel></diagram></mxfile>`)
	_, diags := Import("objects.drawio", []byte(b.String()))
	if len(diags) != position.MaxProblems+1 || !strings.Contains(diags[len(diags)-1].Message, "400 more problems were found") {
		t.Fatalf("%d problems, last %v", len(diags), diags[len(diags)-1])
	}
}
