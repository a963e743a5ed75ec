// Package drawio writes a model and its findings as a draw.io
// (diagrams.net) file, and reads back the files it wrote.
//
// The export is an uncompressed mxfile with one page: boundaries are
// container cells nested as the model nests them, elements are shapes
// (one style per element kind, filled by their worst open finding as in
// iotthreat's own diagrams) inside their boundary, and flows are edges
// labelled with their protocol and data, dashed red where they cross a
// boundary unencrypted. The layout is the Graphviz layout the diagram
// command uses (render.Layout); a model too large for it gets a simple
// grid per boundary instead.
//
// Each cell carries its iotthreat item as draw.io custom properties (an
// <object> wrapping the mxCell): readable attributes with the id, kind
// and key facts, and an attribute "iotthreat" holding the whole item as
// compact JSON. The page's root cell carries the rest of the model (the
// system, data, tracking, rules, threats and vocabulary). That is what
// makes an import exact: Import rebuilds the model from those attributes,
// not from the shapes, so an exported file imports back as the same model.
//
// Edits made in draw.io are taken where the drawing is the natural place
// for them: a shape moved into another boundary container, or an edge
// reconnected to another element, changes the model, with a note saying
// so. Everything else (names, kinds, facts) comes from the iotthreat
// data; a changed label is noted and not imported. Shapes drawn by hand
// have no iotthreat data and are left out with a note, and a drawing
// without iotthreat data at all is refused: draw.io shapes say too little
// (no protocols, no encryption, no device facts) to make a model from,
// and guessing those would hide findings.
package drawio
