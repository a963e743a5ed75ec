// Package render draws a model as a data-flow diagram: trust boundaries as
// nested clusters labelled with their name and kind, one shape per element
// kind, flows labelled with their protocol and the data they carry,
// boundary-crossing flows without encryption marked in red, and elements
// coloured by their worst open finding, with a legend.
//
// One intermediate diagram (diagram.go) is built from the model, its
// derived facts and an optional findings report; every output format is
// written from it, so DOT, SVG, PNG and Mermaid always show the same thing:
//
//   - DOT (dot.go) is Graphviz's language, the source of the SVG and PNG.
//   - SVG (svg.go) is laid out by Graphviz compiled to WebAssembly
//     (github.com/goccy/go-graphviz), so users install nothing.
//   - PNG (png.go) rasterises that SVG in pure Go: Graphviz's own PNG
//     renderer in go-graphviz draws edges as filled black shapes, and the
//     general-purpose SVG rasterisers tried either skip text (oksvg) or
//     need installed system fonts (tdewolff/canvas). Graphviz's SVG is a
//     small, regular subset of SVG, so svgread.go and svggeom.go read
//     exactly that subset, raster.go and scanner.go paint it (strokes and
//     dashes by github.com/srwiley/rasterx), and fonts.go draws text with
//     the Go fonts (golang.org/x/image/font/gofont), whose widths match
//     the Helvetica metrics Graphviz lays text out with.
//   - Mermaid (mermaid.go) is a flowchart that GitHub renders in Markdown.
//
// Layout choices that keep diagrams readable: each flow's label is a node
// on its line (Graphviz keeps it clear of other labels and draws it over
// other lines); flows are laid out in the direction people → clients →
// devices → gateways → services → stores and third parties; the diagram
// runs top to bottom unless one of those layers is too broad, then left
// to right; identical flows between two elements share one line; beyond
// MaxLabelledFlows lines, flows are unlabelled (tooltips keep the details).
//
// Output is deterministic: the same model and report give byte-identical
// output. Elements, boundaries and flows keep the model's order (the order
// the author wrote steers the layout); findings are reduced per element
// independently of their order.
package render
