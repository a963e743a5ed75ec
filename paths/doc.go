// Package paths turns an analysis into attack paths: chains of steps from
// where an attacker stands (the internet, radio range, a unit in hand, the
// local network, a third party, an insider) to what the product must
// protect (secrets, safety-relevant actions, fleet command, updates,
// signing keys).
//
// It adds no threat knowledge of its own. Every step is justified either by
// a finding the rules already reported (open, in progress or accepted; a
// mitigated or false-positive finding justifies nothing) or by a fact the
// model states (a flow from one element to another, an element reachable
// from the internet). A reviewer can therefore check each step against the
// findings list and the YAML it points at. docs/paths.md explains the
// graph, the search and the scoring for users.
package paths
