package paths

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/iotthreat/iotthreat/engine"
)

// score rates a path as the findings rate a threat: its likelihood is the
// weakest likelihood among its finding steps (an attacker must take every
// step, so the hardest one bounds the whole), its impact is the target's,
// and its risk is engine.Severity of the two, on the findings' scale.
// Fact steps are what the model says is possible by design: they do not
// weaken a path.
func score(p *Path, likRank int8) {
	p.Likelihood = engine.Levels[min(int(likRank), len(engine.Levels)-1)]
	p.Risk = engine.Severity(p.Likelihood, p.Impact)
}

// pathID is a path's stable id: a hash of its entry, target and steps
// (from, to, and what justifies each), so that the same path keeps its id
// across runs and unrelated edits, and diff can compare two models' paths.
func pathID(p *Path) string {
	var b strings.Builder
	b.WriteString(p.Entry + "\n" + p.Target + "\n")
	for _, s := range p.Steps {
		b.WriteString(s.From + ">" + s.To + "|" + s.Finding + "|" + s.Fact + "\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "AP-" + hex.EncodeToString(sum[:6])
}

// comparePaths orders paths worst first: by risk, likelihood, impact,
// fewer steps, then id, which makes the order total.
func comparePaths(a, b *Path) int {
	return cmp.Or(
		-cmp.Compare(riskRank(a.Risk), riskRank(b.Risk)),
		-cmp.Compare(engine.LevelRank(a.Likelihood), engine.LevelRank(b.Likelihood)),
		-cmp.Compare(engine.LevelRank(a.Impact), engine.LevelRank(b.Impact)),
		cmp.Compare(len(a.Steps), len(b.Steps)),
		cmp.Compare(a.Target, b.Target),
		cmp.Compare(a.Entry, b.Entry),
		cmp.Compare(a.ID, b.ID),
	)
}

func riskRank(r string) int { return engine.LevelRank(r) }

// worst returns the found paths that can be among the total worst, without
// reading every path back: it orders them by what comparePaths looks at
// first (all of it known from the last label and the target), keeps the
// first total, and those tied with the last one kept, whose order only
// their steps decide. On a large model most paths found are cut here.
func worst(g *graph, sr searchResult, total int) []found {
	if len(sr.found) <= total {
		return sr.found
	}
	type keyed struct {
		f              found
		risk, lik, imp int
		length         int8
		target, entry  string
	}
	ks := make([]keyed, len(sr.found))
	for i, f := range sr.found {
		l := sr.labels[f.label]
		t := g.targets[f.target]
		lik := min(int(l.lik), len(engine.Levels)-1)
		ks[i] = keyed{f: f, lik: lik, imp: engine.LevelRank(t.Impact), length: l.length, target: t.ID,
			entry: g.nodes[root(sr.labels, f.label)].id}
		ks[i].risk = engine.LevelRank(engine.Severity(engine.Levels[lik], t.Impact))
	}
	compare := func(a, b keyed) int {
		return cmp.Or(-cmp.Compare(a.risk, b.risk), -cmp.Compare(a.lik, b.lik), -cmp.Compare(a.imp, b.imp),
			cmp.Compare(a.length, b.length), cmp.Compare(a.target, b.target), cmp.Compare(a.entry, b.entry))
	}
	slices.SortFunc(ks, compare)
	n := total
	for n < len(ks) && compare(ks[n], ks[total-1]) == 0 {
		n++
	}
	out := make([]found, n)
	for i := range out {
		out[i] = ks[i].f
	}
	return out
}
