package text

import (
	"regexp"

	"github.com/iotthreat/iotthreat/model"
)

// Label makes a foreign name or title a model label: OneLine, cut to
// model.MaxLabelLength characters with CutTrimmed. It says whether it
// cut, so that the importer can note it.
func Label(s string) (string, bool) { return CutTrimmed(OneLine(s), model.MaxLabelLength) }

// Prose makes a foreign description a model description: Paragraphs
// (with the format's markup removed, nil for none), cut to
// model.MaxProseLength characters with CutTrimmed. It says whether it
// cut.
func Prose(s string, markup *regexp.Regexp) (string, bool) {
	return CutTrimmed(Paragraphs(s, markup), model.MaxProseLength)
}
