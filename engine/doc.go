// Package engine turns a validated model into findings. It derives facts
// for every element, flow and boundary and for the system (which boundaries
// a flow crosses, whether an element is reachable from the internet, by
// radio or by hand, the most sensitive data it carries or stores, how many
// people's data concentrates in it), evaluates the threat rules' CEL
// conditions over those facts, scores each finding with the reasons for its
// severity, and applies the model's triage decisions. The output is
// deterministic.
//
// # The plain path
//
// facts.go is the registry of everything a rule can read; functions.go the
// registry of constants and functions and the CEL environments.
//
//   - Compile (compile.go) checks each rule and compiles its condition,
//     likelihood and impact into programs within the cost bounds
//     (limits.go), and lists the facts its condition reads, which findings
//     quote (decisive.go picks those that decided a firing).
//   - Analyze (analyze.go) derives the facts (derive.go) and lists the
//     targets, each with the rules that apply to its kind (target.go); the
//     workers evaluate each rule on each target within the cost and time
//     bounds (deadline.go), explain (explain.go) and score (score.go)
//     what fired, and collect.go builds the findings in their sorted
//     places. tracking.go applies the triage decisions.
//
// Rules come from untrusted models and rule directories, so every rule
// expression runs within bounds: a cost estimated when it compiles, a cost
// counted and a deadline watched when it runs (limits.go, bounded.go,
// regex.go, deadline.go). A rule that fails on a target is reported at its
// expression and costs the analysis only its own findings (failure.go).
//
// # Accelerations
//
// Three accelerations are plugged into the plain path, each in its own
// internal package, each kept because a benchmark justifies it
// (docs/performance.md, "Engine seams"), each checked by a test that it
// changes no result:
//
//   - internal/share: targets that agree on every fact a rule reads share
//     the rule's outcome. compileRule records what a rule reads
//     (share.Of); an analysis numbers the targets' facts (planSharing),
//     and each worker takes outcomes from its share.Memo
//     (worker.evaluate), evaluating only what it has not seen. Without
//     it, analysing the 1,000- and 10,000-element benchmark models takes
//     about twice the time. Test: TestSharingChangesNothing.
//   - internal/guard: a flow rule whose condition requires some protocols
//     or media is left out of the other flows' lists of applicable rules
//     (guard.Of in compileRule, Guard.Allows in applicableRules). Without
//     it: 6-10% more time at 10,000 elements, 12-19% at 100 and 1,000.
//     Test: TestGuardsChangeNothing.
//   - internal/compilecache: the caller may give Compile a Cache it owns,
//     which keeps environments and compiled programs between compilations
//     (cache.go); nil compiles afresh. Analysing the 100-element model
//     again without it takes 6.5 times as long (compiling the library is
//     most of the work), the 1,000-element one twice as long. Test:
//     TestCacheChangesNothing, beside the package.
//
// Reading the facts explanations quote straight from the structs by
// reflection, rather than through CEL, was dropped: since outcomes are
// shared, explanations run once per combination of facts, and it made no
// measurable difference. Sharing still reads facts by reflection to
// number them (internal/share/read.go).
package engine
