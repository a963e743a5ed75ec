// Package position locates the problems an importer finds in a file: the
// line and column of a byte offset, from an index of the file's line
// breaks built once, and a list of problems that stops growing at a
// bound. Both exist because a hostile file can hold a problem on every
// one of a hundred thousand cells: finding each one's line by counting
// from the start of the file, or listing every one, made such a file cost
// seconds to minutes and pages of output.
package position

import (
	"bytes"
	"sort"

	"github.com/iotthreat/iotthreat/diag"
)

// Index turns byte offsets of one file into positions. Its index of line
// breaks is built on the first call to At (one pass over the file), so a
// file without problems costs nothing; each position then costs a binary
// search. The zero value is not ready: use New.
type Index struct {
	file   string
	data   []byte
	breaks []int // offsets of the '\n' bytes, in order
	built  bool
}

// New returns an Index of data, the contents of file.
func New(file string, data []byte) *Index { return &Index{file: file, data: data} }

// File is the name of the file the index is of, for a problem about
// the whole file.
func (x *Index) File() string { return x.file }

// At returns the position of the byte at off: line and column from 1,
// the column counting bytes from the start of the line (as the JSON and
// XML decoders count offsets). An offset outside the file is moved to
// its nearest end.
func (x *Index) At(off int64) diag.Pos {
	if !x.built {
		x.breaks = lineBreaks(x.data)
		x.built = true
	}
	o := int(max(0, min(off, int64(len(x.data)))))
	// k line breaks come before o: o is on line k+1, which starts just
	// past the k-th break (or at 0).
	k := sort.SearchInts(x.breaks, o)
	start := 0
	if k > 0 {
		start = x.breaks[k-1] + 1
	}
	return diag.Pos{File: x.file, Line: k + 1, Column: o - start + 1}
}

// lineBreaks lists the offsets of the '\n' bytes of data.
func lineBreaks(data []byte) []int {
	var out []int
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + 1
	}
}
