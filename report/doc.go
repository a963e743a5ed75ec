// Package report writes the analysis result itself, finding by finding,
// for machines, terminals and reviewers: JSON (the findings contract), a
// terminal table, Markdown for pull requests, SARIF for code-scanning
// services, CSV (a row per finding, for spreadsheets and scripts), and the
// CI gate of `iotthreat check`. Every writer is deterministic: the same
// report gives the same bytes.
//
// The documents people read (HTML, PDF, XLSX) are package document and its
// subpackages: they show more than the findings (the diagram, a section
// per element, the mitigation checklist, compliance coverage), worked out
// once from the model as a document.Document. They build on this package
// (the findings table's columns, the references line) and never the other
// way round, so that the findings formats stay free of the layout engines
// and their dependencies.
package report
