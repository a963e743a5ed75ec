// Package publish writes a document.Document in a format named at run
// time ("html", "pdf", "csv", "xlsx"), as `iotthreat report --format`
// and -o FILE.ext ask: it knows the formats, their file extensions, which
// of them are binary and which show the diagram. WriteRegulatory does the
// same for the regulatory evidence documents (`report --standard`), which
// come in RegulatoryFormats.
//
// It cannot live in package document, because the formats (html, pdf,
// xlsx) import document to read a Document: document choosing among them
// would be an import cycle. Kept small and apart, it is the one place
// that knows every format, so that adding one is an edit here and in the
// format's own package.
package publish
