// Package model defines the iotthreat model format (version 1): the system,
// its data assets, trust boundaries, elements and flows, the controls
// declared on them, triage decisions and custom rules. It loads model files
// (following include:), keeps the file:line:column of every value, and
// validates the whole model against a vocab.Vocabulary, reporting every
// problem at once as located diagnostics.
//
// The types here are the contract between the YAML a user writes and every
// other package: the engine reads them, the renderers draw them, the
// JSON Schema is generated from them. docs/model.md documents each field.
package model
