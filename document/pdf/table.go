package pdf

// pdfColumn is a table column: its title and its share of the text width.
type pdfColumn struct {
	title string
	share float64
	right bool // numbers
}

// pdfCell is one table cell.
type pdfCell struct {
	text     string
	style    *pdfStyle // nil: pdfStyleSmall
	indent   float64   // millimetres, for child rows
	severity string    // draws a severity swatch before the text
	color    *pdfRGB   // overrides the style's colour
	link     int       // internal link to a finding
}

// pdfTable draws rows whose cells wrap, repeating the header row after a
// page break.
type pdfTable struct {
	p      *pdfWriter
	cols   []pdfColumn
	widths []float64
}

const (
	pdfCellPad      = 1.2 // millimetres around a cell's text
	pdfMaxCellLines = 24  // a taller cell is cut short with an ellipsis
)

func (p *pdfWriter) table(cols ...pdfColumn) *pdfTable {
	t := &pdfTable{p: p, cols: cols}
	total := 0.0
	for _, c := range cols {
		total += c.share
	}
	for _, c := range cols {
		t.widths = append(t.widths, p.innerWidth()*c.share/total)
	}
	return t
}

// start draws the header row, on a new page unless the header and a row
// fit here.
func (t *pdfTable) start() {
	t.p.need(18)
	t.header()
}

func (t *pdfTable) header() {
	p := t.p
	if p.measuring {
		p.my += pdfStyleLabel.lineH + 2*pdfCellPad
		return
	}
	h := pdfStyleLabel.lineH + 2*pdfCellPad
	y := p.f.GetY()
	p.fillColor(pdfColorStripe)
	p.f.Rect(pdfMarginLeft, y, p.innerWidth(), h, "F")
	p.use(pdfStyleLabel)
	x := pdfMarginLeft
	for i, c := range t.cols {
		align := "L"
		if c.right {
			align = "R"
		}
		p.f.SetXY(x+pdfCellPad, y+pdfCellPad)
		p.f.CellFormat(t.widths[i]-2*pdfCellPad, pdfStyleLabel.lineH, p.fit(c.title, t.widths[i]-2*pdfCellPad), "", 0, align, false, 0, "")
		x += t.widths[i]
	}
	p.f.SetY(y + h)
}

// row draws one row; its height is that of its tallest cell.
func (t *pdfTable) row(cells ...pdfCell) {
	p := t.p
	lines := make([][]string, len(cells))
	height := 0.0
	for i, c := range cells {
		st := c.styleOr()
		p.use(st)
		w := t.textWidth(i, c)
		ls := p.f.SplitText(p.clean(c.text), w)
		if len(ls) > pdfMaxCellLines {
			ls = append(ls[:pdfMaxCellLines-1], p.fit(ls[pdfMaxCellLines-1]+"…", w))
		}
		lines[i] = ls
		height = max(height, float64(max(len(ls), 1))*st.lineH)
	}
	height += 2 * pdfCellPad
	if p.measuring {
		p.my += height
		return
	}
	if p.need(height) {
		t.header()
	}
	y := p.f.GetY()
	x := pdfMarginLeft
	for i, c := range cells {
		st := c.styleOr()
		if c.color != nil {
			st.color = *c.color
		}
		tx := x + pdfCellPad + c.indent
		if c.severity != "" {
			p.swatch(tx, y+pdfCellPad+(st.lineH-2.6)/2, 2.6, c.severity)
			tx += 4
		}
		p.use(st)
		align := "L"
		if t.cols[i].right {
			align = "R"
		}
		for j, line := range lines[i] {
			p.f.SetXY(tx, y+pdfCellPad+float64(j)*st.lineH)
			p.f.CellFormat(t.textWidth(i, c), st.lineH, line, "", 0, align, false, c.link, "")
		}
		x += t.widths[i]
	}
	p.f.SetY(y + height)
	p.hline(pdfColorStripe)
}

// textWidth is the width cell i leaves for its text.
func (t *pdfTable) textWidth(i int, c pdfCell) float64 {
	w := t.widths[i] - 2*pdfCellPad - c.indent
	if c.severity != "" {
		w -= 4
	}
	return max(w, 5)
}

func (c pdfCell) styleOr() pdfStyle {
	if c.style != nil {
		return *c.style
	}
	return pdfStyleSmall
}
