package report

import (
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
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
	return &pdfGlyphs{font: pdfGoRegular.font, known: map[rune]bool{}}, nil
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
			r = '\ufffd'
		}
		b.WriteRune(r)
	}
	return b.String()
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
