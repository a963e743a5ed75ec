package pdf

import (
	"encoding/binary"

	"golang.org/x/image/font/sfnt"
)

// pdfHyphenated returns a copy of a Go font whose hyphen-minus is drawn
// with the glyph of its soft hyphen. The Go fonts come from a programming
// font, whose hyphen-minus is a wide minus sign; in report prose, ids and
// dates it reads as a dash ("third–party", "2026–01–15"). Swapping the
// outline keeps the character a plain "-", so text copied or searched in
// the PDF is unchanged. The render package does the same for diagram
// labels by printing soft hyphens. When the font does not have the
// expected layout it is returned unchanged.
func pdfHyphenated(ttf []byte) []byte {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return ttf
	}
	var buf sfnt.Buffer
	minus, err1 := f.GlyphIndex(&buf, '-')
	shy, err2 := f.GlyphIndex(&buf, '\u00ad')
	if err1 != nil || err2 != nil || minus == 0 || shy == 0 {
		return ttf
	}
	out := append([]byte(nil), ttf...)
	tables := pdfTables(out)
	head, loca, glyf, hhea, hmtx := tables["head"], tables["loca"], tables["glyf"], tables["hhea"], tables["hmtx"]
	if head == nil || loca == nil || glyf == nil || hhea == nil || hmtx == nil || len(head) < 54 || len(hhea) < 36 {
		return ttf
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	offset := func(g int) int {
		if long {
			return int(binary.BigEndian.Uint32(loca[4*g:]))
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:]))
	}
	m, s := int(minus), int(shy)
	entries := len(loca) / 2
	if long {
		entries = len(loca) / 4
	}
	if m+1 >= entries || s+1 >= entries {
		return ttf
	}
	dst := glyf[offset(m):offset(m+1)]
	src := glyf[offset(s):offset(s+1)]
	metrics := int(binary.BigEndian.Uint16(hhea[34:]))
	if len(src) == 0 || len(src) > len(dst) || m >= metrics || s >= metrics || 4*metrics > len(hmtx) {
		return ttf
	}
	// The glyph's own header bounds its data: the padding after it is
	// ignored.
	clear(dst[copy(dst, src):])
	copy(hmtx[4*m:4*m+4], hmtx[4*s:4*s+4])
	return out
}

// pdfTables slices a TrueType file into its tables by tag.
func pdfTables(ttf []byte) map[string][]byte {
	out := map[string][]byte{}
	if len(ttf) < 12 {
		return out
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			break
		}
		off := int(binary.BigEndian.Uint32(ttf[rec+8:]))
		size := int(binary.BigEndian.Uint32(ttf[rec+12:]))
		if off+size <= len(ttf) {
			out[string(ttf[rec:rec+4])] = ttf[off : off+size]
		}
	}
	return out
}
