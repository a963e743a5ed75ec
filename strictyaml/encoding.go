package strictyaml

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/iotthreat/iotthreat/diag"
)

// checkEncoding refuses, before parsing, input that is not UTF-8 text as
// YAML allows it, and says where and why: the YAML parser reports these
// at line 1, column 1 as a syntax error with an indentation hint, or, for
// UTF-16 with a byte order mark, reads the file but leaves every position
// and every other check (depth, splitting) measuring bytes of another
// encoding. It returns nil when data is fine.
//
// Refused: a UTF-16 or UTF-32 byte order mark; bytes that are not UTF-8;
// the characters YAML excludes from a stream (NUL and the other C0
// controls except tab, line feed and carriage return, DEL, the C1
// controls except U+0085, U+FFFE and U+FFFF). A UTF-8 byte order mark is
// accepted, as YAML allows.
func checkEncoding(file string, data []byte) diag.List {
	if d, ok := checkBOM(file, data); ok {
		return diag.List{d}
	}
	at, r, size := firstBadChar(data)
	if at < 0 {
		return nil
	}
	line, col := lineColumn(data, at)
	pos := diag.Pos{File: file, Line: line, Column: col}
	var diags diag.List
	switch {
	case r == utf8.RuneError && size == 1:
		diags.Add(pos, "", "save the file as UTF-8 (it may be in Latin-1 or Windows-1252)",
			"encoding problem: invalid UTF-8 byte 0x%02x; a model file must be UTF-8 text", data[at])
	case r == 0 && utf16Guess(data) != "":
		diags.Add(pos, "", "save it as UTF-8",
			"encoding problem: the file looks like %s without a byte order mark (it has NUL bytes between its characters)", utf16Guess(data))
	case r == 0:
		diags.Add(pos, "", "remove it; a model file holds text only (is this a binary file?)",
			"encoding problem: NUL character (byte 0x00)")
	default:
		diags.Add(pos, "", fmt.Sprintf("remove it; inside a double-quoted string it can be written as the escape \"\\u%04X\"", r),
			"encoding problem: control character U+%04X is not allowed in a YAML file", r)
	}
	return diags
}

// boms are the byte order marks of the encodings YAML readers may meet
// besides UTF-8, longest first: the UTF-32LE mark begins with UTF-16LE's.
var boms = []struct {
	mark     []byte
	encoding string
}{
	{[]byte{0xFF, 0xFE, 0x00, 0x00}, "UTF-32"},
	{[]byte{0x00, 0x00, 0xFE, 0xFF}, "UTF-32"},
	{[]byte{0xFF, 0xFE}, "UTF-16"},
	{[]byte{0xFE, 0xFF}, "UTF-16"},
}

func checkBOM(file string, data []byte) (diag.Diagnostic, bool) {
	for _, b := range boms {
		if bytes.HasPrefix(data, b.mark) {
			return diag.At(diag.Pos{File: file, Line: 1, Column: 1}, "",
				fmt.Sprintf("it starts with the %s byte order mark % X; in most editors, choose Save As and the encoding UTF-8", b.encoding, b.mark),
				"encoding problem: the file is %s; save it as UTF-8", b.encoding), true
		}
	}
	return diag.Diagnostic{}, false
}

// utf16Guess recognises UTF-16 without a byte order mark from its first
// characters: ASCII text in UTF-16 has a NUL byte beside every character.
func utf16Guess(data []byte) string {
	if len(data) < 4 {
		return ""
	}
	switch {
	case data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return "UTF-16 (little-endian)"
	case data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return "UTF-16 (big-endian)"
	}
	return ""
}

// firstBadChar returns the byte offset of the first character YAML does
// not allow (or of the first byte that is not UTF-8), the character
// (utf8.RuneError with size 1 for a bad byte) and its size; at is -1 when
// every character is allowed. Text is mostly ASCII: the loop decodes only
// the bytes above it.
func firstBadChar(data []byte) (at int, r rune, size int) {
	for i := 0; i < len(data); {
		b := data[i]
		if b < utf8.RuneSelf {
			if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F {
				return i, rune(b), 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return i, r, 1
		case r >= 0x80 && r <= 0x9F && r != 0x85, r == 0xFFFE, r == 0xFFFF:
			return i, r, size
		}
		i += size
	}
	return -1, 0, 0
}

// lineColumn converts a byte offset into the line and column the YAML
// parser would report there: lines end at \n, \r\n, a lone \r, U+0085,
// U+2028 or U+2029, columns count characters (a byte that is not UTF-8
// counts as one), and a leading UTF-8 byte order mark is not counted.
func lineColumn(data []byte, at int) (line, col int) {
	line, col = 1, 1
	i := 0
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		i = 3
	}
	for i < at {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == '\r' && i+1 < len(data) && data[i+1] == '\n' && i+1 < at:
			size = 2
			fallthrough
		case r == '\n', r == '\r', r == 0x85, r == 0x2028, r == 0x2029:
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return line, col
}
