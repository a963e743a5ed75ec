// Package vocab holds the vocabularies that give a model's words their
// meaning: element kinds, trust-boundary kinds, protocols and their security
// options, controls, the ordered scales and enumerations of attribute values,
// and the security standards that controls and rules cite.
//
// They are data, not code: the built-in vocabularies are the YAML files
// embedded from vocab/data, and a model extends them in its `vocabulary:`
// section with entries in the same format (a new protocol such as KNX, an
// in-house control). Extending never redefines: an id that already exists
// is an error, so a model cannot silently change what "https" means.
package vocab
