package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// pdfGlyphs knows which characters the Go fonts can draw. fpdf indexes its
// width tables by rune and encodes text as UCS-2, so a character outside
// the Basic Multilingual Plane would crash it and one without a glyph
// would print as an empty box; clean replaces both with U+FFFD, which the
// fonts draw as the familiar replacement mark.
type pdfGlyphs struct {
	font  *sfnt.Font
	buf   sfnt.Buffer
	known map[rune]bool
	// missing are the characters clean replaced, and missingOrder the
	// same in the order they first appeared, for missingNote.
	missing      map[rune]bool
	missingOrder []rune
}

var pdfGoRegular struct {
	once sync.Once
	font *sfnt.Font
	err  error
}

// newPDFGlyphs reads the cmap of Go Regular, whose character set Go Bold,
// Go Italic and Go Mono share.
func newPDFGlyphs() (*pdfGlyphs, error) {
	pdfGoRegular.once.Do(func() {
		pdfGoRegular.font, pdfGoRegular.err = sfnt.Parse(goregular.TTF)
	})
	if pdfGoRegular.err != nil {
		return nil, pdfGoRegular.err
	}
	return &pdfGlyphs{font: pdfGoRegular.font, known: map[rune]bool{}, missing: map[rune]bool{}}, nil
}

func (g *pdfGlyphs) has(r rune) bool {
	if r < 0x80 {
		return r >= 0x20 && r < 0x7f
	}
	ok, seen := g.known[r]
	if !seen {
		i, err := g.font.GlyphIndex(&g.buf, r)
		ok = err == nil && i != 0
		g.known[r] = ok
	}
	return ok
}

// clean makes text printable: newlines stay, tabs and other control
// characters become spaces, and characters the fonts lack become U+FFFD.
// Text is composed first (Unicode NFC), so that a letter typed as a base
// letter and a combining accent, as macOS and some editors write "é", is
// drawn with the font's precomposed glyph rather than a replacement mark.
// Invisible joiners, variation selectors and direction marks the fonts
// lack are dropped: they have no glyph of their own to stand in for.
// Every character replaced is remembered for missingNote.
func (p *pdfWriter) clean(s string) string {
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
		case r == '\r':
			continue
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			r = ' '
		case r > 0xffff || !p.glyphs.has(r):
			if pdfInvisible(r) {
				continue
			}
			if r != utf8.RuneError && !p.glyphs.missing[r] {
				p.glyphs.missing[r] = true
				p.glyphs.missingOrder = append(p.glyphs.missingOrder, r)
			}
			r = '\ufffd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pdfInvisible says whether a character has no visible form of its own:
// it only joins, varies or orders the characters around it.
func pdfInvisible(r rune) bool {
	return unicode.In(r, unicode.Variation_Selector, unicode.Join_Control, unicode.Bidi_Control)
}

// meta makes text fit for the document information and the outline,
// which the PDF viewer draws with its own fonts: every character of the
// Basic Multilingual Plane is kept, whether the Go fonts have it or not,
// so that a Japanese system name stays readable in the title bar and the
// outline. Only what fpdf cannot encode there (characters beyond the
// plane, which it writes as UCS-2) becomes U+FFFD, and control
// characters become spaces. The result is one line.
func pdfMeta(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			r = ' '
		case r > 0xffff:
			r = '\ufffd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// missingNote says which characters the fonts could not draw, for a
// warning; "" when there were none.
func (g *pdfGlyphs) missingNote() string {
	rs := g.missingOrder
	if len(rs) == 0 {
		return ""
	}
	var eg []string
	for _, r := range rs[:min(len(rs), 3)] {
		if unicode.Is(unicode.M, r) {
			// A mark on its own would combine with the text around it.
			eg = append(eg, fmt.Sprintf("the combining mark U+%04X", r))
		} else {
			eg = append(eg, fmt.Sprintf("%c U+%04X", r, r))
		}
	}
	what := "1 character"
	if len(rs) > 1 {
		what = strconv.Itoa(len(rs)) + " different characters"
	}
	return fmt.Sprintf("the PDF fonts cannot draw %s of the model (%s), printed as \ufffd; the HTML, CSV and XLSX reports show them as written", what, strings.Join(eg, ", "))
}

// oneLine is clean for text that must stay on one line.
func (p *pdfWriter) oneLine(s string) string {
	return strings.ReplaceAll(p.clean(s), "\n", " ")
}

// fit shortens a one-line text with an ellipsis until it fits width in
// the current font.
func (p *pdfWriter) fit(s string, width float64) string {
	s = p.oneLine(s)
	if p.f.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.f.GetStringWidth(string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]) + "…"
}

// pdfCapList joins at most limit items and says how many more there are, so
// that a table cell about a thousand-element model stays a few lines.
func pdfCapList(items []string, limit int) string {
	if len(items) <= limit {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:limit], ", ") + ", and " + strconv.Itoa(len(items)-limit) + " more"
}
