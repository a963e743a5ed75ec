// Package engine turns a validated model into findings. It derives facts
// for every element, flow and boundary and for the system (which boundaries
// a flow crosses, whether an element is reachable from the internet, by
// radio or by hand, the most sensitive data it carries or stores, how many
// people's data concentrates in it), evaluates the threat rules' CEL
// conditions over those facts, scores each finding with the reasons for its
// severity, and applies the model's triage decisions.
//
// facts.go is the registry of everything a rule can read; functions.go the
// registry of constants and functions. Rules are compiled once (Compile)
// and evaluated per target (Analyze), a rule's outcome shared between
// targets that agree on every fact it reads (share.go); the output is
// deterministic.
//
// Rules come from untrusted models and rule directories, so every rule
// expression runs within bounds: a cost estimated when it compiles, a cost
// counted and a deadline watched when it runs (limits.go). A rule that
// fails on a target is reported at its expression and costs the analysis
// only its own findings (failure.go).
package engine
