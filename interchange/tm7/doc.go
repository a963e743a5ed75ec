// Package tm7 imports Microsoft Threat Modeling Tool files (.tm7) into
// iotthreat models.
//
// A .tm7 file is the tool's data contract serialised as XML: diagrams
// ("drawing surfaces") whose Borders hold shapes (processes, external
// interactors, data stores and trust boundary boxes) and whose Lines hold
// data flows and trust boundary lines, the threats the tool generated
// with their triage state, and a copy of the template (the knowledge
// base), which is most of the file and is not read. Membership in a
// boundary box is not written down: it is where the shapes are drawn, so
// it is computed from coordinates (package geom). Import only: iotthreat
// does not write .tm7.
package tm7
