// Package pdf writes a document.Document as a printable PDF: a cover, the
// management summary, the diagram, the findings, the findings of each
// element, the mitigation checklist and compliance coverage.
//
// It is a package of its own because it holds a small layout engine: page
// geometry, styles and text that wraps and breaks across pages
// (layout.go), tables that repeat their header after a page break
// (table.go), the characters the embedded Go fonts can draw (text.go) and
// a fix to their hyphen (font.go). The chapters (cover.go, summary.go,
// findings.go, sections.go, compliance.go, diagram.go) are written with
// it, and so are the chapters of the regulatory evidence documents
// (regulatory*.go, Options.WriteRegulatory); nothing outside the PDF
// needs either, nor fpdf.
package pdf
