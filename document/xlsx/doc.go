// Package xlsx writes a document.Document as an Excel workbook, for people
// who triage and track findings in a spreadsheet: a Summary sheet, the
// Findings (every finding, with the columns of report's CSV), the
// mitigation Checklist and the Compliance provisions. WriteRegulatory
// writes the regulatory evidence documents (document/regulatory) the same
// way: the CRA's Annex I items, the EN 18031 pre-fill sheet by
// requirement family, the EN 303 645 conformance statement.
//
// It is a package of its own because it brings excelize, a large library
// nothing else needs, and the workbook's own layout rules (styles,
// printing, row heights, reproducible bytes).
package xlsx
