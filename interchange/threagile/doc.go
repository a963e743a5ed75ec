// Package threagile imports Threagile YAML models (Threagile 1.x, as in
// its demo/example model) into iotthreat models.
//
// Threagile describes enterprise IT: technical assets with a technology,
// communication links listed under their source asset, trust boundaries
// nested by id, shared runtimes, and its own risk rules with triage
// decisions keyed by risk id. The importer maps what has a counterpart
// (assets to elements by technology, links to flows with protocol,
// encryption and authentication, boundaries to boundary kinds, custom risk
// categories to threats written by hand, decisions on those to tracking)
// and keeps the rest as notes, since a person must review what has no
// place in the model. Threagile has no radio, firmware or physical facts:
// the import says so instead of letting iotthreat's silence read as safe.
//
// The file is read leniently (unknown keys are ignored, since Threagile
// files carry many) but every value of the wrong shape, dangling id and
// nesting cycle is an error located at the value. The mapping tables are
// in mapping.go; docs/interchange.md documents them.
package threagile
