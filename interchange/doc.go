// Package interchange converts between iotthreat models and other
// threat-modeling tools' files, so that teams can bring their existing
// models in and hand iotthreat's model and findings to the platforms their
// company uses.
//
// Each format lives in a subpackage of its own (otm, threagile,
// threatdragon, drawio) and exports one Format value: what the command
// line calls it, and its Import and Export functions. This package holds
// what they share: the Import result (a model plus the notes a person
// reading the converted model needs), the Export input (the model and its
// analysis), and the bounded reading of a source file.
//
// Other tools' files are untrusted input, like models: an importer never
// panics, never loops without bound and reports a malformed file with a
// located diagnostic (file:line:column, the field, what was expected, a
// hint). Package modelyaml writes an Import as a model file a person would
// have written.
package interchange
