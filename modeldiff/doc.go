// Package modeldiff compares two versions of a threat model and the
// analyses of each: which findings are new, which are resolved, which
// changed severity or status, and the model changes behind them (data
// assets, boundaries, elements, flows, system, triage decisions and the
// model's own rules added, removed or changed, field by field).
//
// It exists because a threat model lives in version control and is
// reviewed in pull requests: a reviewer needs to see what a change does to
// the threats, not two full reports. Findings are matched by their stable
// id RULE@target, model items by their id, so the comparison survives
// reordering and unrelated edits; source positions are never compared.
//
// Either side may be a file or REV:path, a file in a git revision (Load);
// includes then resolve inside the same revision (GitFS). Compare is pure
// and deterministic; JSON, Table and Markdown write a Diff for machines,
// terminals and pull-request comments. Vocabulary extensions, include
// lists and rule examples are not compared as model changes; a finding
// they change is still listed.
package modeldiff
