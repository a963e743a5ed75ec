package pdf

import (
	"strconv"

	"github.com/iotthreat/iotthreat/engine"
	"github.com/iotthreat/iotthreat/render"
)

// Page geometry in millimetres (A4).
const (
	pdfMarginLeft   = 18.0
	pdfMarginRight  = 18.0
	pdfMarginTop    = 20.0
	pdfMarginBottom = 18.0
)

// pdfRGB is a colour as fpdf takes it.
type pdfRGB struct{ r, g, b int }

// pdfHex reads "#rrggbb"; the colours are constants, so a malformed one is a
// programmer error and reads as black.
func pdfHex(s string) pdfRGB {
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil || len(s) != 7 {
		return pdfRGB{}
	}
	return pdfRGB{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}
}

var (
	pdfColorText   = pdfHex("#212121")
	pdfColorTitle  = pdfHex("#1a237e")
	pdfColorMuted  = pdfHex("#616161")
	pdfColorRule   = pdfHex("#bdbdbd")
	pdfColorStripe = pdfHex("#f3f4f8")
	pdfColorBar    = pdfHex("#5c6bc0")
	pdfColorGood   = pdfHex("#2e7d32")
	pdfColorWhite  = pdfHex("#ffffff")
)

// pdfSeverityColors are the fills and borders the diagram legend uses for
// each severity (render/style.go, palettes), so that a pdfBar, a badge and a
// diagram element of the same severity share a colour.
var pdfSeverityColors = func() map[string]struct{ fill, border pdfRGB } {
	out := map[string]struct{ fill, border pdfRGB }{}
	for _, sev := range engine.Levels {
		fill, border, _ := render.SeverityColors(sev)
		out[sev] = struct{ fill, border pdfRGB }{pdfHex(fill), pdfHex(border)}
	}
	return out
}()

// pdfStyle is a font with its line height and colour.
type pdfStyle struct {
	family, style string
	size          float64 // points
	lineH         float64 // millimetres
	color         pdfRGB
}

var (
	pdfStyleH1     = pdfStyle{pdfSans, "B", 18, 9, pdfColorTitle}
	pdfStyleH2     = pdfStyle{pdfSans, "B", 13, 6.5, pdfColorTitle}
	pdfStyleH3     = pdfStyle{pdfSans, "B", 10.5, 5.2, pdfColorText}
	pdfStyleBody   = pdfStyle{pdfSans, "", 9.5, 4.6, pdfColorText}
	pdfStyleSmall  = pdfStyle{pdfSans, "", 8.5, 4, pdfColorText}
	pdfStyleBold   = pdfStyle{pdfSans, "B", 8.5, 4, pdfColorText}
	pdfStyleNote   = pdfStyle{pdfSans, "I", 8.5, 4, pdfColorMuted}
	pdfStyleLabel  = pdfStyle{pdfSans, "B", 8, 4, pdfColorMuted}
	pdfStyleMono   = pdfStyle{pdfMono, "", 8, 4, pdfColorText}
	pdfStyleMonoID = pdfStyle{pdfMono, "", 9, 4.6, pdfColorTitle}
)

func (p *pdfWriter) font(family, style string, size float64) { p.f.SetFont(family, style, size) }
func (p *pdfWriter) textColor(c pdfRGB)                      { p.f.SetTextColor(c.r, c.g, c.b) }
func (p *pdfWriter) drawColor(c pdfRGB)                      { p.f.SetDrawColor(c.r, c.g, c.b) }
func (p *pdfWriter) fillColor(c pdfRGB)                      { p.f.SetFillColor(c.r, c.g, c.b) }

func (p *pdfWriter) use(st pdfStyle) {
	p.font(st.family, st.style, st.size)
	if !p.measuring {
		p.textColor(st.color)
	}
}

// innerWidth is the width between the margins of the current page.
func (p *pdfWriter) innerWidth() float64 {
	w, _ := p.f.GetPageSize()
	return w - pdfMarginLeft - pdfMarginRight
}

// bottom is the lowest y text may reach on the current page.
func (p *pdfWriter) bottom() float64 {
	_, h := p.f.GetPageSize()
	return h - pdfMarginBottom
}

// gap adds vertical space.
func (p *pdfWriter) gap(h float64) {
	if p.measuring {
		p.my += h
		return
	}
	p.f.SetY(p.f.GetY() + h)
}

// need starts a new page unless h millimetres fit below the current
// position, and says whether it did.
func (p *pdfWriter) need(h float64) bool {
	if p.measuring || p.f.GetY()+h <= p.bottom() {
		return false
	}
	p.f.AddPage()
	return true
}

// room is the height left on the current page.
func (p *pdfWriter) room() float64 { return p.bottom() - p.f.GetY() }

// pageRoom is the height a fresh portrait page offers.
func (p *pdfWriter) pageRoom() float64 {
	_, h := p.f.GetPageSize()
	return h - pdfMarginBottom - pdfMarginTop
}

// keep draws a block on one page when it can: on this page if it fits,
// else on a fresh one; a block taller than a page starts here (after at
// least its first lines) and flows on.
func (p *pdfWriter) keep(minLead float64, block func()) {
	p.measuring, p.my = true, 0
	block()
	p.measuring = false
	h := p.my
	switch {
	case h <= p.room():
	case h <= p.pageRoom():
		p.f.AddPage()
	default:
		p.need(minLead)
	}
	block()
}

// text wraps s to width w and draws it at x, line by line, breaking pages
// between lines. link, when not zero, makes every line a link.
func (p *pdfWriter) text(x, w float64, st pdfStyle, s string) {
	p.textLink(x, w, st, s, 0)
}

func (p *pdfWriter) textLink(x, w float64, st pdfStyle, s string, link int) {
	p.use(st)
	p.lines(x, w, st, p.f.SplitText(p.clean(s), w), link)
}

func (p *pdfWriter) lines(x, w float64, st pdfStyle, lines []string, link int) {
	if p.measuring {
		p.my += float64(len(lines)) * st.lineH
		return
	}
	for _, line := range lines {
		p.need(st.lineH)
		y := p.f.GetY()
		p.f.SetXY(x, y)
		p.f.CellFormat(w, st.lineH, line, "", 0, "L", false, link, "")
		p.f.SetY(y + st.lineH)
	}
}

// bullet draws a bulleted paragraph.
func (p *pdfWriter) bullet(x, w float64, st pdfStyle, s string) {
	if !p.measuring {
		p.need(st.lineH)
		p.use(st)
		p.f.SetXY(x, p.f.GetY())
		p.f.CellFormat(4, st.lineH, "•", "", 0, "L", false, 0, "")
	}
	p.text(x+4, w-4, st, s)
}

// labelled draws "label  value" with the value wrapped beside the label.
func (p *pdfWriter) labelled(x, w, labelW float64, label string, st pdfStyle, value string) {
	if !p.measuring {
		p.need(st.lineH)
		p.use(pdfStyleLabel)
		p.f.SetXY(x, p.f.GetY())
		p.f.CellFormat(labelW, st.lineH, p.fit(label, labelW-1), "", 0, "L", false, 0, "")
	}
	p.text(x+labelW, w-labelW, st, value)
}

// hline draws a thin rule across the text width at the current position.
func (p *pdfWriter) hline(c pdfRGB) {
	if p.measuring {
		return
	}
	p.drawColor(c)
	p.f.SetLineWidth(0.2)
	y := p.f.GetY()
	p.f.Line(pdfMarginLeft, y, pdfMarginLeft+p.innerWidth(), y)
}

// heading draws a chapter subheading kept with the start of what follows.
func (p *pdfWriter) heading(st pdfStyle, s string, keepWith float64) {
	p.headingMark(st, s, keepWith, -1)
}

// swatch draws a small square of a severity's colours.
func (p *pdfWriter) swatch(x, y, size float64, severity string) {
	c, ok := pdfSeverityColors[severity]
	if !ok || p.measuring {
		return
	}
	p.fillColor(c.fill)
	p.drawColor(c.border)
	p.f.SetLineWidth(0.3)
	p.f.Rect(x, y, size, size, "FD")
}
