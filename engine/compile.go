package engine

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"

	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/engine/internal/celpath"
	"github.com/iotthreat/iotthreat/engine/internal/guard"
	"github.com/iotthreat/iotthreat/engine/internal/share"
	"github.com/iotthreat/iotthreat/model"
	"github.com/iotthreat/iotthreat/vocab"
)

// Levels are the values likelihood and impact take, lowest first.
var Levels = []string{"low", "medium", "high", "critical"}

// CompiledRule is a rule ready to evaluate: its condition, likelihood and
// impact as CEL programs, and the fact paths its condition reads, which
// findings quote to explain why the rule fired.
type CompiledRule struct {
	Rule       *model.Rule
	condition  program
	likelihood level // constant level, or expression when expr is set
	impact     level
	facts      []factPath
	decide     *decider // which facts decided a firing (see decisive.go)
	text       findingText
	// What the accelerations need of the rule (see doc.go): the flows its
	// condition can hold for, and what it reads of its target.
	guard guard.Guard
	share share.Rule
}

// findingText is the part of a finding's text that depends only on the
// rule, built once per rule rather than once per finding. Its lists are
// shared by findings, so they are full (len == cap): appending to one
// copies it.
type findingText struct {
	facts        *RuleFacts
	mitigation   []string // the rule's mitigation alone
	allMissing   []string // the mitigation, and the controls to declare when none is declared
	mitigatedWhy string   // why line of a finding every control mitigates
}

func newFindingText(r *model.Rule) findingText {
	mit := strings.TrimSpace(r.Mitigation)
	facts := &RuleFacts{Title: r.Title, Description: r.Description,
		STRIDE: nonNil(r.STRIDE), LINDDUN: nonNil(r.LINDDUN), Controls: nonNil(r.Controls),
		CWE: nonNilInts(r.References.CWE), CAPEC: nonNilInts(r.References.CAPEC),
		OWASPIoT: nonNil(r.References.OWASPIoT), ETSI: nonNil(r.References.ETSI),
		NISTIR8259A: nonNil(r.References.NISTIR8259), ISVS: nonNil(r.References.ISVS)}
	t := findingText{facts: facts, mitigation: []string{mit}, allMissing: []string{mit},
		mitigatedWhy: "mitigated by design: declared controls " + strings.Join(r.Controls, ", ")}
	if len(r.Controls) > 0 {
		t.allMissing = []string{mit, "Implement and declare the control(s): " + strings.Join(r.Controls, ", ")}
	}
	return t
}

// level is a constant level or a CEL expression yielding one.
type level struct {
	constant string
	expr     *program
}

// factPath is one fact a condition reads (flow.encryption), with the
// program that reads it for the explanation.
type factPath struct {
	path string
	prg  cel.Program
}

// Ruleset is a compiled rule library, grouped by target type.
type Ruleset struct {
	Rules  []*CompiledRule // sorted by id
	byType map[string][]*CompiledRule
	vocab  *vocab.Vocabulary
}

// Compile checks and compiles rules. Every problem is reported at once,
// located in the rule's file: structural ones (ids, categories, controls,
// standard references) and CEL ones (syntax, unknown facts, a condition
// that is not a boolean, an expression that may cost more than
// MaxEvalCost). Rules with problems are left out of the set.
//
// cache, when not nil, keeps what compiling produced for later calls
// given the same cache, and supplies what earlier ones produced (see
// Cache); nil compiles every rule afresh.
func Compile(rules []model.Rule, v *vocab.Vocabulary, cache *Cache) (*Ruleset, diag.List) {
	diags := model.ValidateRules(rules, v)
	envs := cache.environments(v)
	rs := &Ruleset{byType: map[string][]*CompiledRule{}, vocab: v}
	bad := map[string]bool{}
	for _, d := range diags {
		if r := ruleAt(rules, d.Pos()); r != "" {
			bad[r] = true
		}
	}
	compiled, problems := compileAll(rules, envs, bad, cache)
	for i := range rules {
		diags = append(diags, problems[i]...)
		if compiled[i] != nil && len(problems[i]) == 0 {
			rs.Rules = append(rs.Rules, compiled[i])
		}
	}
	sort.Slice(rs.Rules, func(i, j int) bool { return rs.Rules[i].Rule.ID < rs.Rules[j].Rule.ID })
	for _, cr := range rs.Rules {
		rs.byType[cr.Rule.Target.Type] = append(rs.byType[cr.Rule.Target.Type], cr)
	}
	return rs, diags.Sort()
}

// compileAll compiles the rules not marked bad on every core: CEL
// environments are safe for concurrent use, and compiling the built-in
// library is most of the time of analysing a small model. Results are by
// rule index, so the outcome does not depend on the order of the work.
func compileAll(rules []model.Rule, envs map[string]*cel.Env, bad map[string]bool, cache *Cache) ([]*CompiledRule, []diag.List) {
	compiled := make([]*CompiledRule, len(rules))
	problems := make([]diag.List, len(rules))
	paths := &pathPrograms{}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(rules)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(rules) {
					return
				}
				r := &rules[i]
				if env, ok := envs[r.Target.Type]; ok && !bad[r.ID] {
					compiled[i], problems[i] = cache.compile(env, r, paths)
				}
			}
		})
	}
	wg.Wait()
	return compiled, problems
}

// ruleAt finds the rule whose source contains pos, to leave it out when a
// structural check failed.
func ruleAt(rules []model.Rule, pos diag.Pos) string {
	best := ""
	bestLine := 0
	for _, r := range rules {
		if r.Src.Pos.File == pos.File && r.Src.Pos.Line <= pos.Line && r.Src.Pos.Line >= bestLine {
			best, bestLine = r.ID, r.Src.Pos.Line
		}
	}
	return best
}

// compileRule compiles one rule's expressions in env, the environment of
// its target type, taking the programs of the fact paths it reads from
// paths.
func compileRule(env *cel.Env, r *model.Rule, paths *pathPrograms) (*CompiledRule, diag.List) {
	var diags diag.List
	field := "rules[" + r.ID + "]"
	cr := &CompiledRule{Rule: r, text: newFindingText(r)}
	ast, d := compileExpr(env, r, "condition", r.Condition, cel.BoolType)
	diags = append(diags, d...)
	if ast != nil {
		prg, err := newProgram(env, ast)
		if err != nil {
			diags.Add(r.Src.At("condition"), field+".condition", "", "cannot build program: %v", err)
		}
		cr.condition = prg
		cr.facts = factPaths(env, ast, paths)
		cr.decide = newDecider(env, ast, cr.facts)
		if r.Target.Type == "flow" {
			cr.guard = guard.Of(ast)
		}
	}
	var d2, d3 diag.List
	var a2, a3 *cel.Ast
	cr.likelihood, a2, d2 = compileLevel(env, r, "likelihood", r.Likelihood)
	cr.impact, a3, d3 = compileLevel(env, r, "impact", r.Impact)
	diags = append(diags, d2...)
	diags = append(diags, d3...)
	if r.Target.Type != "system" { // one target: nothing to share
		cr.share = share.Of(targetVariables[r.Target.Type].name, ast, a2, a3)
	}
	return cr, diags
}

// compileLevel accepts a level name or a CEL expression yielding one; it
// returns the expression's syntax tree too (nil for a name).
func compileLevel(env *cel.Env, r *model.Rule, key, text string) (level, *cel.Ast, diag.List) {
	text = strings.TrimSpace(text)
	for _, l := range Levels {
		if text == l {
			return level{constant: l}, nil, nil
		}
	}
	ast, diags := compileExpr(env, r, key, text, cel.StringType)
	if ast == nil {
		return level{}, nil, diags
	}
	prg, err := newProgram(env, ast)
	if err != nil {
		diags.Add(r.Src.At(key), "rules["+r.ID+"]."+key, "", "cannot build program: %v", err)
	}
	return level{expr: &prg}, ast, diags
}

func compileExpr(env *cel.Env, r *model.Rule, key, text string, want *cel.Type) (*cel.Ast, diag.List) {
	var diags diag.List
	field := "rules[" + r.ID + "]." + key
	ast, iss := env.Compile(text)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			loc := e.Location
			diags.Add(r.Src.At(key), field, celHint(e.Message, r.Target.Type),
				"invalid CEL at expression line %d, column %d: %s", loc.Line(), loc.Column()+1, e.Message)
		}
		return nil, diags
	}
	if !ast.OutputType().IsExactType(want) {
		what := "true or false"
		if want == cel.StringType {
			what = "one of " + strings.Join(Levels, ", ")
		}
		diags.Add(r.Src.At(key), field, "the expression must yield "+what,
			"expression yields %s, not %s", ast.OutputType(), want)
		return nil, diags
	}
	if d := checkCost(env, ast, r, key); len(d) > 0 {
		return nil, append(diags, d...)
	}
	return ast, diags
}

func celHint(msg, targetType string) string {
	switch {
	case strings.Contains(msg, "undeclared reference"):
		return fmt.Sprintf("a %s rule reads %s and system; facts are listed in docs/rules.md", targetType, targetVariables[targetType].name)
	case strings.Contains(msg, "undefined field"):
		return "see the list of facts in docs/rules.md"
	case strings.Contains(msg, "regex program size"):
		return fmt.Sprintf("a pattern's repetitions multiply its size ((ab){1000} holds ab a thousand times); the limit is %d instructions", maxRegexProgram)
	}
	return ""
}

// factPaths collects the fact selections (flow.source.kind) a condition
// reads, outermost paths only, each compiled into a program that reads it
// (taken from paths). Paths CEL cannot compile (a comprehension's
// variable, s.port) are left out.
func factPaths(env *cel.Env, ast *cel.Ast, paths *pathPrograms) []factPath {
	root := celast.NavigateAST(ast.NativeRep())
	seen := map[string]bool{}
	var read []string
	for _, e := range celast.MatchDescendants(root, celast.KindMatcher(celast.SelectKind)) {
		if p, ok := celpath.Of(e); ok && !seen[p] {
			seen[p] = true
			read = append(read, p)
		}
	}
	// Keep only the longest paths: flow.source.kind, not also flow.source.
	sort.Strings(read)
	var out []factPath
	for i, p := range read {
		if i+1 < len(read) && strings.HasPrefix(read[i+1], p+".") {
			continue
		}
		if prg := paths.program(env, p); prg != nil {
			out = append(out, factPath{path: p, prg: prg})
		}
	}
	return out
}

// pathPrograms keeps the program that reads each fact path in each
// environment, for the rules compiled together: the 196 built-in rules
// read about a thousand paths, most of them the same few dozen
// (flow.protocol, element.kind), and compiling each again was a tenth of
// analysing a small model. A nil *pathPrograms compiles every time.
// Programs are safe to share: CEL evaluates one concurrently.
type pathPrograms struct {
	mu sync.Mutex
	m  map[pathKey]cel.Program // nil Program: the path does not compile
}

type pathKey struct {
	env  *cel.Env
	path string
}

// program returns the program reading path in env, or nil when CEL
// cannot compile it.
func (ps *pathPrograms) program(env *cel.Env, path string) cel.Program {
	if ps == nil {
		return compilePath(env, path)
	}
	k := pathKey{env, path}
	ps.mu.Lock()
	prg, ok := ps.m[k]
	ps.mu.Unlock()
	if ok {
		return prg
	}
	prg = compilePath(env, path) // outside the lock; two may compile one path at once, harmlessly
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.m == nil {
		ps.m = map[pathKey]cel.Program{}
	}
	ps.m[k] = prg
	return prg
}

// compilePath compiles a fact path into a program reading it, or returns
// nil.
func compilePath(env *cel.Env, path string) cel.Program {
	a, iss := env.Compile(path)
	if iss != nil && iss.Err() != nil {
		return nil
	}
	prg, err := env.Program(a)
	if err != nil {
		return nil
	}
	return prg
}

// Facts lists the fact paths the rule's condition reads, such as
// flow.encryption or flow.source.kind.
func (cr *CompiledRule) Facts() []string {
	out := make([]string, len(cr.facts))
	for i, f := range cr.facts {
		out[i] = f.path
	}
	return out
}
