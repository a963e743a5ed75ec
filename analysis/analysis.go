// Package analysis runs a whole threat analysis the way every command and
// library user needs it: load the model, assemble the rule set (the
// built-in library, the model's own rules, rule directories), select rules,
// compile them and evaluate them. It is the one place that knows the order
// of those steps.
package analysis

import (
	"errors"
	"fmt"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/rules"
	"github.com/iotthreat/iotthreat/vocab"
)

// Options select and tune the analysis.
type Options struct {
	RuleDirs []string // extra rule files, or directories of them (--rules)
	Only     []string // evaluate only these rule ids (--only)
	Disable  []string // skip these rule ids (--disable)
	// TrackingFile is a side file of triage decisions merged into the
	// model's tracking: section (--tracking).
	TrackingFile string
	// NoBuiltin leaves the built-in library out: only the model's rules
	// and RuleDirs are evaluated (for developing and testing own rules).
	NoBuiltin bool
	// Model tunes loading the model (Run only): vocabulary, limits,
	// progress.
	Model  model.Options
	Engine engine.Options
	// Cache keeps compiled rules between the analyses given the same
	// Cache: whoever analyses several models in one process owns one and
	// passes it. Nil: RunLoaded and Prepare compile afresh, and Run uses
	// a cache of its own for its one analysis (see warmBuiltin).
	Cache *engine.Cache
	// KeepFacts keeps the facts the analysis derives in Result.Facts, for
	// a caller that draws or documents the model next and would otherwise
	// derive them again. Off by default: at 100,000 elements they are
	// about 1 GB that a command writing findings need not hold.
	KeepFacts bool
}

// Result is a finished analysis.
type Result struct {
	Model  *model.Loaded
	Rules  *engine.Ruleset
	Report *engine.Report
	// Facts are the model's derived facts when Options.KeepFacts asked
	// for them, else nil.
	Facts *engine.Facts
}

// Run analyses the model file at path. Problems in the model or in rules
// are returned as diagnostics (the analysis does not run, and the result
// is nil). Rules failing on some target (an error, or past the cost or
// time limit) are returned as diagnostics too, located at the failing
// expression, but with a result: the findings of the other rules. err is
// for what is not the input's fault or cannot be located: unreadable
// files, an unknown rule id in Only or Disable.
func Run(path string, opts Options) (*Result, diag.List, error) {
	if opts.Cache == nil {
		opts.Cache = engine.NewCache()
	}
	var warm <-chan struct{}
	if !opts.NoBuiltin {
		warm = warmBuiltin(opts.Cache)
	}
	loaded, diags, err := model.Load(path, opts.Model)
	if err != nil {
		return nil, nil, err
	}
	if len(diags) > 0 {
		return nil, diags, nil
	}
	if warm != nil {
		<-warm // so that RunLoaded does not compile the same rules at the same time
	}
	return RunLoaded(loaded, opts)
}

// warmBuiltin reads and compiles the built-in library into cache in the
// background, and returns a channel closed when it is done. Run starts it
// before loading the model, on another core: reading and compiling the
// library cost about 0.1 s (most of the time of analysing a small model),
// and the compiled library depends on the model only when its vocabulary
// changes the scale constants (RunLoaded then compiles for those, as it
// always does).
func warmBuiltin(cache *engine.Cache) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if builtin, diags := rules.Builtin(); len(diags) == 0 {
			engine.Compile(builtin, vocab.Builtin(), cache)
		}
	}()
	return done
}

// RunLoaded analyses an already loaded, valid model, first merging
// opts.TrackingFile into its triage decisions when one is named. It
// returns what Run does.
func RunLoaded(loaded *model.Loaded, opts Options) (*Result, diag.List, error) {
	set, diags, err := Prepare(loaded, opts)
	if err != nil || len(diags) > 0 {
		return nil, diags, err
	}
	if opts.KeepFacts {
		opts.Engine.Facts = engine.Derive(loaded)
	}
	rep, err := engine.Analyze(loaded, set, opts.Engine)
	var failed *engine.EvalErrors
	if errors.As(err, &failed) {
		return &Result{Model: loaded, Rules: set, Report: rep, Facts: opts.Engine.Facts}, failed.Diags, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return &Result{Model: loaded, Rules: set, Report: rep, Facts: opts.Engine.Facts}, nil, nil
}

// Library assembles the rules that apply to a model: the built-in library,
// then the model's own rules, then those of each directory. An id defined
// twice is an error at the second definition: a model cannot silently
// replace a built-in rule (disable it and write your own instead).
func Library(m *model.Model, dirs []string, builtin bool) ([]model.Rule, diag.List) {
	var all []model.Rule
	var diags diag.List
	if builtin {
		// Copy both: rules.Builtin returns the cached library, which
		// appending to must never change.
		builtin, d := rules.Builtin()
		all = append([]model.Rule{}, builtin...)
		diags = append(diag.List{}, d...)
	}
	all = append(all, m.Rules...)
	for _, dir := range dirs {
		rs, d, err := rules.Load(dir)
		if err != nil {
			diags.Add(diag.Pos{File: dir}, "--rules", "name a rule file, or a directory of *.yaml rule files", "cannot read rules: %v", err)
			continue
		}
		diags = append(diags, d...)
		all = append(all, rs...)
	}
	seen := map[string]diag.Pos{}
	out := all[:0]
	for _, r := range all {
		if prev, dup := seen[r.ID]; dup {
			diags.Add(r.Src.At("id"), "rules["+r.ID+"].id", "choose another id; to replace a built-in rule, disable it with --disable "+r.ID,
				"rule %q is already defined at %s", r.ID, describe(prev))
			continue
		}
		seen[r.ID] = r.Src.At("id")
		out = append(out, r)
	}
	return out, diags
}

func describe(p diag.Pos) string {
	if p.File == "" {
		return "(built-in)"
	}
	return fmt.Sprint(p)
}
