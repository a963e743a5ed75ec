package drawio

import (
	"github.com/iotthreat/iotthreat/diag"
	"github.com/iotthreat/iotthreat/interchange"
)

// Format is draw.io for the import and export commands.
var Format = interchange.Format{
	Name:       "drawio",
	Title:      "draw.io / diagrams.net diagram, imported only from iotthreat's own exports",
	Extensions: []string{".drawio", ".xml"},
	Import:     importOptions,
	Export:     Export,
}

// importOptions is Import for the import command. Its options are
// ignored: a draw.io file iotthreat wrote carries every item's kind, and
// Import refuses other draw.io files, so there is nothing to map.
func importOptions(file string, data []byte, _ interchange.Options) (*interchange.Import, diag.List) {
	return Import(file, data)
}

// payloadVersion is the version of the iotthreat data stored on the cells
// (attribute iotthreat_format on the root cell). A reader refuses other
// versions rather than misread them.
const payloadVersion = "1"

// Attribute names on the cells' <object> elements.
const (
	attrPayload = "iotthreat"        // the item as compact JSON
	attrKind    = "iotthreat_kind"   // boundary, element, flow, model or decoration
	attrID      = "iotthreat_id"     // the item's id
	attrFormat  = "iotthreat_format" // payloadVersion, on the root cell
	// attrIndex is the item's place in its section of the model. draw.io
	// saves cells in tree order (each container's children after it), so
	// without it a drawing saved from draw.io would import with its items
	// reordered.
	attrIndex = "iotthreat_index"
)

// Values of attrKind.
const (
	kindModel    = "model"
	kindBoundary = "boundary"
	kindElement  = "element"
	kindFlow     = "flow"
)

// Limits on a file to import, beyond interchange.MaxInputBytes. They are
// far above what draw.io itself can edit (a drawing of a few thousand
// cells is already slow in it) and keep a hostile file's cost bounded.
const (
	// MaxXMLElements bounds the XML elements read, in all pages together:
	// a cell takes two to five.
	MaxXMLElements = 200_000
	// MaxXMLDepth bounds element nesting; an mxfile nests nine deep.
	MaxXMLDepth = 32
	// MaxAttributes bounds the attributes of one XML element.
	MaxAttributes = 256
	// MaxInflated bounds the text of compressed pages once inflated, all
	// pages together: the limit of a file to import, so that a small
	// compressed file cannot expand without bound.
	MaxInflated = 64 << 20
	// MaxPages bounds the pages (diagram elements) of a file.
	MaxPages = 100
)
