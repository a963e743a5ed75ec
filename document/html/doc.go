// Package html writes a document.Document as one self-contained HTML
// page: summary and charts, the diagram, the findings table with filters,
// sorting and search, the threats of each element, the mitigation
// checklist and compliance coverage. The stylesheet, script and diagram
// are inline (assets/), and the page's Content-Security-Policy forbids
// every request, so it opens offline and cannot leak that it was opened.
// WriteRegulatory writes the regulatory evidence documents (package
// document/regulatory) the same way, with the same head and stylesheet
// (assets/page.html.tmpl, report.css) and no script.
//
// It is a package of its own because the page is a small application of
// its own: a template, a stylesheet and a script embedded in the binary,
// Go code that writes the per-finding markup fast, and tests that run the
// page in Chromium and axe-core (testdata/axe).
package html
