package bench

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/iotthreat/iotthreat/analysis"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/synth"
)

// Sizes are the model sizes every step is measured at, in elements.
var Sizes = []int{100, 1000, 10000, 100000}

// today fixes the date so that every run analyses the same way.
const today = "2026-11-26"

// fixture is one synthetic model and what each step needs as input. It is
// built once per size and process: generating and loading the
// 100,000-element model alone takes longer than most measurements.
type fixture struct {
	yaml   []byte
	loaded *model.Loaded
	result *analysis.Result
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[int]*fixture{}
)

// modelOf returns the size-n fixture; analyzed says whether the steps
// after analysis need its findings too.
func modelOf(b *testing.B, n int, analyzed bool) *fixture {
	b.Helper()
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	f := fixtures[n]
	if f == nil {
		var buf bytes.Buffer
		if err := synth.Generate(&buf, synth.Options{Elements: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		l, diags := model.Parse("synthetic.yaml", buf.Bytes(), model.Options{})
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		f = &fixture{yaml: buf.Bytes(), loaded: l}
		fixtures[n] = f
	}
	if analyzed && f.result == nil {
		// Kept facts, as the commands that draw or write documents after
		// the analysis keep them (analysis.Options.KeepFacts).
		res, diags, err := analysis.RunLoaded(f.loaded, analysis.Options{Engine: engine.Options{Today: today}, Cache: cache, KeepFacts: true})
		if err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
		f.result = res
	}
	return f
}

// cache keeps the built-in library compiled across analyses, as a
// process analysing model after model would: BenchmarkAnalyze measures
// compiling from the cache, not afresh.
var cache = engine.NewCache()

func analyze(b *testing.B, l *model.Loaded) *analysis.Result {
	res, diags, err := analysis.RunLoaded(l, analysis.Options{Engine: engine.Options{Today: today}, Cache: cache})
	if err != nil || len(diags) > 0 {
		b.Fatal(err, diags)
	}
	return res
}

// eachSize runs step as one sub-benchmark per size up to limit (0: all),
// named elements=N so that -bench 'Step/elements=1000$' picks one.
func eachSize(b *testing.B, limit int, step func(b *testing.B, n int)) {
	for _, n := range Sizes {
		if limit > 0 && n > limit {
			continue
		}
		b.Run(fmt.Sprintf("elements=%d", n), func(b *testing.B) { step(b, n) })
	}
}
