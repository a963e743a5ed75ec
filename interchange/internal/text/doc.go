// Package text turns the free text of other tools' files into what an
// iotthreat model accepts: one-line labels, prose that keeps its line
// breaks, texts cut to a length with an ellipsis, short lists of names
// for notes that count the rest, ids made from names, and unique ids
// handed out in a namespace. The importers of every
// foreign format (OTM, Threagile, Threat Dragon, draw.io, the Microsoft
// Threat Modeling Tool) use it, so a name is cleaned the same way
// whichever tool wrote it. Where a format's importer needs something else
// (tags of its own markup removed, a longer id), that is a parameter,
// never a silent change: import output must not change when code moves
// here.
//
// Every function takes any string, including invalid UTF-8, control and
// bidi characters and megabytes of text, without panicking; the work is
// linear in the length of the input.
package text
