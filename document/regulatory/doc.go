// Package regulatory works out the evidence documents regulators and
// notified bodies read, from a model and its analysis: the Cyber
// Resilience Act risk assessment (Art. 13, Annex VII), the EN 18031
// pre-fill (asset by asset, requirement by requirement) and the ETSI EN
// 303 645 implementation conformance statement. Each is a Document built
// once and written as Markdown or JSON here, and as HTML, PDF or XLSX by
// the document format packages, so that every format says the same thing.
//
// The documents are evidence prepared from the threat model, never a
// declaration of conformity: every one says so, and docs/regulatory.md
// lists what the tool cannot judge.
package regulatory
