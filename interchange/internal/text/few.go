package text

import (
	"fmt"
	"strconv"
	"strings"
)

// ShortWidth bounds a name quoted in a note that lists several: enough to
// tell names apart, short enough that a note listing ten stays a few
// lines.
const ShortWidth = 64

// MaxListed bounds the names one note lists; the rest are counted.
const MaxListed = 10

// Short makes a foreign name fit a list in a note: one line, cut to
// ShortWidth characters.
func Short(s string) string {
	out, _ := CutTrimmed(OneLine(s), ShortWidth)
	return out
}

// Few joins the items a note lists with commas, and adds "and N more"
// when there are total of them, more than were given. The importers fold
// thousands of like notes (a flow crossing every curve, a cell of every
// unknown shape) into one that names a few and counts the rest, so that
// a note's length does not grow with the file.
func Few(items []string, total int) string {
	s := strings.Join(items, ", ")
	if more := total - len(items); more > 0 {
		if s == "" {
			return fmt.Sprintf("%d", more)
		}
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// FewQuoted is Few of items each cut to a label and quoted: `"a", "b"
// and 7 more`.
func FewQuoted(items []string, total int) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		s, _ = Label(s)
		quoted[i] = strconv.Quote(s)
	}
	return Few(quoted, total)
}
