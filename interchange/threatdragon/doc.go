// Package threatdragon reads and writes OWASP Threat Dragon version 2
// models (JSON), so that a team can bring its Threat Dragon diagrams into
// iotthreat and hand iotthreat's analysis back to people who review
// threat models in Threat Dragon.
//
// Threat Dragon stores a drawing, not a model: a trust boundary box holds
// whatever shapes sit inside it on the canvas, and a trust boundary curve
// is a line that flows are drawn across. Import therefore computes
// membership and crossing from coordinates (see geometry.go). It reads
// leniently, since Threat Dragon's own demo files break its schema
// (strokeDasharray: null), but refuses what it cannot convert with a
// located error. Export lays the model out with the Graphviz layout of
// iotthreat's diagrams (render.Layout) and writes a file that validates
// against the published v2 schema, carrying the model whole in keys the
// schema allows (lossless.go), so that importing it back is exact while a
// person's edits in Threat Dragon's own fields are still taken
// (restore.go).
package threatdragon
