// Package otm reads and writes the Open Threat Model (OTM), the JSON or
// YAML format with a published JSON Schema that IriusRisk, StartLeft and
// Threat Dragon exchange threat models in.
//
// Import maps trust zones to boundaries, components to elements,
// dataflows to flows, assets to data and each threat reference to a
// hand-written threat with its state in tracking. OTM says nothing of
// protocols, encryption, authentication or device facts and names kinds in
// each tool's own words, so every guess is a note in the model, never a
// silent fact. Export writes the model and its findings (threats,
// controls as mitigations, instances with their tracked state) and also
// each model item whole in an iotthreat:item attribute, so that an
// iotthreat export imports back exactly. docs/interchange.md has the
// field-by-field mapping and the limits.
package otm
