package threatdragon

import (
	"encoding/json"

	"github.com/iotthreat/iotthreat/interchange"
)

// Format is Threat Dragon v2 JSON for the import and export commands.
var Format = interchange.Format{
	Name:       "threatdragon",
	Title:      "OWASP Threat Dragon v2 JSON",
	Extensions: []string{".json"},
	Import:     ImportWith,
	Export:     Export,
}

// Limits on an imported file, beyond interchange.MaxInputBytes. Threat
// Dragon's demo models have under 50 cells and a few vertices per line;
// the bounds are far above any drawing a person edits, and keep the
// geometry (every shape against every box, every flow segment against
// every boundary curve segment) to well under a second.
const (
	// MaxCells bounds the cells of all diagrams together.
	MaxCells = 100_000
	// MaxBoundaryCells bounds the trust boundary boxes and curves of all
	// diagrams together: membership tests every shape against every box.
	MaxBoundaryCells = 1_000
	// MaxVertices bounds the vertices of one line (a flow or a curve).
	MaxVertices = 1_000
	// MaxCrossingWork bounds the segment pairs compared to find which
	// flows cross which boundary curves; past it the crossings are left
	// out with a note instead of computed.
	MaxCrossingWork = 20_000_000
	// MaxCrossingNames bounds the curve names the crossing notes of a
	// file list, all flows together; past it a flow's note counts the
	// curves it crosses without naming them. A flow crossing every one of
	// a thousand curves names ten of them (text.MaxListed) either way;
	// this keeps five thousand such flows from writing 50,000 names.
	MaxCrossingNames = 10_000
)

// document is the part of a Threat Dragon v2 file that import reads. Only
// the fields used are declared, so that a type error elsewhere (a number
// where the schema wants a string, a null stroke) does not stop import.
type document struct {
	Version *string  `json:"version"`
	Summary *summary `json:"summary"`
	Detail  *detail  `json:"detail"`
}

type summary struct {
	Title       *string `json:"title"`
	Owner       string  `json:"owner"`
	Description string  `json:"description"`
	// Item is the part of the model no cell carries, as Export wrote it
	// (see lossless.go).
	Item json.RawMessage `json:"iotthreat"`
}

type detail struct {
	Diagrams *[]diagram `json:"diagrams"`
}

type diagram struct {
	Title       string `json:"title"`
	DiagramType string `json:"diagramType"`
	Cells       []cell `json:"cells"`
}

type cell struct {
	ID       string          `json:"id"`
	Shape    string          `json:"shape"`
	Position *point          `json:"position"`
	Size     *size           `json:"size"`
	Attrs    json.RawMessage `json:"attrs"`
	Labels   json.RawMessage `json:"labels"`
	Data     *cellData       `json:"data"`
	Source   *end            `json:"source"`
	Target   *end            `json:"target"`
	Vertices []point         `json:"vertices"`
}

type point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

type size struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// end is one end of a line: a cell it is attached to, or a free point.
type end struct {
	Cell string   `json:"cell"`
	X    *float64 `json:"x"`
	Y    *float64 `json:"y"`
}

type cellData struct {
	Type             string   `json:"type"`
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	OutOfScope       bool     `json:"outOfScope"`
	ReasonOutOfScope string   `json:"reasonOutOfScope"`
	Protocol         string   `json:"protocol"`
	IsEncrypted      bool     `json:"isEncrypted"`
	IsPublicNetwork  bool     `json:"isPublicNetwork"`
	IsBidirectional  bool     `json:"isBidirectional"`
	Threats          []threat `json:"threats"`
	// Written by Export so that a file iotthreat wrote imports back
	// exactly; Threat Dragon keeps unknown data keys.
	IotthreatID   string `json:"iotthreatId"`
	IotthreatKind string `json:"iotthreatKind"`
	// IotthreatEncryption is a flow's encryption, which isEncrypted
	// cannot say exactly.
	IotthreatEncryption string `json:"iotthreatEncryption"`
	// Item is the element, flow or boundary whole (see lossless.go).
	Item json.RawMessage `json:"iotthreat"`
	// Index is a box's boundary's place in the model's list.
	Index *int `json:"iotthreatIndex"`
}

type threat struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Status      string          `json:"status"`
	Severity    string          `json:"severity"`
	Type        string          `json:"type"`
	ModelType   string          `json:"modelType"`
	Description string          `json:"description"`
	Mitigation  string          `json:"mitigation"`
	Score       json.RawMessage `json:"score"`
	// Finding is the iotthreat finding id Export wrote the threat for.
	Finding string `json:"iotthreatFinding"`
	// FindingStatus is the finding's status when it was exported, so
	// that import tells a status changed in Threat Dragon from one that
	// only reads differently (accepted and false-positive are both
	// NotApplicable).
	FindingStatus string `json:"iotthreatStatus"`
}
