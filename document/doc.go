// Package document works out what the reports people read show, once,
// from a model and its analysis: a Document holds the summary counts, the
// diagram, the findings, a section per element, the mitigation checklist
// and compliance coverage. It also holds what every document format
// shares (the headline, severities worst first, number formatting), so
// that the formats cannot tell a reader different things.
//
// Each format is a package of its own below this one: html (one
// self-contained page), pdf (printable pages, with a small layout engine
// of its own) and xlsx (a workbook); publish picks one by its name for
// the command line. They are apart because each brings a heavy dependency
// and a lot of layout code that the others do not need, and because they
// depend on this package, which therefore cannot pick among them.
//
// Package report is separate: its formats (JSON, table, Markdown, SARIF,
// CSV) write the analysis result as it is, finding by finding, and need
// neither the model nor a Document.
package document
