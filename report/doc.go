// Package report writes analysis results for people and machines: JSON
// (the findings contract), a terminal table, and Markdown for pull
// requests. Every writer is deterministic: the same report gives the same
// bytes.
package report
