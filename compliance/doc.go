// Package compliance maps an analysis onto the standards a product answers
// to (ETSI EN 303 645, OWASP IoT Top 10 2018, NISTIR 8259A, OWASP ISVS and
// any standard a model adds to its vocabulary).
//
// For every provision it collects the findings that cite it, how many of
// them are still open, and which controls the model declares that help
// satisfy it. That is what an auditor asks first — "where do you stand on
// 5.3-9?" — and what a Cyber Resilience Act risk assessment has to show.
// The verdict is deliberately modest: a threat model can show gaps (open
// findings) and evidence (declared controls, resolved findings); it cannot
// prove conformity, so provisions it says nothing about are reported as
// "not covered" rather than passed.
package compliance
